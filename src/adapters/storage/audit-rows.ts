/**
 * Rows of the audit tables (docs/adr/0014): every field of an entry as its own column (the listing
 * filters on the lower-cased cluster id and the actor's lower-cased id), written once; only the outcome
 * columns are ever merged afterwards.
 */
import { odata } from '@azure/data-tables';
import { actorKey, type PrincipalKind } from '../../domain/identity.js';
import type { AuditCompletion, AuditEntry } from '../../domain/audit.js';
import type { AuditQuery } from '../../ports/audit.js';
import type { Properties } from './chunks.js';

/** Table text columns hold at most 32K characters; a reason is at most 500 (app/requests.ts). */
const MAX_TEXT = 4 * 1024;

type Row = Properties & { partitionKey: string; rowKey: string };

const text = (entity: Properties, name: string): string | undefined => {
  const value = entity[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** The index partition of a time: its UTC day. */
export const dayOf = (iso: string): string => iso.slice(0, 10);

export function auditRow(partitionKey: string, rowKey: string, entry: AuditEntry): Row {
  const optional = {
    instanceId: entry.instanceId,
    clusterResourceId: entry.clusterResourceId,
    clusterKey: entry.clusterResourceId?.toLowerCase(),
    actorKind: entry.actor?.kind,
    actorId: entry.actor?.id,
    actorName: entry.actor?.name,
    actorKey: entry.actor ? actorKey(entry.actor) : undefined,
    entryPoint: entry.entryPoint,
    reason: entry.reason?.slice(0, MAX_TEXT),
    activity: entry.activity,
    beforeSha256: entry.beforeSha256,
    changeSha256: entry.changeSha256,
  };
  return {
    partitionKey,
    rowKey,
    entryId: entry.id,
    at: entry.at,
    runId: entry.runId,
    kind: entry.kind,
    operation: entry.operation,
    target: entry.target.slice(0, MAX_TEXT),
    outcome: entry.outcome,
    // Absent fields are empty text, so every row has every column the filters name.
    ...Object.fromEntries(Object.entries(optional).map(([k, v]) => [k, v ?? ''])),
  };
}

/** The only columns a completion writes. */
export function completionColumns(
  partitionKey: string,
  rowKey: string,
  completion: AuditCompletion,
  completedAt: string,
): Row {
  return {
    partitionKey,
    rowKey,
    outcome: completion.outcome,
    completedAt,
    errorCode: completion.errorCode ?? '',
    afterSha256: completion.afterSha256 ?? '',
  };
}

function optionalText<K extends string>(entity: Properties, name: K): { [P in K]?: string } {
  const value = text(entity, name);
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: string };
}

export function auditEntryOf(entity: Properties): AuditEntry {
  const actorKind = text(entity, 'actorKind') as PrincipalKind | undefined;
  const actorId = text(entity, 'actorId');
  const actorName = text(entity, 'actorName');
  return {
    id: text(entity, 'entryId') ?? '',
    at: text(entity, 'at') ?? '',
    runId: text(entity, 'runId') ?? '',
    ...optionalText(entity, 'instanceId'),
    ...optionalText(entity, 'clusterResourceId'),
    kind: text(entity, 'kind') as AuditEntry['kind'],
    operation: text(entity, 'operation') as AuditEntry['operation'],
    target: text(entity, 'target') ?? '',
    ...(actorKind !== undefined && actorId !== undefined
      ? { actor: { kind: actorKind, id: actorId, name: actorName ?? actorId } }
      : {}),
    ...(optionalText(entity, 'entryPoint') as { entryPoint?: AuditEntry['entryPoint'] }),
    ...optionalText(entity, 'reason'),
    ...optionalText(entity, 'activity'),
    ...optionalText(entity, 'beforeSha256'),
    ...optionalText(entity, 'changeSha256'),
    outcome: text(entity, 'outcome') as AuditEntry['outcome'],
    ...optionalText(entity, 'completedAt'),
    ...optionalText(entity, 'errorCode'),
    ...optionalText(entity, 'afterSha256'),
  };
}

/** The index's filter: days from `since`'s on, keys from its time on, then cluster and actor. */
export function auditQueryFilter(query: AuditQuery, sinceKey: string): string {
  const clauses = [
    odata`PartitionKey ge ${dayOf(new Date(query.since).toISOString())}`,
    odata`RowKey ge ${sinceKey}`,
  ];
  if (query.clusterResourceId !== undefined)
    clauses.push(odata`clusterKey eq ${query.clusterResourceId.toLowerCase()}`);
  if (query.actor !== undefined) clauses.push(odata`actorKey eq ${actorKey({ id: query.actor })}`);
  return clauses.join(' and ');
}
