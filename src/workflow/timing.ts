/**
 * The orchestrator's pacing: defaults sized for real AKS operations (pool creation takes minutes, a
 * rollout seconds to minutes), overridable per request so tests and the benchmark run in seconds.
 */
import type { RetryPolicy, WorkflowTiming } from './contracts.js';

export const DEFAULT_RETRY: RetryPolicy = {
  firstRetryIntervalInMilliseconds: 5_000,
  backoffCoefficient: 2,
  maxNumberOfAttempts: 6,
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

export function resolveTiming(overrides: Partial<WorkflowTiming> | undefined): WorkflowTiming {
  return {
    ...DEFAULT_TIMING,
    ...overrides,
    retry: { ...DEFAULT_RETRY, ...overrides?.retry },
  };
}

/**
 * The wait before poll number `poll` (0-based): short at first, so a quick step is seen quickly,
 * growing by half up to the cap, so a long one does not fill the history with polls.
 */
export function pollDelayInSeconds(timing: WorkflowTiming, poll: number): number {
  return Math.min(timing.pollMaxInSeconds, timing.pollInitialInSeconds * Math.pow(1.5, poll));
}

/** The wait before retry number `retry` (1 after the first failure), as the host computes it. */
export function retryDelayInMilliseconds(policy: RetryPolicy, retry: number): number {
  const delay =
    policy.firstRetryIntervalInMilliseconds * Math.pow(policy.backoffCoefficient, retry - 1);
  return Math.min(delay, policy.maxRetryIntervalInMilliseconds);
}
