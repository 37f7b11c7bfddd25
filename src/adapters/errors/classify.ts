/**
 * The one error classifier: any failure of a call to `service` as a winshift code. In order:
 * a WinshiftError keeps its code; a named error (credential, timeout) is looked up in the shared
 * table (network.ts); a response's status, service code and message in the service's table
 * (tables.ts); with no response, the system code in the shared table. Anything else is INTERNAL,
 * which is never retried.
 */
import type { ErrorCode, WinshiftError } from '../../domain/errors.js';
import {
  httpStatusOf,
  namesOf,
  serviceCodeOf,
  serviceMessageOf,
  shapeOf,
  stringCodesOf,
} from './facts.js';
import { namedRow, systemCodeRow } from './network.js';
import { rowMatches, type ClassifyOptions, type HttpFailure, type Service } from './rows.js';
import { TABLES } from './tables.js';

export type { ClassifyOptions, HttpFailure, Service } from './rows.js';

export interface Classification {
  readonly code: ErrorCode;
  readonly reason: string;
}

export const UNKNOWN_FAILURE: Classification = {
  code: 'INTERNAL',
  reason: 'a failure no table knows: never retried',
};

export function isWinshiftError(error: unknown): error is WinshiftError {
  return shapeOf(error).name === 'WinshiftError';
}

/** A failed HTTP call to `service`, by its table; the first matching row wins. */
export function classifyHttp(
  service: Service,
  failure: HttpFailure,
  options: ClassifyOptions = {},
): Classification {
  const row = TABLES[service].find((candidate) => rowMatches(candidate, failure));
  if (row === undefined) return UNKNOWN_FAILURE;
  const chosen = row.callerChooses === undefined ? undefined : options[row.callerChooses];
  return { code: chosen ?? row.code, reason: row.reason };
}

/** The HTTP side of a failure, when a response came back. */
export function httpFailureOf(error: unknown): HttpFailure | undefined {
  const status = httpStatusOf(error);
  if (status === undefined) return undefined;
  return { status, serviceCode: serviceCodeOf(error), message: serviceMessageOf(error) };
}

/** Any failure of a call to `service`. */
export function classify(
  service: Service,
  error: unknown,
  options: ClassifyOptions = {},
): Classification {
  if (isWinshiftError(error)) return { code: error.code, reason: 'classified where it was thrown' };
  const named = namedRow(namesOf(error));
  if (named !== undefined) return { code: named.code, reason: named.reason };
  const failure = httpFailureOf(error);
  if (failure !== undefined) return classifyHttp(service, failure, options);
  const system = systemCodeRow(stringCodesOf(error));
  if (system === undefined) return UNKNOWN_FAILURE;
  return { code: system.forService?.[service] ?? system.code, reason: system.reason };
}
