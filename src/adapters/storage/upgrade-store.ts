/**
 * UpgradeStore over Azure Table storage (Azurite locally). Three tables, named after the task hub so
 * two hubs on one account never share rows:
 * - `<prefix>Plans`: partition = instance id, rows `plan-000`, `plan-001`, ... holding the plan's JSON
 *   (a plan runs to hundreds of KB; see chunks.ts).
 * - `<prefix>Workloads`: partition = instance id, rows `original~<workload>` (first write wins) and
 *   `progress~<workload>`.
 * - `<prefix>Upgrades`: one partition, row = instance id; filtered by state, cluster and creation time.
 */
import type { TokenCredential } from '@azure/core-auth';
import { odata, type TableClient, type TableEntityResult } from '@azure/data-tables';
import type { StorageConfig } from '../../config.js';
import type { Plan } from '../../domain/plan.js';
import type { WorkloadRef } from '../../ports/kubernetes.js';
import type {
  UpgradeFilter,
  UpgradePage,
  UpgradeRecord,
  UpgradeStore,
  WorkloadOriginal,
  WorkloadProgress,
} from '../../ports/store.js';
import { azureCall, azureCallOrUndefined, statusOf, toWinshiftError } from '../errors.js';
import { readRows, readText, textProperties, textRows, type Properties } from './chunks.js';
import { lazyTable, tableClientFactory, type TableClientFactory } from './connection.js';

type Entity = TableEntityResult<Properties>;

const UPGRADES_PARTITION = 'upgrades';
const ORIGINAL = 'original~';
const PROGRESS = 'progress~';
/** The service's limit on the operations of one transaction. */
const TRANSACTION_LIMIT = 100;

/** Table keys forbid `/`, `\`, `#`, `?` and control characters; percent-encoding removes them all. */
export function workloadKey(ref: WorkloadRef): string {
  return [ref.kind, ref.namespace, ref.name].map((part) => encodeURIComponent(part)).join('~');
}

function planRowKey(index: number): string {
  return `plan-${String(index).padStart(3, '0')}`;
}

/** Rows whose key starts with `prefix`, in one partition. */
function prefixFilter(partitionKey: string, prefix: string): string {
  // `~` sorts after every character encodeURIComponent emits, so this bounds the prefix's range.
  const end = `${prefix.slice(0, -1)}${String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)}`;
  return odata`PartitionKey eq ${partitionKey} and RowKey ge ${prefix} and RowKey lt ${end}`;
}

async function all(client: TableClient, filter: string): Promise<Entity[]> {
  const rows: Entity[] = [];
  for await (const row of client.listEntities<Properties>({ queryOptions: { filter } })) {
    rows.push(row);
  }
  return rows;
}

function json<T>(entity: Properties): T {
  const text = readText(entity, 'json');
  if (text === undefined) throw new Error('table entity holds no json');
  return JSON.parse(text) as T;
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

function upgradeEntity(
  record: UpgradeRecord,
): Properties & { partitionKey: string; rowKey: string } {
  return {
    partitionKey: UPGRADES_PARTITION,
    rowKey: record.instanceId,
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
  };
}

function upgradeRecord(entity: Properties & { rowKey?: string }): UpgradeRecord {
  const targetOsSku = text(entity, 'targetOsSku');
  const newPoolName = text(entity, 'newPoolName');
  const errorCode = text(entity, 'lastErrorCode');
  return {
    instanceId: entity.rowKey ?? '',
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

export class TableUpgradeStore implements UpgradeStore {
  private readonly plans: () => Promise<TableClient>;
  private readonly workloads: () => Promise<TableClient>;
  private readonly upgrades: () => Promise<TableClient>;

  constructor(clientOf: TableClientFactory, tablePrefix: string) {
    this.plans = lazyTable(clientOf(`${tablePrefix}Plans`));
    this.workloads = lazyTable(clientOf(`${tablePrefix}Workloads`));
    this.upgrades = lazyTable(clientOf(`${tablePrefix}Upgrades`));
  }

  async savePlan(instanceId: string, plan: Plan): Promise<void> {
    const client = await this.plans();
    const rows = textRows(JSON.stringify(plan));
    // Row 0 names the row count, so it goes last: a reader never sees a count ahead of its rows.
    const order = [...rows.keys()].slice(1).concat(0);
    for (const index of order) {
      await azureCall(`saving the plan of ${instanceId}`, () =>
        client.upsertEntity(
          { partitionKey: instanceId, rowKey: planRowKey(index), ...rows[index] },
          'Replace',
        ),
      );
    }
  }

  async loadPlan(instanceId: string): Promise<Plan | undefined> {
    const client = await this.plans();
    const rows = await azureCall(`loading the plan of ${instanceId}`, () =>
      all(client, prefixFilter(instanceId, 'plan-')),
    );
    rows.sort((a, b) => ((a.rowKey ?? '') < (b.rowKey ?? '') ? -1 : 1));
    const textValue = readRows(rows);
    return textValue === undefined ? undefined : (JSON.parse(textValue) as Plan);
  }

  async saveOriginalOnce(
    instanceId: string,
    original: WorkloadOriginal,
  ): Promise<WorkloadOriginal> {
    const client = await this.workloads();
    const rowKey = ORIGINAL + workloadKey(original.ref);
    const entity = {
      partitionKey: instanceId,
      rowKey,
      ...original.ref,
      ...textProperties('json', JSON.stringify(original)),
    };
    try {
      await client.createEntity(entity);
      return original;
    } catch (error) {
      if (statusOf(error) !== 409) throw toWinshiftError(error, `saving the original of ${rowKey}`);
    }
    // Already saved by an earlier attempt: that one is the true original.
    const existing = await azureCall(`reading the original of ${rowKey}`, () =>
      client.getEntity<Properties>(instanceId, rowKey),
    );
    return json<WorkloadOriginal>(existing);
  }

  async loadOriginals(instanceId: string): Promise<readonly WorkloadOriginal[]> {
    const client = await this.workloads();
    const rows = await azureCall(`loading the originals of ${instanceId}`, () =>
      all(client, prefixFilter(instanceId, ORIGINAL)),
    );
    return rows.map((row) => json<WorkloadOriginal>(row));
  }

  async saveProgress(instanceId: string, progress: readonly WorkloadProgress[]): Promise<void> {
    const client = await this.workloads();
    for (let i = 0; i < progress.length; i += TRANSACTION_LIMIT) {
      const actions = progress.slice(i, i + TRANSACTION_LIMIT).map(
        (p) =>
          [
            'upsert',
            {
              partitionKey: instanceId,
              rowKey: PROGRESS + workloadKey(p.ref),
              ...p.ref,
              ...textProperties('json', JSON.stringify(p)),
            },
            'Replace',
          ] as const,
      );
      await azureCall(`saving the progress of ${instanceId}`, () =>
        client.submitTransaction(actions.map((a) => [...a])),
      );
    }
  }

  async loadProgress(instanceId: string): Promise<readonly WorkloadProgress[]> {
    const client = await this.workloads();
    const rows = await azureCall(`loading the progress of ${instanceId}`, () =>
      all(client, prefixFilter(instanceId, PROGRESS)),
    );
    return rows.map((row) => json<WorkloadProgress>(row));
  }

  async upsertUpgrade(record: UpgradeRecord): Promise<void> {
    const client = await this.upgrades();
    await azureCall(`recording upgrade ${record.instanceId}`, () =>
      client.upsertEntity(upgradeEntity(record), 'Replace'),
    );
  }

  async getUpgrade(instanceId: string): Promise<UpgradeRecord | undefined> {
    const client = await this.upgrades();
    const entity = await azureCallOrUndefined(`reading upgrade ${instanceId}`, () =>
      client.getEntity<Properties>(UPGRADES_PARTITION, instanceId),
    );
    return entity === undefined ? undefined : upgradeRecord(entity);
  }

  /**
   * One page in instance id order. The service may end a filtered page early, even empty, with a
   * token; empty pages are skipped so a caller only sees an empty page at the end.
   */
  async listUpgrades(filter: UpgradeFilter): Promise<UpgradePage> {
    const client = await this.upgrades();
    const filterText = upgradeFilterText(filter);
    let token = filter.continuationToken;
    for (;;) {
      const page = await azureCall('listing upgrades', async () => {
        const pages = client
          .listEntities<Properties>({ queryOptions: { filter: filterText } })
          .byPage({ maxPageSize: filter.pageSize, ...(token ? { continuationToken: token } : {}) });
        const next = await pages.next();
        return next.done === true ? undefined : next.value;
      });
      const items = (page ?? []).map((entity) => upgradeRecord(entity));
      token = page?.continuationToken;
      if (items.length > 0 || token === undefined) {
        return token === undefined ? { items } : { items, continuationToken: token };
      }
    }
  }
}

/**
 * The store over the storage the task hub uses. `UseDevelopmentStorage=true` means Azurite's default
 * endpoint; an account name means `https://<account>.table.core.windows.net` with `credential`.
 */
export function createTableUpgradeStore(
  storage: StorageConfig,
  tablePrefix: string,
  credential?: TokenCredential,
): UpgradeStore {
  return new TableUpgradeStore(tableClientFactory(storage, credential), tablePrefix);
}
