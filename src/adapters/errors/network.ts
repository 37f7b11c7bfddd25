/**
 * Failures below HTTP, the same for every service: named errors (timeouts, cancelled calls,
 * @azure/identity's credential errors) and the system codes of a connection that failed. One table
 * that every service shares, so a reset connection means the same to ARM, the API server and a
 * registry.
 */
import type { ErrorCode } from '../../domain/errors.js';
import type { Service } from './rows.js';

export interface NetworkRow {
  /** Error names (`error.name`) down the cause chain. */
  readonly names?: readonly string[];
  /** System or client codes (`error.code`, a string) down the cause chain. */
  readonly codes?: readonly string[];
  readonly code: ErrorCode;
  readonly reason: string;
  /** Services for which the same failure means something else (and why, in the row's comment). */
  readonly forService?: Partial<Record<Service, ErrorCode>>;
}

/**
 * Named errors, looked at before any HTTP status: an @azure/identity `AuthenticationError` carries
 * the status Entra ID answered with, which says nothing about the service that was being called.
 * Source: @azure/identity errors.ts (the four names; AuthenticationError has `statusCode`).
 */
export const NAMED_ERRORS: readonly NetworkRow[] = [
  {
    names: [
      'CredentialUnavailableError',
      'AuthenticationError',
      'AggregateAuthenticationError',
      'AuthenticationRequiredError',
    ],
    code: 'UNAUTHORIZED',
    // Entra's own 429/5xx are retried inside @azure/identity before this error is thrown.
    reason: 'no token could be had from Entra ID, so the call never reached the service',
  },
  {
    // AbortError: core-rest-pipeline's request timeout and undici's aborted fetch; TimeoutError:
    // `AbortSignal.timeout`. winshift cancels nothing itself, so an abort is a timeout.
    names: ['AbortError', 'TimeoutError'],
    code: 'TRANSIENT',
    reason: 'the call timed out',
  },
];

/**
 * System codes, looked at only when no HTTP response came back. Node's net/dns codes, undici's
 * (`UND_ERR_*`, client-node's fetch) and core-rest-pipeline's `REQUEST_SEND_ERROR`.
 */
export const SYSTEM_CODES: readonly NetworkRow[] = [
  {
    codes: ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET'],
    code: 'TRANSIENT',
    reason: 'the connection was refused or dropped',
  },
  {
    // ESOCKETTIMEDOUT (the `request` library's read timeout) is listed by core-rest-pipeline's
    // retry strategy next to ETIMEDOUT; the Kubernetes mapper lacked it: a timeout is a timeout.
    codes: [
      'ETIMEDOUT',
      'ESOCKETTIMEDOUT',
      'UND_ERR_CONNECT_TIMEOUT',
      'UND_ERR_HEADERS_TIMEOUT',
      'UND_ERR_BODY_TIMEOUT',
    ],
    code: 'TRANSIENT',
    reason: 'the connection timed out',
  },
  {
    // core-rest-pipeline's code for a request that failed on the wire without a system code
    // (a body stream closed early); client-node never produces it, so sharing it changes nothing
    // there.
    codes: ['REQUEST_SEND_ERROR'],
    code: 'TRANSIENT',
    reason: 'the request could not be sent',
  },
  {
    // getaddrinfo EAI_AGAIN: the resolver could not answer now (SERVFAIL, timeout).
    codes: ['EAI_AGAIN'],
    code: 'TRANSIENT',
    reason: 'DNS could not answer for now',
  },
  {
    // Decided here (the Azure mapper retried it, the Kubernetes one did not): Node reports an
    // authoritative "no such host" (EAI_NONAME, EAI_NODATA) as ENOTFOUND and a passing resolver
    // failure as EAI_AGAIN (Node lib/internal/errors.js, dnsException). A registry name a workload
    // carries that does not resolve from here will not resolve on a retry either, and the Azure
    // SDKs have already retried ENOTFOUND themselves (core-rest-pipeline exponentialRetryStrategy).
    // For a registry, the host is one a workload's image names: its absence is a fact about that
    // image (a plan blocker naming it, IMAGE_UNRESOLVED), not a failure of the whole plan.
    codes: ['ENOTFOUND'],
    code: 'INTERNAL',
    reason: 'DNS says the host does not exist',
    forService: { registry: 'NOT_FOUND' },
  },
  {
    // The registry connection's own refusal (adapters/registry/agent.ts, ADR 0012): the name
    // resolved to an internal address. The name will resolve there again: a plan blocker, no retry.
    codes: ['WINSHIFT_ADDRESS_REFUSED'],
    code: 'REGISTRY_REFUSED',
    reason: 'the host resolves to an address winshift does not contact',
  },
];

function firstMatch(
  rows: readonly NetworkRow[],
  values: readonly string[],
  key: 'names' | 'codes',
): NetworkRow | undefined {
  for (const value of values) {
    const row = rows.find((r) => r[key]?.includes(value) === true);
    if (row !== undefined) return row;
  }
  return undefined;
}

/** The row for the first name (outermost first) that has one. */
export function namedRow(names: readonly string[]): NetworkRow | undefined {
  return firstMatch(NAMED_ERRORS, names, 'names');
}

/** The row for the first system code (outermost first) that has one. */
export function systemCodeRow(codes: readonly string[]): NetworkRow | undefined {
  return firstMatch(SYSTEM_CODES, codes, 'codes');
}
