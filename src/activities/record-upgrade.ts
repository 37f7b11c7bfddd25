/**
 * recordUpgrade: the upgrades table row behind `GET /api/upgrades`, written on state changes. The
 * first write's createdAt is kept; a repeat with nothing new writes nothing. A row that says
 * `Terminated` is left alone: a terminated run's activities may still finish after the terminate
 * recorded what it left, and must not write it back to Running (a new start writes its own row first).
 * The row's actors (who started, approved, cancelled) are not written here: the store keeps them.
 * The state's lifecycle event (shared/lifecycle.ts) is published before the row is written.
 */
import { canonicalJson } from '../domain/hash.js';
import type { UpgradeRecord } from '../ports/store.js';
import type { RecordUpgradeInput } from '../workflow/contracts/index.js';
import type { ActivityDeps } from './shared/deps.js';
import { publishTransition, type LifecycleDeps } from './shared/lifecycle.js';

export type RecordUpgradeDeps = Pick<ActivityDeps, 'store' | 'now'> &
  Partial<Pick<LifecycleDeps, 'events' | 'baseUrl' | 'log'>>;

/** What a state write compares: not the time, nor who acted (written by the API, never here). */
const withoutTime = (r: UpgradeRecord): string =>
  canonicalJson({ ...r, updatedAt: undefined, actors: undefined });

export async function recordUpgrade(
  deps: RecordUpgradeDeps,
  input: RecordUpgradeInput,
): Promise<UpgradeRecord> {
  const existing = await deps.store.getUpgrade(input.instanceId);
  if (existing?.state === 'Terminated') return existing;
  if (deps.log !== undefined)
    await publishTransition({ ...deps, log: deps.log }, input, existing);
  const record = rowOf(input, existing, deps.now().toISOString());
  if (existing !== undefined && withoutTime(existing) === withoutTime(record)) return existing;
  await deps.store.upsertUpgrade(record);
  return record;
}

/** The row as this state leaves it: what the input says, the rest kept from the existing row. */
function rowOf(
  input: RecordUpgradeInput,
  existing: UpgradeRecord | undefined,
  now: string,
): UpgradeRecord {
  const runId = input.request.runId ?? existing?.runId;
  const targetOsSku = input.targetOsSku ?? existing?.targetOsSku;
  const newPoolName = input.newPoolName ?? existing?.newPoolName;
  return {
    instanceId: input.instanceId,
    ...(runId !== undefined ? { runId } : {}),
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
}
