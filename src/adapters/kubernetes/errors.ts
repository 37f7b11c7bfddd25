/**
 * Kubernetes API failures in winshift's terms. `@kubernetes/client-node` throws `ApiException`s with
 * the HTTP status in `code`; connection failures from its fetch (undici) carry a system error in
 * `cause`. Recognised by shape, not `instanceof` (STYLE: errors by name/code).
 */
import { WinshiftError, type ErrorCode } from '../../domain/errors.js';

/** The HTTP status of a client-node `ApiException`, or undefined for other failures. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code } = error as { code?: unknown };
  return typeof code === 'number' && code >= 100 && code < 600 ? code : undefined;
}

export function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404;
}

/** The `message` of the Kubernetes `Status` body, which says more than the exception's text. */
export function statusMessage(error: unknown): string {
  const body = (error as { body?: unknown }).body;
  const parsed: unknown = typeof body === 'string' ? safeParse(body) : body;
  const message = (parsed as { message?: unknown } | undefined)?.message;
  if (typeof message === 'string' && message !== '') return message;
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Network-level failures worth retrying: refused, reset, timed out, DNS hiccups. */
const TRANSIENT_SYSTEM_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
]);

function systemCodeOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** winshift's code for an HTTP status from the Kubernetes API. */
export function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  // 409 here is an optimistic-concurrency conflict (the callers handle AlreadyExists themselves):
  // client-go retries those, and so does the activity's retry policy.
  if (status === 408 || status === 409 || status === 429 || status >= 500) return 'TRANSIENT';
  if (status === 400 || status === 422) return 'INVALID_INPUT';
  return 'INTERNAL';
}

function isWinshiftError(error: unknown): error is WinshiftError {
  return (error as { name?: unknown } | null)?.name === 'WinshiftError';
}

/** winshift's code for any failure of a Kubernetes call. */
export function codeForKubeError(error: unknown): ErrorCode {
  if (isWinshiftError(error)) return error.code;
  const status = statusOf(error);
  if (status !== undefined) return codeForStatus(status);
  const system = systemCodeOf(error);
  if (system !== undefined && TRANSIENT_SYSTEM_CODES.has(system)) return 'TRANSIENT';
  if ((error as { name?: unknown } | null)?.name === 'AbortError') return 'TRANSIENT';
  return 'INTERNAL';
}

/** Wraps a failure as a WinshiftError naming what was being done; WinshiftErrors pass through. */
export function toWinshiftError(error: unknown, doing: string): WinshiftError {
  if (isWinshiftError(error)) return error;
  const code = codeForKubeError(error);
  return new WinshiftError(code, `Kubernetes: ${doing}: ${statusMessage(error)}`, {
    cause: error,
  });
}

/** Runs a Kubernetes call, translating its failure. */
export async function kubeCall<T>(doing: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toWinshiftError(error, doing);
  }
}

/** Like `kubeCall`, with 404 answered by `undefined`. */
export async function kubeCallOrUndefined<T>(
  doing: string,
  call: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw toWinshiftError(error, doing);
  }
}
