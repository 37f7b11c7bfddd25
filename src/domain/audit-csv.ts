/**
 * The audit as CSV (RFC 4180): a header row, CRLF line breaks, and a field quoted (its quotes
 * doubled) when it holds a comma, a quote, CR or LF. One row per entry, in the entries' order.
 */
import type { AuditEntry } from './audit.js';

export const AUDIT_CSV_COLUMNS = [
  'id',
  'at',
  'runId',
  'instanceId',
  'clusterResourceId',
  'kind',
  'operation',
  'target',
  'actorKind',
  'actorId',
  'actorName',
  'entryPoint',
  'reason',
  'activity',
  'outcome',
  'completedAt',
  'errorCode',
  'beforeSha256',
  'changeSha256',
  'afterSha256',
] as const;

type Column = (typeof AUDIT_CSV_COLUMNS)[number];

/** RFC 4180 section 2, rules 5-7. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function cell(entry: AuditEntry, column: Column): string {
  switch (column) {
    case 'actorKind':
      return entry.actor?.kind ?? '';
    case 'actorId':
      return entry.actor?.id ?? '';
    case 'actorName':
      return entry.actor?.name ?? '';
    default:
      return entry[column] ?? '';
  }
}

export function auditCsv(entries: readonly AuditEntry[]): string {
  const rows = [
    AUDIT_CSV_COLUMNS.join(','),
    ...entries.map((entry) => AUDIT_CSV_COLUMNS.map((c) => csvField(cell(entry, c))).join(',')),
  ];
  return `${rows.join('\r\n')}\r\n`;
}
