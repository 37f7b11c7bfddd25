import { loadConfig, type Config } from '../../../src/config.js';
import { createApp, type App, type AppDeps } from '../../../src/app/index.js';
import { settingsOf } from '../../../src/composition.js';
import type { ClusterLease, ClusterLocks } from '../../../src/ports/cluster-lock.js';
import type { FleetReportStore, PoolEventLog } from '../../../src/ports/fleet.js';
import type {
  InstanceQuery,
  InstanceStatus,
  OrchestrationClient,
} from '../../../src/ports/orchestration.js';
import type { ApiRequest } from '../../../src/api/request.js';
import type {
  UpgradeFilter,
  UpgradePage,
  UpgradeRecord,
  UpgradeStore,
  WorkloadProgress,
} from '../../../src/ports/store.js';
import type { Plan } from '../../../src/domain/plan.js';
import type { ActorAction, ActorRecord } from '../../../src/domain/identity.js';
import { mergeUpgradeRow, recordActorOnRow } from '../../support/upgrade-rows.js';
import type { ClusterFacts, PoolSummary } from '../../../src/domain/azure-facts.js';
import { WinshiftError } from '../../../src/domain/errors.js';
import type { AksPort } from '../../../src/ports/azure.js';
import { CLUSTER, SUBSCRIPTION } from '../../support/bad-requests.js';

export { CLUSTER, OTHER_SUBSCRIPTION, SUBSCRIPTION } from '../../support/bad-requests.js';

export const TEST_SETTINGS = {
  AzureWebJobsStorage: 'UseDevelopmentStorage=true',
  WINSHIFT_TASK_HUB: 'winshifttest',
  WINSHIFT_SUBSCRIPTIONS: SUBSCRIPTION,
};

export const testConfig = (): Config => loadConfig(TEST_SETTINGS);

/** A Durable client over a map of instances; a start of a running id is refused as the host does. */
export class FakeClient implements OrchestrationClient {
  readonly instances = new Map<string, InstanceStatus & { input: unknown }>();
  readonly started: { orchestrator: string; instanceId: string; input: unknown }[] = [];
  readonly events: { instanceId: string; eventName: string; data: unknown }[] = [];
  /** What the next getStatus of an id answers after a start (the dry run's end). */
  finishWith: Partial<InstanceStatus> | undefined;

  startNew(
    orchestrator: string,
    instanceId: string,
    input: unknown,
  ): Promise<'started' | 'running'> {
    const existing = this.instances.get(instanceId);
    if (existing && ['Running', 'Pending'].includes(existing.runtimeStatus)) {
      return Promise.resolve('running');
    }
    this.started.push({ orchestrator, instanceId, input });
    this.instances.set(instanceId, {
      instanceId,
      name: orchestrator,
      runtimeStatus: 'Pending',
      createdTime: '2026-11-28T10:00:00.000Z',
      lastUpdatedTime: '2026-11-28T10:00:00.000Z',
      input,
      ...this.finishWith,
    });
    return Promise.resolve('started');
  }
  getStatus(instanceId: string): Promise<InstanceStatus | undefined> {
    return Promise.resolve(this.instances.get(instanceId));
  }
  raiseEvent(instanceId: string, eventName: string, data: unknown): Promise<void> {
    this.events.push({ instanceId, eventName, data });
    return Promise.resolve();
  }
  readonly terminated: { instanceId: string; reason: string }[] = [];
  /** What a terminate leaves: Terminated at once (the host's answer), or the status as it is. */
  terminateTakesEffect = true;
  terminate(instanceId: string, reason: string): Promise<void> {
    this.terminated.push({ instanceId, reason });
    const existing = this.instances.get(instanceId);
    if (existing && this.terminateTakesEffect)
      this.instances.set(instanceId, { ...existing, runtimeStatus: 'Terminated', output: reason });
    return Promise.resolve();
  }
  readonly queries: InstanceQuery[] = [];
  readonly purged: string[] = [];
  /** The host's query: created before the time, in one of the statuses. */
  listInstances(query: InstanceQuery): Promise<readonly InstanceStatus[]> {
    this.queries.push(query);
    return Promise.resolve(
      [...this.instances.values()].filter(
        (i) =>
          Date.parse(i.createdTime) <= query.createdBefore.getTime() &&
          query.runtimeStatus.includes(i.runtimeStatus),
      ),
    );
  }
  purge(instanceId: string): Promise<boolean> {
    this.purged.push(instanceId);
    return Promise.resolve(this.instances.delete(instanceId));
  }
  set(status: Partial<InstanceStatus> & { instanceId: string }): void {
    this.instances.set(status.instanceId, {
      name: 'upgradeWindowsPool',
      runtimeStatus: 'Running',
      createdTime: '2026-11-28T10:00:00.000Z',
      lastUpdatedTime: '2026-11-28T10:00:00.000Z',
      input: null,
      ...status,
    });
  }
}

/** The pools of CLUSTER: a Linux system pool, the Windows Server 2019 pool win19 and a 2022 one. */
export const CLUSTER_POOLS: readonly PoolSummary[] = [
  { name: 'system', osType: 'Linux', osSku: 'Ubuntu' },
  { name: 'win19', osType: 'Windows', osSku: 'Windows2019' },
  { name: 'w22a', osType: 'Windows', osSku: 'Windows2022' },
];

/**
 * ARM's cluster read over a map of clusters (CLUSTER on Kubernetes 1.31 with CLUSTER_POOLS); an
 * unknown id is NOT_FOUND, `failWith` fails every read.
 */
export class FakeAks implements Pick<AksPort, 'getCluster'> {
  readonly clusters = new Map<string, ClusterFacts>();
  readonly reads: string[] = [];
  failWith: Error | undefined;

  constructor() {
    this.put(CLUSTER, CLUSTER_POOLS);
  }

  put(resourceId: string, pools: readonly PoolSummary[], kubernetesVersion = '1.31.5'): void {
    const name = resourceId.split('/').pop() ?? '';
    this.clusters.set(resourceId.toLowerCase(), {
      resourceId,
      subscriptionId: SUBSCRIPTION,
      resourceGroup: 'rg-shop',
      name,
      location: 'westeurope',
      kubernetesVersion,
      nodeResourceGroup: `MC_rg-shop_${name}_westeurope`,
      aadEnabled: false,
      privateCluster: false,
      restrictionLevel: 'Unrestricted',
      pools,
    });
  }

  /** Adds Windows Server 2019 pools to CLUSTER. */
  addPools(...names: string[]): void {
    const cluster = this.clusters.get(CLUSTER.toLowerCase());
    const added = names.map((name) => ({ name, osType: 'Windows', osSku: 'Windows2019' }));
    this.put(CLUSTER, [...(cluster?.pools ?? []), ...added]);
  }

  getCluster(resourceId: string): Promise<ClusterFacts> {
    this.reads.push(resourceId);
    if (this.failWith) return Promise.reject(this.failWith);
    const found = this.clusters.get(resourceId.toLowerCase());
    return found
      ? Promise.resolve(found)
      : Promise.reject(new WinshiftError('NOT_FOUND', `cluster ${resourceId} was not found`));
  }
}

export class FakeStore implements UpgradeStore {
  readonly upgrades = new Map<string, UpgradeRecord>();
  readonly plans = new Map<string, Plan>();
  readonly progress = new Map<string, readonly WorkloadProgress[]>();
  lastFilter: UpgradeFilter | undefined;
  failing = false;

  savePlan(id: string, plan: Plan): Promise<void> {
    this.plans.set(id, plan);
    return Promise.resolve();
  }
  loadPlan(id: string): Promise<Plan | undefined> {
    return Promise.resolve(this.plans.get(id));
  }
  deletePlan(id: string): Promise<void> {
    this.plans.delete(id);
    return Promise.resolve();
  }
  saveOriginalOnce<T>(_id: string, original: T): Promise<T> {
    return Promise.resolve(original);
  }
  loadOriginals(): Promise<never[]> {
    return Promise.resolve([]);
  }
  saveCordonedNodes(): Promise<void> {
    return Promise.resolve();
  }
  loadCordonedNodes(): Promise<never[]> {
    return Promise.resolve([]);
  }
  saveProgress(id: string, progress: readonly WorkloadProgress[]): Promise<void> {
    this.progress.set(id, progress);
    return Promise.resolve();
  }
  loadProgress(id: string): Promise<readonly WorkloadProgress[]> {
    return Promise.resolve(this.progress.get(id) ?? []);
  }
  /** Merge, as the Table store: a record without actors keeps the stored ones. */
  upsertUpgrade(record: UpgradeRecord): Promise<void> {
    mergeUpgradeRow(this.upgrades, record);
    return Promise.resolve();
  }
  recordActor(instanceId: string, action: ActorAction, actor: ActorRecord): Promise<void> {
    recordActorOnRow(this.upgrades, instanceId, action, actor);
    return Promise.resolve();
  }
  getUpgrade(id: string): Promise<UpgradeRecord | undefined> {
    return Promise.resolve(this.upgrades.get(id));
  }
  listUpgrades(filter: UpgradeFilter): Promise<UpgradePage> {
    this.lastFilter = filter;
    if (this.failing) return Promise.reject(new Error('[TRANSIENT] AccountKey=secret unreachable'));
    const items = [...this.upgrades.values()].slice(0, filter.pageSize);
    return Promise.resolve(
      this.upgrades.size > filter.pageSize ? { items, continuationToken: 'next-1' } : { items },
    );
  }
}

export interface Fakes {
  /** The application's dependencies over the fakes. */
  readonly deps: AppDeps;
  /** The application over `deps`: what the API handlers are given. */
  readonly app: App;
  readonly client: FakeClient;
  readonly store: FakeStore;
  readonly aks: FakeAks;
  readonly locks: FakeLocks;
}

/** Not used by the upgrade routes: any call fails the test. */
const unused = new Proxy(
  {},
  {
    get: (_target, name) => () => Promise.reject(new Error(`unexpected call ${String(name)}`)),
  },
);

/** Cluster leases in memory, with the Table adapter's semantics (a take on a stale read fails). */
export class FakeLocks implements ClusterLocks {
  readonly leases = new Map<string, ClusterLease>();
  private version = 0;

  read(clusterResourceId: string): Promise<ClusterLease | undefined> {
    return Promise.resolve(this.leases.get(clusterResourceId.toLowerCase()));
  }
  take(
    clusterResourceId: string,
    holder: { instanceId: string; poolName: string },
    expected: ClusterLease | undefined,
  ): Promise<boolean> {
    const key = clusterResourceId.toLowerCase();
    if (this.leases.get(key)?.etag !== expected?.etag) return Promise.resolve(false);
    this.version += 1;
    this.leases.set(key, {
      holder: holder.instanceId,
      poolName: holder.poolName,
      etag: String(this.version),
    });
    return Promise.resolve(true);
  }
}

export function fakes(config: Config = testConfig()): Fakes {
  const client = new FakeClient();
  const store = new FakeStore();
  const aks = new FakeAks();
  const locks = new FakeLocks();
  const deps: AppDeps = {
    client,
    store,
    locks,
    fleetStore: unused as FleetReportStore,
    eventLog: unused as PoolEventLog,
    aks,
    settings: settingsOf(config),
    now: () => new Date('2026-11-28T10:00:00.000Z'),
    log: { info: () => undefined, warn: () => undefined },
    planWaitMs: 50,
    sleep: () => Promise.resolve(),
  };
  return { deps, app: createApp(deps), client, store, aks, locks };
}

export function request(
  init: {
    url?: string;
    body?: unknown;
    rawBody?: string;
    params?: Record<string, string>;
    query?: string;
    headers?: Record<string, string>;
  } = {},
): ApiRequest {
  const text = init.rawBody ?? (init.body === undefined ? '' : JSON.stringify(init.body));
  const headers = new Headers(init.headers ?? {});
  return {
    url: init.url ?? `http://localhost:7071/api/upgrades${init.query ? `?${init.query}` : ''}`,
    params: init.params ?? {},
    query: new URLSearchParams(init.query ?? ''),
    headers,
    text: () => Promise.resolve(text),
  };
}
