/**
 * Kubernetes API failures in winshift's terms. `@kubernetes/client-node` throws `ApiException`s with
 * the HTTP status in `code` and the `Status` in `body`; connection failures from its fetch (undici)
 * carry a system error in `cause`. The classifier's `kubernetes` table (adapters/errors) decides.
 */
import { WinshiftError, type ErrorCode } from '../../domain/errors.js';
import { classify, isWinshiftError } from '../errors/classify.js';
import { httpStatusOf, serviceMessageOf } from '../errors/facts.js';

/** The HTTP status of a client-node `ApiException`, or undefined for other failures. */
export function statusOf(error: unknown): number | undefined {
  return httpStatusOf(error);
}

export function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404;
}

/** The `message` of the Kubernetes `Status` body, which says more than the exception's text. */
export function statusMessage(error: unknown): string {
  return serviceMessageOf(error);
}

/** winshift's code for any failure of a Kubernetes call. */
export function codeForKubeError(error: unknown): ErrorCode {
  return classify('kubernetes', error).code;
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
