/**
 * winshift's error codes. Durable Functions hands an activity's failure to the orchestrator as message
 * text only (the error object does not cross the process boundary), so every error carries a stable
 * code in its message as `[CODE]` and is recognised by that code, never by `instanceof`.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'POOL_EXISTS',
  'POOL_CONFLICT',
  /** Another pool of the cluster is being upgraded: one run per cluster at a time. */
  'CLUSTER_BUSY',
  'POOL_NOT_OWNED',
  'OS_SKU_UNSUPPORTED',
  'IMAGE_INCOMPATIBLE',
  'IMAGE_UNRESOLVED',
  /** winshift refuses to contact the registry an image names, or its realm (ADR 0012). */
  'REGISTRY_REFUSED',
  'RUNTIME_CLASS_UNMAPPED',
  'PLACEMENT_UNSCHEDULABLE',
  'BARE_POD',
  /** A Job pinned to the old pool: its pod template is immutable, so the plan refuses it. */
  'JOB_IMMUTABLE',
  /** A ReplicaSet no Deployment owns, pinned to the old pool: its pods never follow its template. */
  'REPLICASET_UNOWNED',
  'ONDELETE_REFUSED',
  /** A paused Deployment does not roll out the patch: refused by the plan. */
  'DEPLOYMENT_PAUSED',
  /** A StatefulSet with `rollingUpdate.partition > 0` rolls only part of its pods: refused by the plan. */
  'STATEFULSET_PARTITIONED',
  /** The namespace is being deleted: nothing new (pods, evictions) can be created in it. */
  'NAMESPACE_TERMINATING',
  'PROTECTED_WORKLOAD',
  /** Flux, Argo CD or Helm manage the workload and the managedWorkloads policy is `refuse`. */
  'GITOPS_MANAGED',
  'PDB_BLOCKED',
  'DRAIN_TIMEOUT',
  'POOL_READY_TIMEOUT',
  /** ARM reports the pool's provisioningState as Failed: waiting longer cannot help. */
  'POOL_FAILED',
  /**
   * A vCPU (or other) quota would be exceeded (Compute's "exceeding approved ... quota", AKS's
   * QuotaExceeded): only a person raising the quota helps, so it is never retried.
   */
  'QUOTA_EXCEEDED',
  'ROLLOUT_TIMEOUT',
  'ROLLOUT_FAILED',
  'UNPLANNED_WORKLOAD',
  /** A DaemonSet whose new images cannot run on another pool it covers (planner-daemonsets.ts). */
  'DAEMONSET_SPANS_POOLS',
  /** Before the old pool's deletion, a moved workload no longer lands on the new pool only. */
  'WORKLOAD_REVERTED',
  'PLAN_CHANGED',
  'IDENTITY_UNVERIFIABLE',
  'GMSA_SECRET_UNREACHABLE',
  'RESTRICTED_NODE_RESOURCE_GROUP',
  'PRIVATE_CLUSTER_UNREACHABLE',
  /** The new pool's vCPUs do not fit the region's quota for its VM family (or the regional total). */
  'VCPU_QUOTA_EXCEEDED',
  /** The new pool's nodes (and, with Azure CNI, their pods) need more addresses than the subnet has free. */
  'SUBNET_FULL',
  /** The new pool would take the cluster past AKS's node or node pool limits. */
  'CLUSTER_NODE_LIMIT',
  /** AKS no longer offers the pool's Kubernetes version (nor a patch of its minor) for new pools. */
  'KUBERNETES_VERSION_UNAVAILABLE',
  /** winshift's own identity lacks a grant a run needs (domain/planner-access.ts names it). */
  'WINSHIFT_ACCESS_MISSING',
  'TRANSIENT',
  /**
   * AKS refuses a write while another operation runs on the cluster or one of its pools (409
   * OperationNotAllowed "... in progress"; add-ons, the autoscaler, an upgrade): retried with backoff
   * for a bounded time (RetryPolicy.busyRetryTimeoutInMilliseconds), not a number of attempts.
   */
  'CLUSTER_OPERATION_IN_PROGRESS',
  'FORBIDDEN',
  'UNAUTHORIZED',
  'CANCELLED',
  'APPROVAL_TIMEOUT',
  'ROLLBACK_FAILED',
  /** The pool's last run ended Failed or Terminated: an automatic start waits for a person. */
  'PREVIOUS_RUN_FAILED',
  /** The run was terminated by request (no rollback); the message says what it left. */
  'TERMINATED',
  /** A restored workload, read back, is not its original (something rewrote it, or the write failed). */
  'RESTORE_MISMATCH',
  /** A value crossing the Durable boundary does not match its contract (src/workflow/contracts). */
  'CONTRACT_MISMATCH',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const KNOWN = new Set<string>(ERROR_CODES);

/** Codes worth retrying with backoff (adapters map 429/5xx/timeouts to TRANSIENT). */
const TRANSIENT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['TRANSIENT']);

/**
 * Codes of a resource busy with another operation: worth retrying until a time budget runs out
 * (src/workflow/calls.ts), however many attempts that takes.
 */
const BUSY_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['CLUSTER_OPERATION_IN_PROGRESS']);

/** True when `value` is one of winshift's codes (e.g. text read back from storage or a message). */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && KNOWN.has(value);
}

/**
 * The one error type winshift throws. The message starts with `[CODE]` so the code survives being
 * flattened to text by the Durable activity boundary; `code` and `name` serve in-process checks.
 */
export class WinshiftError extends Error {
  override readonly name = 'WinshiftError';
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(`[${code}] ${message}`, options);
    this.code = code;
  }
}

const CODE_IN_TEXT = /\[([A-Z][A-Z_]*)\]/g;

/**
 * Recovers a winshift code from an error or from text such as Durable's
 * "Activity function 'x' failed: [POOL_EXISTS] ...". An error's own `code` wins when it is a winshift
 * code; otherwise the first known `[CODE]` in its message. Unknown errors get `fallback` (INTERNAL):
 * an unrecognised failure must never look transient and be retried forever.
 */
export function errorCodeOf(messageOrError: unknown, fallback: ErrorCode = 'INTERNAL'): ErrorCode {
  if (typeof messageOrError === 'object' && messageOrError !== null) {
    const { code, message } = messageOrError as { code?: unknown; message?: unknown };
    if (isErrorCode(code)) return code;
    return typeof message === 'string' ? errorCodeOf(message, fallback) : fallback;
  }
  if (typeof messageOrError !== 'string') return fallback;
  for (const match of messageOrError.matchAll(CODE_IN_TEXT)) {
    if (isErrorCode(match[1])) return match[1];
  }
  return fallback;
}

/** Whether a failure with this code should be retried (the orchestrator's retry policy asks this). */
export function isTransient(code: ErrorCode): boolean {
  return TRANSIENT_CODES.has(code);
}

/** Whether a failure with this code means "busy, try again later" (retried for a bounded time). */
export function isBusy(code: ErrorCode): boolean {
  return BUSY_CODES.has(code);
}

/** The message of a WinshiftError without its `[CODE] ` prefix, for showing to people. */
export function messageWithoutCode(message: string): string {
  return message.replace(/^\[[A-Z][A-Z_]*\]\s*/, '');
}
