/**
 * Registry failures as WinshiftErrors, classified by the classifier's `registry` table: a response
 * that was not the one wanted (manifest reads and token endpoints alike), and anything thrown on
 * the way (a connection, a credential). A registry is named by a workload, so its answers are not
 * trusted text: messages name the host and the status only, never the body (ADR 0012); the body
 * is only read by the classifier for its distribution or OAuth error code.
 */
import { WinshiftError } from '../../domain/errors.js';
import { classify, isWinshiftError } from '../errors/classify.js';
import { serviceMessageOf } from '../errors/facts.js';
import type { RegistryResponse } from './http.js';

/** A registry's answer with an unwanted status, as a WinshiftError naming `what` was asked. */
export function responseError(response: RegistryResponse, what: string): WinshiftError {
  // The shape the classifier reads: the status, and the body for its distribution or OAuth code.
  const failure = { statusCode: response.status, body: response.bodyText, message: '' };
  const retryAfter = response.headers.get('retry-after') ?? '';
  const wait = /^\d{1,6}$/.test(retryAfter) ? ` (Retry-After: ${retryAfter})` : '';
  return new WinshiftError(
    classify('registry', failure).code,
    `registry ${response.host}: ${what} answered HTTP ${response.status}${wait}`,
  );
}

/** Any failure of a registry lookup; WinshiftErrors pass through. */
export function registryError(error: unknown, what: string): WinshiftError {
  if (isWinshiftError(error)) return error;
  return new WinshiftError(
    classify('registry', error).code,
    `registry: ${what}: ${serviceMessageOf(error)}`,
    { cause: error },
  );
}
