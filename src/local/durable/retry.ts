import type { RetryPolicy } from './history.js';

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/**
 * What the host does after attempt `attempt` failed, as the Durable Task Framework's retry
 * interceptor decides: another attempt after firstRetryInterval * backoffCoefficient^(attempt-1)
 * (capped by maxRetryInterval) while attempts remain and the retry timeout has not passed.
 */
export function decideRetry(
  policy: RetryPolicy,
  attempt: number,
  firstAttemptAt: Date,
  now: Date,
): RetryDecision {
  if (attempt >= policy.maxNumberOfAttempts) return { retry: false };
  const timeout = policy.retryTimeoutInMilliseconds ?? 0;
  if (timeout > 0 && now.getTime() - firstAttemptAt.getTime() >= timeout) return { retry: false };
  const coefficient =
    policy.backoffCoefficient && policy.backoffCoefficient > 0 ? policy.backoffCoefficient : 1;
  let delayMs = policy.firstRetryIntervalInMilliseconds * Math.pow(coefficient, attempt - 1);
  const cap = policy.maxRetryIntervalInMilliseconds ?? 0;
  if (cap > 0) delayMs = Math.min(delayMs, cap);
  return { retry: true, delayMs };
}
