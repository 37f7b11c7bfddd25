/**
 * Azure SDK failures in winshift's terms. The SDK clients throw `RestError`s (core-rest-pipeline)
 * with `statusCode`, ARM's error `code` and message, and the response (for `Retry-After`); network
 * failures carry the system code (`ECONNRESET`) in `code`; `@azure/identity` throws named errors.
 * Recognised by shape and `name`, never `instanceof` (STYLE: errors by name/code), so this also reads
 * errors of other HTTP clients that carry `statusCode`/`status`.
 */
import { WinshiftError, type ErrorCode } from '../domain/errors.js';

/** Network-level failures worth retrying: reset, refused, timed out, DNS hiccups. */
const TRANSIENT_SYSTEM_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'REQUEST_SEND_ERROR',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** ARM's 409s that mean "busy, try later" rather than a real conflict. */
const BUSY_CONFLICT_CODES: ReadonlySet<string> = new Set([
  'AnotherOperationInProgress',
  'OperationNotAllowed',
  'OperationPreempted',
  'EtagMismatch',
]);

/** Credential failures from @azure/identity: no token could be had, so the call never got to ARM. */
const CREDENTIAL_ERROR_NAMES: ReadonlySet<string> = new Set([
  'CredentialUnavailableError',
  'AuthenticationError',
  'AggregateAuthenticationError',
  'AuthenticationRequiredError',
]);

interface ErrorShape {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly status?: unknown;
  readonly cause?: unknown;
  readonly response?: { readonly headers?: { get?(name: string): string | undefined } };
}

function shape(error: unknown): ErrorShape {
  return typeof error === 'object' && error !== null ? error : {};
}

/** The HTTP status of a failed call, or undefined when no response came back. */
export function statusOf(error: unknown): number | undefined {
  const { statusCode, status } = shape(error);
  const value = typeof statusCode === 'number' ? statusCode : status;
  return typeof value === 'number' && value >= 100 && value < 600 ? value : undefined;
}

/** The service's error code (ARM `error.code`, or a system code such as `ECONNRESET`). */
export function serviceCodeOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e !== undefined && depth < 4; depth++) {
    const { code } = shape(e);
    if (typeof code === 'string' && code !== '') return code;
    e = shape(e).cause;
  }
  return undefined;
}

/** The `Retry-After` header of a throttled or failing response, when the service sent one. */
export function retryAfterOf(error: unknown): string | undefined {
  try {
    const value = shape(error).response?.headers?.get?.('retry-after');
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** What the conflicting call was about: a 409 means a pool conflict unless the caller says else. */
export interface AzureErrorOptions {
  /** Code for a 409 that is not a "busy" conflict (default POOL_CONFLICT). */
  readonly conflictCode?: ErrorCode;
}

/** winshift's code for an HTTP status (and ARM error code) from an Azure service. */
export function codeForStatus(
  status: number,
  serviceCode?: string,
  options: AzureErrorOptions = {},
): ErrorCode {
  if (status === 400 || status === 422) return 'INVALID_INPUT';
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) {
    return serviceCode !== undefined && BUSY_CONFLICT_CODES.has(serviceCode)
      ? 'TRANSIENT'
      : (options.conflictCode ?? 'POOL_CONFLICT');
  }
  if (status === 408 || status === 412 || status === 429 || status >= 500) return 'TRANSIENT';
  return 'INTERNAL';
}

function isWinshiftError(error: unknown): error is WinshiftError {
  return shape(error).name === 'WinshiftError';
}

/** winshift's code for any failure of an Azure SDK call. */
export function codeForAzureError(error: unknown, options: AzureErrorOptions = {}): ErrorCode {
  if (isWinshiftError(error)) return error.code;
  const status = statusOf(error);
  const serviceCode = serviceCodeOf(error);
  if (status !== undefined) return codeForStatus(status, serviceCode, options);
  if (serviceCode !== undefined && TRANSIENT_SYSTEM_CODES.has(serviceCode)) return 'TRANSIENT';
  const name = shape(error).name;
  if (name === 'AbortError' || name === 'TimeoutError') return 'TRANSIENT';
  if (typeof name === 'string' && CREDENTIAL_ERROR_NAMES.has(name)) return 'UNAUTHORIZED';
  return 'INTERNAL';
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

/** The human part of the failure: ARM's `code: message`, plus Retry-After when throttled. */
export function describeAzureError(error: unknown): string {
  const { message } = shape(error);
  const text = typeof message === 'string' && message !== '' ? firstLine(message) : String(error);
  const status = statusOf(error);
  const serviceCode = serviceCodeOf(error);
  const parts: string[] = [];
  if (status !== undefined) parts.push(`HTTP ${status}`);
  if (serviceCode !== undefined && !text.includes(serviceCode)) parts.push(`${serviceCode}:`);
  parts.push(text);
  const retryAfter = retryAfterOf(error);
  if (retryAfter !== undefined) parts.push(`(Retry-After: ${retryAfter})`);
  return parts.join(' ');
}

/** Wraps a failure as a WinshiftError naming what was being done; WinshiftErrors pass through. */
export function toWinshiftError(
  error: unknown,
  doing: string,
  options: AzureErrorOptions = {},
): WinshiftError {
  if (isWinshiftError(error)) return error;
  return new WinshiftError(
    codeForAzureError(error, options),
    `${doing}: ${describeAzureError(error)}`,
    {
      cause: error,
    },
  );
}

/** Runs an Azure call, translating its failure. */
export async function azureCall<T>(
  doing: string,
  call: () => Promise<T>,
  options: AzureErrorOptions = {},
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toWinshiftError(error, doing, options);
  }
}

/** Like `azureCall`, with 404 answered by `undefined`. */
export async function azureCallOrUndefined<T>(
  doing: string,
  call: () => Promise<T>,
  options: AzureErrorOptions = {},
): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (statusOf(error) === 404) return undefined;
    throw toWinshiftError(error, doing, options);
  }
}
