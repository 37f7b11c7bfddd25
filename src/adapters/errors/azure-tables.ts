/**
 * The Azure services' tables. They share Azure's HTTP conventions (the Azure REST API guidelines,
 * https://github.com/microsoft/api-guidelines/blob/vNext/azure/Guidelines.md, which ARM resource
 * providers and the data planes follow) and differ in their 4xx: what a 409 means, which codes are
 * worth a retry.
 */
import { QUOTA_CODES, QUOTA_MESSAGE } from '../../domain/azure-errors.js';
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

/**
 * Quota refusals (domain/azure-errors.ts has their sources): never retried, whatever the status
 * they come with. Compute answers 409 OperationNotAllowed with the quota in its message; AKS
 * answers 400 with a QuotaExceeded code, or with the quota in a detail (the message then carries it,
 * arm-rest.ts). Ahead of the busy 409s, which share OperationNotAllowed.
 */
const AZURE_QUOTA: readonly Row[] = [400, 409].flatMap((status): Row[] => [
  {
    status,
    serviceCodes: QUOTA_CODES,
    code: 'QUOTA_EXCEEDED',
    reason: 'a quota would be exceeded: a person must raise it',
  },
  {
    status,
    message: QUOTA_MESSAGE,
    code: 'QUOTA_EXCEEDED',
    reason: 'the message says a quota would be exceeded',
  },
]);

/** ARM's 409s: "busy, try later" codes first, then a real conflict, whose code the caller picks. */
const ARM_CONFLICTS: readonly Row[] = [
  {
    // Busy by code: AnotherOperationInProgress (ARM resource providers' "another operation on this
    // or a dependent resource is in progress"), OperationPreempted (a newer operation took over).
    status: 409,
    serviceCodes: ['AnotherOperationInProgress', 'OperationPreempted'],
    code: 'CLUSTER_OPERATION_IN_PROGRESS',
    reason: 'the resource is busy with another operation',
  },
  {
    // AKS refuses a write while an operation runs on the cluster or one of its pools, routinely
    // (add-ons, the autoscaler, an upgrade): 409 OperationNotAllowed "Operation is not allowed:
    // Another agentpool operation (nodepool1 - Creating) is in progress, please wait for it to
    // finish..." (cilium/cilium#25944), "...Another operation (nodepool1 - Updating) is in
    // progress..." (Azure/azure-workload-identity#417), "...because there's an in progress update
    // managed cluster operation..." (Azure/azure-cli-extensions#9855); retried by
    // Azure/telescope#1213. Retried for a bounded time (workflow/calls.ts). OperationNotAllowed
    // saying anything else (a stopped cluster, the last system pool) is not busy: the row below.
    status: 409,
    serviceCodes: ['OperationNotAllowed'],
    message: /\bin progress\b/i,
    code: 'CLUSTER_OPERATION_IN_PROGRESS',
    reason: 'AKS is busy with another operation on the cluster or a pool',
  },
  {
    status: 409,
    serviceCodes: ['EtagMismatch'],
    code: 'TRANSIENT',
    reason: 'the resource changed since it was read: the retry reads it again',
  },
  {
    status: 409,
    code: 'POOL_CONFLICT',
    callerChooses: 'conflictCode',
    reason: 'the request conflicts with the resource as it is',
  },
];

/**
 * AKS refusing a new pool it has no room or version for, at the PUT (400): what the plan's preflight
 * blocks on first, met when capacity went between plan and create. Codes as AKS answers them in
 * Terraform logs quoted in public repositories: ErrCode_InsufficientVCPUQuota ("left regional vcpu
 * quota 6, requested quota 8"), InsufficientSubnetSize ("Pre-allocated IPs 327 exceeds IPs available
 * 250 in Subnet Cidr ..."; the AKS FAQ's insufficientSubnetSize entry), AgentPoolK8sVersionNotSupported
 * ("Version 1.18.14 is not supported in this region").
 */
const AKS_POOL_REFUSALS: readonly Row[] = [
  {
    status: 400,
    serviceCodes: ['ErrCode_InsufficientVCPUQuota'],
    code: 'VCPU_QUOTA_EXCEEDED',
    reason: "the pool's vCPUs exceed the region's quota",
  },
  {
    status: 400,
    serviceCodes: ['InsufficientSubnetSize'],
    code: 'SUBNET_FULL',
    reason: "the subnet has too few free addresses for the pool's nodes",
  },
  {
    status: 400,
    serviceCodes: ['AgentPoolK8sVersionNotSupported'],
    code: 'KUBERNETES_VERSION_UNAVAILABLE',
    reason: 'AKS no longer offers the Kubernetes version for new pools',
  },
];

/** ARM resource providers: AKS (managed clusters, agent pools) and managed identities. */
export const ARM_ROWS: readonly Row[] = [
  ...AZURE_QUOTA,
  ...AKS_POOL_REFUSALS,
  ...AZURE_REFUSALS,
  ...ARM_CONFLICTS,
  ...AZURE_RETRYABLE,
];

/** Compute (VM scale sets): winshift only reads them and patches their identities. */
export const COMPUTE_ROWS: readonly Row[] = [
  ...AZURE_QUOTA,
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
