// Typed fakes of the fleet ports, shared by the fleet and events unit tests.
import { WinshiftError, type ErrorCode } from '../../../src/domain/errors.js';
import { compareEntries, summarize } from '../../../src/domain/fleet-report.js';
import type {
  AksPort,
  ClusterFacts,
  ListClustersOptions,
  PoolSummary,
} from '../../../src/ports/azure.js';
import type {
  FleetEntry,
  FleetReport,
  FleetReportHeader,
  FleetReportStore,
  PoolEventLog,
  PoolEventNote,
  StartResult,
  UpgradeStarter,
} from '../../../src/ports/fleet.js';

export const SUB_A = '00000000-0000-0000-0000-00000000000a';
export const SUB_B = '00000000-0000-0000-0000-00000000000b';

export function cluster(
  subscriptionId: string,
  name: string,
  kubernetesVersion: string,
  pools: readonly PoolSummary[],
): ClusterFacts {
  return {
    resourceId: `/subscriptions/${subscriptionId}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/${name}`,
    subscriptionId,
    resourceGroup: 'rg',
    name,
    location: 'westeurope',
    kubernetesVersion,
    nodeResourceGroup: `MC_rg_${name}_westeurope`,
    aadEnabled: false,
    privateCluster: false,
    restrictionLevel: 'Unrestricted',
    pools,
  };
}

/** Clusters per subscription, listed `pageSize` per page; failures armed per subscription. */
export class FakeAks implements Pick<AksPort, 'listClusters' | 'getCluster'> {
  readonly failures = new Map<string, { code: ErrorCode; times: number }>();
  listCalls = 0;
  constructor(
    readonly clusters: readonly ClusterFacts[],
    readonly pageSize = 2,
  ) {}

  async *listClusters(
    subscriptionId: string,
    options?: ListClustersOptions,
  ): AsyncIterable<ClusterFacts> {
    this.listCalls += 1;
    const failure = this.failures.get(subscriptionId);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      await options?.beforePageRequest?.();
      throw new WinshiftError(failure.code, `list of ${subscriptionId} failed on purpose`);
    }
    const mine = this.clusters.filter((c) => c.subscriptionId === subscriptionId);
    for (let i = 0; i === 0 || i < mine.length; i += this.pageSize) {
      await options?.beforePageRequest?.();
      yield* mine.slice(i, i + this.pageSize);
    }
  }

  getCluster(id: string): Promise<ClusterFacts> {
    const found = this.clusters.find((c) => c.resourceId.toLowerCase() === id.toLowerCase());
    return found
      ? Promise.resolve(found)
      : Promise.reject(new WinshiftError('NOT_FOUND', `cluster ${id} not found`));
  }
}

export class MemoryFleetStore implements FleetReportStore {
  readonly scans = new Map<string, Map<string, FleetEntry>>();
  header: FleetReportHeader | undefined;
  updatedAt: string | undefined;

  #rows(scanId: string): Map<string, FleetEntry> {
    let rows = this.scans.get(scanId);
    if (!rows) this.scans.set(scanId, (rows = new Map<string, FleetEntry>()));
    return rows;
  }

  saveEntries(scanId: string, entries: readonly FleetEntry[]): Promise<void> {
    for (const e of entries)
      this.#rows(scanId).set(`${e.clusterResourceId.toLowerCase()}|${e.poolName}`, e);
    return Promise.resolve();
  }

  publish(header: FleetReportHeader): Promise<void> {
    this.header = header;
    return Promise.resolve();
  }

  latest(): Promise<FleetReport | undefined> {
    if (!this.header) return Promise.resolve(undefined);
    const entries = [...this.#rows(this.header.scanId).values()].sort(compareEntries);
    return Promise.resolve({ ...this.header, entries, summary: summarize(entries) });
  }

  replaceClusterEntries(id: string, entries: readonly FleetEntry[], at: string): Promise<boolean> {
    if (!this.header) return Promise.resolve(false);
    const rows = this.#rows(this.header.scanId);
    for (const key of [...rows.keys()])
      if (key.startsWith(`${id.toLowerCase()}|`)) rows.delete(key);
    for (const e of entries) rows.set(`${id.toLowerCase()}|${e.poolName}`, e);
    this.updatedAt = at;
    return Promise.resolve(true);
  }
}

export class FakeStarter implements UpgradeStarter {
  readonly calls: { clusterResourceId: string; poolName: string; startedBy: string }[] = [];
  /** Pools (`<cluster id>|<pool>`) already being upgraded: a start answers `running` (the 409). */
  readonly running = new Set<string>();

  start(
    target: { clusterResourceId: string; poolName: string },
    startedBy: 'fleetScan' | 'eventGrid',
  ): Promise<StartResult> {
    this.calls.push({ ...target, startedBy });
    const key = `${target.clusterResourceId}|${target.poolName}`;
    const instanceId = `up-${target.poolName}`;
    if (this.running.has(key)) return Promise.resolve({ outcome: 'running', instanceId });
    this.running.add(key);
    return Promise.resolve({ outcome: 'started', instanceId });
  }
}

export class MemoryEventLog implements PoolEventLog {
  readonly notes = new Map<string, PoolEventNote>();
  record(note: PoolEventNote): Promise<void> {
    this.notes.set(`${note.instanceId}|${note.eventId}`, note);
    return Promise.resolve();
  }
  list(instanceId: string): Promise<readonly PoolEventNote[]> {
    return Promise.resolve([...this.notes.values()].filter((n) => n.instanceId === instanceId));
  }
}
