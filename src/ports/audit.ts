/**
 * The audit trail (domain/audit.ts, docs/adr/0014): append-only. An entry is appended `attempted`
 * before its change is tried; `complete` sets its outcome once, and nothing else of an entry can
 * change: this port has no other way to write. Azure Table storage in production and locally.
 */
import type { Actor } from '../domain/identity.js';
import type { AuditAttempt, AuditCompletion, AuditEntry } from '../domain/audit.js';
import { errorCodeOf } from '../domain/errors.js';

export type { Actor, AuditAttempt, AuditCompletion, AuditEntry };

/** The entry just appended, with what completing it needs (the row's ETag). */
export interface AuditHandle {
  readonly entry: AuditEntry;
  /** Sets the outcome (attempted -> done/failed) once; a second completion is refused. */
  complete(completion: AuditCompletion): Promise<void>;
}

/** Filters of the cross-run listing: entries at or after `since`, oldest first, paged. */
export interface AuditQuery {
  readonly since: string;
  readonly clusterResourceId?: string;
  /** An actor's id: an object id (any letter case), `key:<name>` or `winshift` (domain/identity.ts actorKey). */
  readonly actor?: string;
  readonly pageSize: number;
  readonly continuationToken?: string;
}

export interface AuditPage {
  readonly items: readonly AuditEntry[];
  readonly continuationToken?: string;
}

export interface AuditLog {
  append(attempt: AuditAttempt): Promise<AuditHandle>;
  /** Every entry of one run, oldest first. */
  listRun(runId: string): Promise<readonly AuditEntry[]>;
  /** Entries of every run by time (an index ordered by time), paged. */
  list(query: AuditQuery): Promise<AuditPage>;
}

/** How `runAudited` completes an entry: the outcome, plus what the caller adds (an after digest). */
export interface RunAuditedOptions<T> {
  /** The code of a result that changed nothing (a PDB's 429, a 409 answer); undefined: done. */
  readonly refusedBy?: (result: T) => string | undefined;
  /** Extra completion fields, read after the change (e.g. the object's digest). */
  readonly after?: () => Promise<Partial<AuditCompletion>>;
  /** Told when the completion cannot be written (the entry stays `attempted`, as after a crash). */
  readonly onUncompleted: (error: unknown) => void;
}

/**
 * Runs a change between its entry's append (already done: `handle`) and its completion: `done`,
 * or `failed` with the thrown error's code or the refusal's. A completion that cannot be written
 * never hides the change's own result or error.
 */
export async function runAudited<T>(
  handle: AuditHandle,
  run: () => Promise<T>,
  options: RunAuditedOptions<T>,
): Promise<T> {
  const complete = async (outcome: 'done' | 'failed', errorCode?: string): Promise<void> => {
    try {
      const extra = options.after ? await options.after() : {};
      await handle.complete({ ...extra, outcome, ...(errorCode ? { errorCode } : {}) });
    } catch (error) {
      options.onUncompleted(error);
    }
  };
  let result: T;
  try {
    result = await run();
  } catch (error) {
    await complete('failed', errorCodeOf(error));
    throw error;
  }
  const refused = options.refusedBy?.(result);
  await complete(refused === undefined ? 'done' : 'failed', refused);
  return result;
}
