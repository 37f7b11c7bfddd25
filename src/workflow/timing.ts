/**
 * The orchestrator's pacing: defaults sized for real AKS operations (pool creation takes minutes, a
 * rollout seconds to minutes), overridable per request so tests and the benchmark run in seconds.
 */
import type { RetryPolicy, UpgradeRequest, WorkflowTiming } from './contracts/index.js';

/**
 * How long a call refused because AKS is busy with another operation on the cluster or a pool is
 * retried: add-on updates, the autoscaler and node image upgrades run for minutes, a Kubernetes
 * upgrade longer; half an hour rides out the routine ones and stops before the run waits on a
 * cluster upgrade that may take hours.
 */
export const BUSY_RETRY_TIMEOUT_IN_MILLISECONDS = 30 * 60_000;

export const DEFAULT_RETRY: RetryPolicy = {
  firstRetryIntervalInMilliseconds: 5_000,
  backoffCoefficient: 2,
  maxNumberOfAttempts: 6,
  maxRetryIntervalInMilliseconds: 60_000,
  busyRetryTimeoutInMilliseconds: BUSY_RETRY_TIMEOUT_IN_MILLISECONDS,
};

/** The fleet scan's activities (ARM 429/5xx after the SDK's own retries). */
export const DEFAULT_SCAN_RETRY: RetryPolicy = {
  firstRetryIntervalInMilliseconds: 5_000,
  backoffCoefficient: 2,
  maxNumberOfAttempts: 4,
  maxRetryIntervalInMilliseconds: 60_000,
};

export const DEFAULT_TIMING: WorkflowTiming = {
  pollInitialInSeconds: 2,
  pollMaxInSeconds: 15,
  poolReadyTimeoutInSeconds: 45 * 60,
  prePullTimeoutInSeconds: 30 * 60,
  poolDeleteTimeoutInSeconds: 30 * 60,
  retry: DEFAULT_RETRY,
};

export function resolveTiming(overrides: UpgradeRequest['timing']): WorkflowTiming {
  return {
    ...DEFAULT_TIMING,
    ...overrides,
    retry: { ...DEFAULT_RETRY, ...overrides?.retry },
  };
}

/**
 * A poll waits at most this share of the time the step has already been waited for, so a finished
 * step is seen at most about a tenth of its duration late: a 1-minute rollout within seconds, an
 * 8-minute pool creation within `pollMaxInSeconds`.
 */
export const POLL_LAG_SHARE = 0.1;

/**
 * The wait before the next poll of a step waited for `waitedSeconds` so far: `pollInitialInSeconds`
 * at first, so a quick step is seen quickly, then growing with the time waited up to the cap, so a
 * long one does not fill the history with polls.
 */
export function pollDelayInSeconds(timing: WorkflowTiming, waitedSeconds: number): number {
  const share = waitedSeconds * POLL_LAG_SHARE;
  return Math.min(timing.pollMaxInSeconds, Math.max(timing.pollInitialInSeconds, share));
}

/** The wait before retry number `retry` (1 after the first failure), as the host computes it. */
export function retryDelayInMilliseconds(policy: RetryPolicy, retry: number): number {
  const delay =
    policy.firstRetryIntervalInMilliseconds * Math.pow(policy.backoffCoefficient, retry - 1);
  return Math.min(delay, policy.maxRetryIntervalInMilliseconds);
}
