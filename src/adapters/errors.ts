/**
 * Azure SDK failures in winshift's terms, for the Azure adapters and storage. The SDK clients throw
 * `RestError`s (core-rest-pipeline) with `statusCode`, the service's error `code` and message, and
 * the response (for `Retry-After`); the classifier (errors/) turns them into winshift codes by the
 * caller's service table (`arm` unless the call site says `compute`, `keyVault`, `authorization` or
 * `storage`).
 */
import { WinshiftError, type ErrorCode } from '../domain/errors.js';
import {
  classify,
  classifyHttp,
  isWinshiftError,
  type ClassifyOptions,
  type Service,
} from './errors/classify.js';
import {
  firstLine,
  httpStatusOf,
  serviceCodeOf as serviceCodeIn,
  shapeOf,
} from './errors/facts.js';

export type AzureService = Extract<
  Service,
  'arm' | 'compute' | 'keyVault' | 'authorization' | 'storage' | 'eventGrid'
>;

/** Which table classifies the failure, and what a real ARM 409 means to the caller. */
export interface AzureErrorOptions extends ClassifyOptions {
  /** The service called (default `arm`). */
  readonly service?: AzureService;
}

/** The HTTP status of a failed call, or undefined when no response came back. */
export function statusOf(error: unknown): number | undefined {
  return httpStatusOf(error);
}

/** The service's error code (ARM `error.code`, or a system code such as `ECONNRESET`). */
export function serviceCodeOf(error: unknown): string | undefined {
  return serviceCodeIn(error);
}

interface WithResponse {
  readonly response?: { readonly headers?: { get?(name: string): string | undefined } };
}

/** The `Retry-After` header of a throttled or failing response, when the service sent one. */
export function retryAfterOf(error: unknown): string | undefined {
  try {
    const value = (shapeOf(error) as WithResponse).response?.headers?.get?.('retry-after');
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** winshift's code for an HTTP status (and service error code), without the message. */
export function codeForStatus(
  status: number,
  serviceCode?: string,
  options: AzureErrorOptions = {},
): ErrorCode {
  return classifyHttp(options.service ?? 'arm', { status, serviceCode, message: '' }, options).code;
}

/** winshift's code for any failure of an Azure SDK call. */
export function codeForAzureError(error: unknown, options: AzureErrorOptions = {}): ErrorCode {
  return classify(options.service ?? 'arm', error, options).code;
}

/** The human part of the failure: ARM's `code: message`, plus Retry-After when throttled. */
export function describeAzureError(error: unknown): string {
  const { message } = shapeOf(error);
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
