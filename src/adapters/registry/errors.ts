/**
 * Registry failures as WinshiftErrors, classified by the classifier's `registry` table: a response
 * that was not the one wanted (manifest reads and token endpoints alike), and anything thrown on
 * the way (a connection, a credential).
 */
import { WinshiftError } from '../../domain/errors.js';
import { classify, isWinshiftError } from '../errors/classify.js';
import { serviceMessageOf } from '../errors/facts.js';
import type { RegistryResponse } from './http.js';

/** How much of a response body goes into the message. */
const BODY_SHOWN = 200;

/** A registry's answer with an unwanted status, as a WinshiftError naming `what` was asked. */
export function responseError(response: RegistryResponse, what: string): WinshiftError {
  const body = response.bodyText.slice(0, BODY_SHOWN);
  // The shape the classifier reads: the status, and the body for its distribution or OAuth code.
  const failure = { statusCode: response.status, body: response.bodyText, message: body };
  const retryAfter = response.headers.get('retry-after');
  const wait = retryAfter ? ` (Retry-After: ${retryAfter})` : '';
  return new WinshiftError(
    classify('registry', failure).code,
    `registry: ${what} answered HTTP ${response.status}: ${body}${wait}`,
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
