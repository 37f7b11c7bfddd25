/**
 * In-memory UpgradeStore with the adapter's semantics: upserts, first-write-wins originals per run,
 * cordoned nodes added to per run and pool.
 */
import type { Plan } from '../../../../src/domain/plan.js';
import type { ActorAction, ActorRecord } from '../../../../src/domain/identity.js';
import { mergeUpgradeRow, recordActorOnRow } from '../../../support/upgrade-rows.js';
import type {
  UpgradeFilter,
  UpgradePage,
  UpgradeRecord,
  UpgradeStore,
  WorkloadOriginal,
  WorkloadProgress,
} from '../../../../src/ports/store.js';
import type { Write } from './fake-kube.js';
import { workloadKey } from '../../../../src/domain/workload-ref.js';

export class FakeStore implements UpgradeStore {
  readonly plans = new Map<string, Plan>();
  readonly originals = new Map<string, Map<string, WorkloadOriginal>>();
  readonly progress = new Map<string, Map<string, WorkloadProgress>>();
  /** `<run id> <pool>` -> the nodes that run cordoned there. */
  readonly cordoned = new Map<string, Set<string>>();
  readonly upgrades = new Map<string, UpgradeRecord>();
  readonly writes: Write[] = [];

  writesOf(op: string): Write[] {
    return this.writes.filter((w) => w.op === op);
  }

  savePlan(instanceId: string, plan: Plan): Promise<void> {
    this.plans.set(instanceId, structuredClone(plan));
    return Promise.resolve();
  }
  loadPlan(instanceId: string): Promise<Plan | undefined> {
    const plan = this.plans.get(instanceId);
    return Promise.resolve(plan && structuredClone(plan));
  }
  deletePlan(instanceId: string): Promise<void> {
    this.plans.delete(instanceId);
    return Promise.resolve();
  }
  /** Keyed by run id, as the port says. */
  saveOriginalOnce(runId: string, original: WorkloadOriginal): Promise<WorkloadOriginal> {
    const map = this.originals.get(runId) ?? new Map<string, WorkloadOriginal>();
    this.originals.set(runId, map);
    const existing = map.get(workloadKey(original.ref));
    if (existing) return Promise.resolve(existing);
    this.writes.push({ op: 'saveOriginal', target: workloadKey(original.ref), body: original });
    map.set(workloadKey(original.ref), structuredClone(original));
    return Promise.resolve(original);
  }
  loadOriginals(runId: string): Promise<readonly WorkloadOriginal[]> {
    return Promise.resolve([...(this.originals.get(runId)?.values() ?? [])]);
  }
  saveCordonedNodes(runId: string, pool: string, nodeNames: readonly string[]): Promise<void> {
    const set = this.cordoned.get(`${runId} ${pool}`) ?? new Set<string>();
    this.cordoned.set(`${runId} ${pool}`, set);
    for (const node of nodeNames) set.add(node);
    this.writes.push({ op: 'saveCordonedNodes', target: `${runId} ${pool}`, body: nodeNames });
    return Promise.resolve();
  }
  loadCordonedNodes(runId: string, pool: string): Promise<readonly string[]> {
    return Promise.resolve([...(this.cordoned.get(`${runId} ${pool}`) ?? [])]);
  }
  saveProgress(instanceId: string, rows: readonly WorkloadProgress[]): Promise<void> {
    const map = this.progress.get(instanceId) ?? new Map<string, WorkloadProgress>();
    this.progress.set(instanceId, map);
    for (const row of rows) map.set(workloadKey(row.ref), row);
    this.writes.push({ op: 'saveProgress', target: instanceId, body: rows });
    return Promise.resolve();
  }
  loadProgress(instanceId: string): Promise<readonly WorkloadProgress[]> {
    return Promise.resolve([...(this.progress.get(instanceId)?.values() ?? [])]);
  }
  /** Merge, as the Table store: a record without actors keeps the stored ones. */
  upsertUpgrade(record: UpgradeRecord): Promise<void> {
    this.writes.push({ op: 'upsertUpgrade', target: record.instanceId, body: record });
    mergeUpgradeRow(this.upgrades, record);
    return Promise.resolve();
  }
  recordActor(instanceId: string, action: ActorAction, actor: ActorRecord): Promise<void> {
    recordActorOnRow(this.upgrades, instanceId, action, actor);
    return Promise.resolve();
  }
  getUpgrade(instanceId: string): Promise<UpgradeRecord | undefined> {
    return Promise.resolve(this.upgrades.get(instanceId));
  }
  listUpgrades(filter: UpgradeFilter): Promise<UpgradePage> {
    const items = [...this.upgrades.values()].filter(
      (u) => filter.state === undefined || u.state === filter.state,
    );
    return Promise.resolve({ items: items.slice(0, filter.pageSize) });
  }
}
