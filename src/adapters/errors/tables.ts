/**
 * One classification table per service (rows.ts describes a row). Only TRANSIENT is retried by the
 * orchestrator; a status no row matches is INTERNAL, never retried.
 */
import {
  ARM_ROWS,
  AUTHORIZATION_ROWS,
  COMPUTE_ROWS,
  KEY_VAULT_ROWS,
  STORAGE_ROWS,
  EVENT_GRID_ROWS,
} from './azure-tables.js';
import type { Row, Service } from './rows.js';

/**
 * The Kubernetes API server, after the API conventions' status codes
 * (https://github.com/kubernetes/community/blob/master/contributors/devel/sig-architecture/api-conventions.md#http-status-codes).
 */
const KUBERNETES_ROWS: readonly Row[] = [
  { status: 400, code: 'INVALID_INPUT', reason: 'BadRequest: fix the request, do not retry' },
  { status: 401, code: 'UNAUTHORIZED', reason: 'the credentials were refused' },
  {
    // The NamespaceLifecycle admission plugin refuses every create in a namespace being deleted (a
    // pod, an Eviction, a DaemonSet; a patch of an existing object passes): `pods "p" is forbidden:
    // unable to create new content in namespace X because it is being terminated`, Status reason
    // Forbidden with the cause NamespaceTerminating (as a 1.20 API server answers; integration
    // test). Not RBAC, so not FORBIDDEN.
    status: 403,
    message: /unable to create new content in namespace \S+ because it is being terminated/,
    code: 'NAMESPACE_TERMINATING',
    reason: 'the namespace is being deleted: nothing new can be created in it',
  },
  { status: 403, code: 'FORBIDDEN', reason: 'RBAC does not allow the verb' },
  { status: 404, code: 'NOT_FOUND', reason: 'the object does not exist' },
  { status: 408, code: 'TRANSIENT', reason: 'a proxy in front of the API server timed out' },
  {
    // Conflict (a stale resourceVersion) or AlreadyExists; the callers handle AlreadyExists
    // themselves, and a conflict is retried after a fresh read (client-go's RetryOnConflict).
    // Decided here: no 412 row. The API server turns failed preconditions into 409 Conflict
    // (k8s.io/apiserver storage/errors InterpretUpdateError, InterpretDeleteError), so a 412
    // comes from something else in the path and stays INTERNAL (the Azure tables retry 412).
    status: 409,
    code: 'TRANSIENT',
    reason: 'optimistic concurrency conflict: read again and retry',
  },
  { status: 422, code: 'INVALID_INPUT', reason: 'Invalid: the object fails validation' },
  {
    // API priority and fairness or a rate limit, with Retry-After. A PodDisruptionBudget refusing
    // an eviction is a 429 too; the eviction adapter handles that one before it gets here.
    status: 429,
    code: 'TRANSIENT',
    reason: 'TooManyRequests: retry after the suggested delay',
  },
  {
    // InternalError (500), ServiceUnavailable (503), Timeout (504): the conventions suggest a
    // retry, after retryAfterSeconds when given.
    status: [500, 599],
    code: 'TRANSIENT',
    reason: 'the API server failed or is unavailable',
  },
];

/**
 * Container registries: the OCI distribution spec's error codes
 * (https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes) and, for the
 * token endpoints, OAuth 2.0 errors (RFC 6749 section 5.2). Used to be two mappings: the ARM one
 * for manifest reads and `fail` for token endpoints (429/5xx TRANSIENT, else UNAUTHORIZED).
 */
const REGISTRY_ROWS: readonly Row[] = [
  {
    status: 400,
    serviceCodes: [
      'invalid_request',
      'invalid_client',
      'invalid_grant',
      'unauthorized_client',
      'unsupported_grant_type',
      'invalid_scope',
    ],
    code: 'UNAUTHORIZED',
    reason: 'a token endpoint refused the grant',
  },
  { status: 400, code: 'INVALID_INPUT', reason: 'NAME_INVALID, MANIFEST_INVALID, ...' },
  { status: 401, code: 'UNAUTHORIZED', reason: 'UNAUTHORIZED: no or a refused token' },
  {
    // Decided here: a token endpoint's 403 used to be UNAUTHORIZED; it is DENIED, like a 403 on a
    // manifest: the identity is known and not allowed to pull.
    status: 403,
    code: 'FORBIDDEN',
    reason: 'DENIED: the identity may not pull',
  },
  { status: 404, code: 'NOT_FOUND', reason: 'MANIFEST_UNKNOWN, NAME_UNKNOWN, BLOB_UNKNOWN' },
  { status: 408, code: 'TRANSIENT', reason: 'the registry timed out reading the request' },
  // No 409 or 412 rows: winshift only reads, without conditions; the ARM mapping used to make them
  // POOL_CONFLICT and TRANSIENT, which meant nothing for a registry.
  { status: 429, code: 'TRANSIENT', reason: 'TOOMANYREQUESTS: rate limited' },
  { status: [500, 599], code: 'TRANSIENT', reason: 'the registry failed or is unavailable' },
];

export const TABLES: Readonly<Record<Service, readonly Row[]>> = {
  arm: ARM_ROWS,
  compute: COMPUTE_ROWS,
  keyVault: KEY_VAULT_ROWS,
  authorization: AUTHORIZATION_ROWS,
  storage: STORAGE_ROWS,
  registry: REGISTRY_ROWS,
  kubernetes: KUBERNETES_ROWS,
  eventGrid: EVENT_GRID_ROWS,
};
