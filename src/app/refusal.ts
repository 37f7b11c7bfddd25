/**
 * A request the application did not act on, and why: the same refusals at every entry point (the
 * HTTP API answers each with its status and problem type; the fleet scan and AKS events log the code).
 * Nothing is written or started for a refused request.
 */
import type { ErrorCode } from '../domain/errors.js';
import type { StartCheckReason } from '../domain/start-check.js';
import type { FieldError } from './requests.js';

export type RefusalReason =
  /** The body breaks a rule of the request schema (400). */
  | 'invalid'
  /** The subscription is not in WINSHIFT_SUBSCRIPTIONS (403). */
  | 'forbidden'
  /** ARM has no such cluster (404). */
  | 'clusterNotFound'
  /** The cluster's pools, as ARM lists them, rule the request out (domain/start-check.ts). */
  | StartCheckReason
  /** An automatic start of a pool whose last run ended Failed or Terminated. */
  | 'previousRunFailed'
  /** ARM did not answer the cluster read (throttled, failing, unreachable): try again later. */
  | 'azureUnavailable'
  /** ARM refused winshift's identity the cluster read: a role assignment is missing. */
  | 'azureRefused'
  /** Another pool of the cluster is being upgraded: one run per cluster at a time (409). */
  | 'clusterBusy';

export interface Refused {
  readonly outcome: 'refused';
  readonly reason: RefusalReason;
  readonly code: ErrorCode;
  readonly message: string;
  /** Each field and its problem (`` for the whole body). */
  readonly errors: readonly FieldError[];
}

export function refusal(
  reason: RefusalReason,
  code: ErrorCode,
  errors: readonly FieldError[],
): Refused {
  const message = errors.map((e) => (e.path === '' ? e.message : `${e.path}: ${e.message}`));
  return { outcome: 'refused', reason, code, message: message.join('; '), errors };
}
