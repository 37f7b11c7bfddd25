import { loadConfig, type Config } from '../../../src/config.js';
import { createApp, type App, type AppDeps } from '../../../src/app/index.js';
import { settingsOf } from '../../../src/composition.js';
import type { FleetReportStore, PoolEventLog } from '../../../src/ports/fleet.js';
import type { InstanceStatus, OrchestrationClient } from '../../../src/ports/orchestration.js';
import type { ApiRequest } from '../../../src/api/request.js';
import type {
  UpgradeFilter,
  UpgradePage,
  UpgradeRecord,
  UpgradeStore,
  WorkloadProgress,
} from '../../../src/ports/store.js';
import type { Plan } from '../../../src/domain/plan.js';
import { SUBSCRIPTION } from '../../support/bad-requests.js';

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
  terminate(instanceId: string): Promise<void> {
    const existing = this.instances.get(instanceId);
    if (existing) this.instances.set(instanceId, { ...existing, runtimeStatus: 'Terminated' });
    return Promise.resolve();
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
  upsertUpgrade(record: UpgradeRecord): Promise<void> {
    this.upgrades.set(record.instanceId, record);
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
}

/** Not used by the upgrade routes: any call fails the test. */
const unused = new Proxy(
  {},
  {
    get: (_target, name) => () => Promise.reject(new Error(`unexpected call ${String(name)}`)),
  },
);

export function fakes(config: Config = testConfig()): Fakes {
  const client = new FakeClient();
  const store = new FakeStore();
  const deps: AppDeps = {
    client,
    store,
    fleetStore: unused as FleetReportStore,
    eventLog: unused as PoolEventLog,
    aks: unused as AppDeps['aks'],
    settings: settingsOf(config),
    now: () => new Date('2026-11-28T10:00:00.000Z'),
    log: { info: () => undefined, warn: () => undefined },
    planWaitMs: 50,
    sleep: () => Promise.resolve(),
  };
  return { deps, app: createApp(deps), client, store };
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
