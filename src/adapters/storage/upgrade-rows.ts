/**
 * Rows of the upgrades table (`GET /api/upgrades`): one partition, row key = instance id, with the
 * columns the listing filters on (state, a lower-cased cluster id, creation time in one ISO form).
 */
import { odata } from '@azure/data-tables';
import type { ActorRecord, RunActors } from '../../domain/identity.js';
import type { UpgradeFilter, UpgradeRecord } from '../../ports/store.js';
import type { Properties } from './chunks.js';

export const UPGRADES_PARTITION = 'upgrades';

/** One column per action, each an actor's JSON: a write of one never touches the others. */
export const ACTOR_COLUMNS = {
  started: 'startedByActor',
  approved: 'approvedByActor',
  cancelled: 'cancelledByActor',
  terminated: 'terminatedByActor',
} as const satisfies Record<keyof RunActors, string>;

/** The actor columns of a record that has `actors` (all four: '' clears one); none otherwise. */
export function actorColumns(actors: RunActors | undefined): Properties {
  if (actors === undefined) return {};
  return Object.fromEntries(
    Object.entries(ACTOR_COLUMNS).map(([action, column]) => {
      const actor = actors[action as keyof RunActors];
      return [column, actor === undefined ? '' : JSON.stringify(actor)];
    }),
  );
}

function actorOf(entity: Properties, column: string): ActorRecord | undefined {
  const value = text(entity, column);
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(value) as Partial<ActorRecord>;
    return typeof parsed.id === 'string' && typeof parsed.name === 'string'
      ? (parsed as ActorRecord)
      : undefined;
  } catch {
    return undefined;
  }
}

function actorsOf(entity: Properties): RunActors | undefined {
  const actors = Object.fromEntries(
    Object.entries(ACTOR_COLUMNS)
      .map(([action, column]) => [action, actorOf(entity, column)] as const)
      .filter(([, actor]) => actor !== undefined),
  ) as RunActors;
  return Object.keys(actors).length > 0 ? actors : undefined;
}

function text(entity: Properties, name: string): string | undefined {
  const value = entity[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Times are compared as text in filters, so they are always written in one ISO form. */
function isoTime(value: string): string {
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? value : time.toISOString();
}

export function upgradeEntity(
  record: UpgradeRecord,
): Properties & { partitionKey: string; rowKey: string } {
  return {
    partitionKey: UPGRADES_PARTITION,
    rowKey: record.instanceId,
    runId: record.runId ?? '',
    clusterResourceId: record.clusterResourceId,
    // Resource ids are case-insensitive: the filter compares this lower-cased copy.
    clusterKey: record.clusterResourceId.toLowerCase(),
    poolName: record.poolName,
    targetOsSku: record.targetOsSku ?? '',
    newPoolName: record.newPoolName ?? '',
    state: record.state,
    startedBy: record.startedBy,
    createdAt: isoTime(record.createdAt),
    updatedAt: isoTime(record.updatedAt),
    lastErrorCode: record.lastError?.code ?? '',
    lastErrorMessage: record.lastError?.message.slice(0, 8 * 1024) ?? '',
    ...actorColumns(record.actors),
  };
}

export function upgradeRecord(entity: Properties & { rowKey?: string }): UpgradeRecord {
  const targetOsSku = text(entity, 'targetOsSku');
  const newPoolName = text(entity, 'newPoolName');
  const errorCode = text(entity, 'lastErrorCode');
  const actors = actorsOf(entity);
  const runId = text(entity, 'runId');
  return {
    instanceId: entity.rowKey ?? '',
    ...(runId !== undefined ? { runId } : {}),
    clusterResourceId: text(entity, 'clusterResourceId') ?? '',
    poolName: text(entity, 'poolName') ?? '',
    ...(targetOsSku !== undefined ? { targetOsSku } : {}),
    ...(newPoolName !== undefined ? { newPoolName } : {}),
    state: text(entity, 'state') as UpgradeRecord['state'],
    startedBy: text(entity, 'startedBy') as UpgradeRecord['startedBy'],
    createdAt: text(entity, 'createdAt') ?? '',
    updatedAt: text(entity, 'updatedAt') ?? '',
    ...(errorCode !== undefined
      ? { lastError: { code: errorCode, message: text(entity, 'lastErrorMessage') ?? '' } }
      : {}),
    ...(actors !== undefined ? { actors } : {}),
  };
}

/** The OData filter of a listing (undefined: every upgrade). */
export function upgradeFilterText(filter: UpgradeFilter): string {
  const clauses = [odata`PartitionKey eq ${UPGRADES_PARTITION}`];
  if (filter.state !== undefined) clauses.push(odata`state eq ${filter.state}`);
  if (filter.clusterResourceId !== undefined) {
    clauses.push(odata`clusterKey eq ${filter.clusterResourceId.toLowerCase()}`);
  }
  if (filter.since !== undefined) clauses.push(odata`createdAt ge ${isoTime(filter.since)}`);
  return clauses.join(' and ');
}
