import type { ActorAction, ActorRecord } from '../../src/domain/identity.js';
import type { UpgradeRecord } from '../../src/ports/store.js';

/**
 * An upgrades row written as the Table store writes it (Merge): a record without `actors` keeps the
 * stored ones, one with them replaces all; read back without `actors` when none is set.
 */
export function mergeUpgradeRow(rows: Map<string, UpgradeRecord>, record: UpgradeRecord): void {
  const { actors: given, ...rest } = record;
  const actors = given ?? rows.get(record.instanceId)?.actors;
  const empty = actors === undefined || Object.keys(actors).length === 0;
  rows.set(record.instanceId, empty ? (given ? rest : record) : { ...rest, actors });
}

/** One actor column of an existing row (a missing row stays missing). */
export function recordActorOnRow(
  rows: Map<string, UpgradeRecord>,
  instanceId: string,
  action: ActorAction,
  actor: ActorRecord,
): void {
  const row = rows.get(instanceId);
  if (row) rows.set(instanceId, { ...row, actors: { ...row.actors, [action]: actor } });
}
