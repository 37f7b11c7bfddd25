/**
 * The shape of a classification table: one row per kind of failed HTTP call, matched on the status
 * (or a range), optionally the service's error code(s) and a message pattern. The first matching
 * row wins, so a row with codes or a pattern goes before the plain row for its status.
 */
import type { ErrorCode } from '../../domain/errors.js';

/** The services winshift calls, each with its own table (tables.ts). */
export type Service =
  | 'arm'
  | 'compute'
  | 'keyVault'
  | 'authorization'
  | 'storage'
  | 'registry'
  | 'kubernetes'
  | 'eventGrid';

/** What the caller knows about the call that the table cannot. */
export interface ClassifyOptions {
  /** Code for ARM's real (not "busy") 409; the rows that allow it say `callerChooses`. */
  readonly conflictCode?: ErrorCode;
}

export interface Row {
  /** The HTTP status, or an inclusive range `[from, to]`. */
  readonly status: number | readonly [number, number];
  /** The service's own codes (ARM `error.code`, a Status `reason`, ...), any of them, any case. */
  readonly serviceCodes?: readonly string[];
  /** Tested against the service's message (no `g` flag needed: `search` is used). */
  readonly message?: RegExp;
  readonly code: ErrorCode;
  /** An option through which the caller may give another code for this row. */
  readonly callerChooses?: keyof ClassifyOptions;
  /** Why this failure gets this code, in a few words. */
  readonly reason: string;
}

/** A failed HTTP call as the tables see it. */
export interface HttpFailure {
  readonly status: number;
  readonly serviceCode?: string | undefined;
  readonly message: string;
}

function statusMatches(row: Row, status: number): boolean {
  const [from, to] = typeof row.status === 'number' ? [row.status, row.status] : row.status;
  return status >= from && status <= to;
}

function codeMatches(row: Row, serviceCode: string | undefined): boolean {
  if (row.serviceCodes === undefined) return true;
  const wanted = serviceCode?.toLowerCase();
  return row.serviceCodes.some((code) => code.toLowerCase() === wanted);
}

export function rowMatches(row: Row, failure: HttpFailure): boolean {
  return (
    statusMatches(row, failure.status) &&
    codeMatches(row, failure.serviceCode) &&
    (row.message === undefined || failure.message.search(row.message) >= 0)
  );
}
