/**
 * recordUpgrade: the upgrades table row behind `GET /api/upgrades`, written on state changes. The
 * first write's createdAt is kept; a repeat with nothing new writes nothing. A row that says
 * `Terminated` is left alone: a terminated run's activities may still finish after the terminate
 * recorded what it left, and must not write it back to Running (a new start writes its own row first).
 * The row's actors (who started, approved, cancelled) are not written here: the store keeps them.
 */
import { canonicalJson } from '../domain/hash.js';
import type { UpgradeRecord } from '../ports/store.js';
import type { RecordUpgradeInput } from '../workflow/contracts/index.js';
import type { ActivityDeps } from './shared/deps.js';

export type RecordUpgradeDeps = Pick<ActivityDeps, 'store' | 'now'>;

/** What a state write compares: not the time, nor who acted (written by the API, never here). */
const withoutTime = (r: UpgradeRecord): string =>
  canonicalJson({ ...r, updatedAt: undefined, actors: undefined });

export async function recordUpgrade(
  deps: RecordUpgradeDeps,
  input: RecordUpgradeInput,
): Promise<UpgradeRecord> {
  const existing = await deps.store.getUpgrade(input.instanceId);
  if (existing?.state === 'Terminated') return existing;
  const now = deps.now().toISOString();
  const targetOsSku = input.targetOsSku ?? existing?.targetOsSku;
  const newPoolName = input.newPoolName ?? existing?.newPoolName;
  const record: UpgradeRecord = {
    instanceId: input.instanceId,
    clusterResourceId: input.request.clusterResourceId,
    poolName: input.request.poolName,
    ...(targetOsSku !== undefined ? { targetOsSku } : {}),
    ...(newPoolName !== undefined ? { newPoolName } : {}),
    state: input.state,
    startedBy: input.request.startedBy,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    ...(input.lastError !== undefined ? { lastError: input.lastError } : {}),
  };
  if (existing !== undefined && withoutTime(existing) === withoutTime(record)) return existing;
  await deps.store.upsertUpgrade(record);
  return record;
}
