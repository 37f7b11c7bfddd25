/**
 * The Azure services' tables. They share Azure's HTTP conventions (the Azure REST API guidelines,
 * https://github.com/microsoft/api-guidelines/blob/vNext/azure/Guidelines.md, which ARM resource
 * providers and the data planes follow) and differ in their 4xx: what a 409 means, which codes are
 * worth a retry.
 */
import type { Row } from './rows.js';

/** Refusals that a retry cannot change. */
const AZURE_REFUSALS: readonly Row[] = [
  { status: 400, code: 'INVALID_INPUT', reason: 'the request is invalid (InvalidParameter, ...)' },
  { status: 401, code: 'UNAUTHORIZED', reason: 'the token was refused' },
  { status: 403, code: 'FORBIDDEN', reason: 'the identity lacks a role (AuthorizationFailed)' },
  { status: 404, code: 'NOT_FOUND', reason: 'the resource or its parent does not exist' },
  { status: 422, code: 'INVALID_INPUT', reason: 'the request is well-formed but not acceptable' },
];

/** Failures that a later call can get past. */
const AZURE_RETRYABLE: readonly Row[] = [
  { status: 408, code: 'TRANSIENT', reason: 'the service timed out reading the request' },
  {
    // Decided here for ARM and Table storage alike: a failed If-Match / If-None-Match (the
    // guidelines' conditional requests) means the resource changed, or appeared, since it was
    // read. Repeating the request cannot succeed, but the activity's retry reads the resource
    // again and decides from what it finds (AKS pool create-only PUT: the retry sees the pool and
    // answers POOL_EXISTS or POOL_CONFLICT). Call sites that can do better (the plan pointer swap
    // in storage/plan-rows.ts) catch their 412 before it gets here.
    status: 412,
    code: 'TRANSIENT',
    reason: 'an ETag precondition failed: the retry reads the resource again',
  },
  {
    // https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling
    status: 429,
    code: 'TRANSIENT',
    reason: 'throttled (Retry-After says for how long)',
  },
  { status: [500, 599], code: 'TRANSIENT', reason: 'the service failed or is unavailable' },
];

/** ARM's 409s: "busy, try later" codes first, then a real conflict, whose code the caller picks. */
const ARM_CONFLICTS: readonly Row[] = [
  {
    // AKS refuses a second operation while one runs on the cluster or pool: "Another operation
    // is in progress" (https://aka.ms/aks-pending-operation; seen in Azure/azure-workload-identity
    // #417 and retried in Azure/telescope#1213). The other three codes are kept from the earlier
    // mapper. A later row may make a case permanent by its message (a quota, say) ahead of this.
    status: 409,
    serviceCodes: [
      'AnotherOperationInProgress',
      'OperationNotAllowed',
      'OperationPreempted',
      'EtagMismatch',
    ],
    code: 'TRANSIENT',
    reason: 'the resource is busy with another operation',
  },
  {
    status: 409,
    code: 'POOL_CONFLICT',
    callerChooses: 'conflictCode',
    reason: 'the request conflicts with the resource as it is',
  },
];

/** ARM resource providers: AKS (managed clusters, agent pools) and managed identities. */
export const ARM_ROWS: readonly Row[] = [...AZURE_REFUSALS, ...ARM_CONFLICTS, ...AZURE_RETRYABLE];

/** Compute (VM scale sets): winshift only reads them and patches their identities. */
export const COMPUTE_ROWS: readonly Row[] = [
  ...AZURE_REFUSALS,
  {
    // A scale set answers 409 while another operation on it runs (the pool scaling, AKS
    // reconciling it); the PATCH is tried again later. This used to be the call site's
    // `conflictCode: 'TRANSIENT'`.
    status: 409,
    code: 'TRANSIENT',
    reason: 'the scale set is busy with another operation',
  },
  ...AZURE_RETRYABLE,
];

/** Key Vault: its management plane is an ARM resource provider, its data plane follows suit. */
export const KEY_VAULT_ROWS: readonly Row[] = ARM_ROWS;

/** Authorization (role assignments). A 409 RoleAssignmentExists is handled by its caller. */
export const AUTHORIZATION_ROWS: readonly Row[] = [
  {
    // A principal created moments ago (a scale set identity just turned on) has not replicated
    // yet: ARM answers 400 PrincipalNotFound and a later try succeeds (Azure/azure-sdk-for-net
    // #1652 shows the 400; Azure/AgentBaker#8251 and Azure/ResourceModules#981 the delay).
    status: 400,
    serviceCodes: ['PrincipalNotFound'],
    code: 'TRANSIENT',
    reason: 'the principal has not replicated yet',
  },
  ...ARM_ROWS,
];

/**
 * Azure Table storage (https://learn.microsoft.com/rest/api/storageservices/table-service-error-codes
 * and .../common-rest-api-error-codes: ServerBusy 503, OperationTimedOut 500, ConditionNotMet and
 * UpdateConditionNotSatisfied 412).
 */
export const STORAGE_ROWS: readonly Row[] = [
  ...AZURE_REFUSALS,
  {
    status: 409,
    serviceCodes: ['TableBeingDeleted'],
    code: 'TRANSIENT',
    reason: 'the table is being deleted; it can be created again afterwards',
  },
  {
    // EntityAlreadyExists / TableAlreadyExists: the call sites that create catch their 409
    // themselves, so one reaching here is winshift's mistake, not a pool conflict (what the
    // ARM mapping used to call it).
    status: 409,
    code: 'INTERNAL',
    reason: 'an entity or table that already exists',
  },
  ...AZURE_RETRYABLE,
];

/**
 * Event Grid's data plane (publishing to a topic, https://learn.microsoft.com/azure/event-grid/
 * troubleshoot-errors): 400 a malformed batch, 401 a token it refused, 403 no "EventGrid Data
 * Sender" role, 404 no such topic, 413 a batch over 1 MB; 429 and 5xx are worth another try. No
 * 409 or 412: publishing has no conditions.
 */
export const EVENT_GRID_ROWS: readonly Row[] = [
  ...AZURE_REFUSALS,
  { status: 413, code: 'INVALID_INPUT', reason: 'the batch is over the 1 MB limit' },
  ...AZURE_RETRYABLE.filter((row) => row.status !== 412),
];
