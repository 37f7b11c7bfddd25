/**
 * The audit trail's entries (docs/adr/0014): one per request that changes something (start, approve,
 * cancel, terminate) and one per write winshift makes (ARM PUT/PATCH/DELETE, Kubernetes patch,
 * cordon, eviction, delete, role assignment, Key Vault access policy). An entry is appended as
 * `attempted` BEFORE the change is tried and completed once (`done` or `failed` with a code) after it,
 * so a crash in between leaves an `attempted` entry, never nothing. Nothing else about an entry ever
 * changes.
 */
import type { Actor } from './identity.js';
import type { StartedBy } from './upgrade-state.js';

export const AUDIT_OUTCOMES = ['attempted', 'done', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Requests a person or winshift's own triggers make. */
export const AUDIT_REQUESTS = ['start', 'approve', 'cancel', 'terminate'] as const;
export type AuditRequest = (typeof AUDIT_REQUESTS)[number];

/** Writes, named by their service and verb. */
export const AUDIT_WRITES = [
  'arm.put',
  'arm.patch',
  'arm.delete',
  'authorization.roleAssignment',
  'keyVault.accessPolicy',
  'kubernetes.patch',
  'kubernetes.cordon',
  'kubernetes.uncordon',
  'kubernetes.evict',
  'kubernetes.delete',
  'kubernetes.apply',
] as const;
export type AuditWrite = (typeof AUDIT_WRITES)[number];

export type AuditOperation = AuditRequest | AuditWrite;

/** Where a request came in (the brief's names; StartedBy spells two of them in camel case). */
export const ENTRY_POINTS = ['http', 'fleet-scan', 'event-grid', 'cli'] as const;
export type EntryPoint = (typeof ENTRY_POINTS)[number];

export function entryPointOf(startedBy: StartedBy): EntryPoint {
  switch (startedBy) {
    case 'fleetScan':
      return 'fleet-scan';
    case 'eventGrid':
      return 'event-grid';
    default:
      return startedBy;
  }
}

/** What is known before the change is tried. */
export interface AuditAttempt {
  readonly runId: string;
  readonly instanceId?: string;
  readonly clusterResourceId?: string;
  readonly kind: 'request' | 'write';
  readonly operation: AuditOperation;
  /** ARM resource id, `Kind/namespace/name`, `Node/<name>`, `Pod/<namespace>/<name>`, an instance id. */
  readonly target: string;
  readonly actor?: Actor;
  readonly entryPoint?: EntryPoint;
  readonly reason?: string;
  /** The activity that made a write. */
  readonly activity?: string;
  /** SHA-256 of the object before the write (canonical JSON of what winshift reads), where read. */
  readonly beforeSha256?: string;
  /** SHA-256 of the change sent (the patch, the PUT body), where there is one. */
  readonly changeSha256?: string;
}

/** What completing an entry sets: nothing else of an entry ever changes. */
export interface AuditCompletion {
  readonly outcome: 'done' | 'failed';
  readonly errorCode?: string;
  /** SHA-256 of the object after the write, where read. */
  readonly afterSha256?: string;
}

export interface AuditEntry extends AuditAttempt {
  /** Time-ordered and unique within the run (the row key). */
  readonly id: string;
  readonly at: string;
  readonly outcome: AuditOutcome;
  readonly completedAt?: string;
  readonly errorCode?: string;
  readonly afterSha256?: string;
}

/**
 * A key that sorts by time as text: 13 digits of milliseconds since the epoch, a 4-digit sequence
 * (entries made in the same millisecond by one process) and a random tail (two processes).
 */
export function auditKey(timeMs: number, sequence: number, tail: string): string {
  return `${String(timeMs).padStart(13, '0')}-${String(sequence).padStart(4, '0')}-${tail}`;
}

/** The time a key was made at (ms), for a key of `auditKey`. */
export function timeOfAuditKey(key: string): number {
  return Number(key.slice(0, 13));
}
