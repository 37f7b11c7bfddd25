/**
 * The audit trail (domain/audit.ts, docs/adr/0014): append-only. An entry is appended `attempted`
 * before its change is tried; `complete` sets its outcome once, and nothing else of an entry can
 * change: this port has no other way to write. Azure Table storage in production and locally.
 */
import type { Actor } from '../domain/actor.js';
import type { AuditAttempt, AuditCompletion, AuditEntry } from '../domain/audit.js';

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
  /** `kind:id` (domain/actor.ts actorKey). */
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
