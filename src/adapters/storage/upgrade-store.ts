/**
 * UpgradeStore over Azure Table storage (Azurite locally). Three tables, named after the task hub so
 * two hubs on one account never share rows:
 * - `<prefix>Plans`: partition = instance id, the plan's JSON over several rows behind a pointer row,
 *   replaced whole (a plan runs to hundreds of KB; see plan-rows.ts and chunks.ts).
 * - `<prefix>Workloads`: what one run saved, partition = run id: rows `original-<workload>` (first
 *   write wins) and `cordoned-<pool>-<node>` (the nodes it cordoned); and the status's progress,
 *   partition = instance id: rows `progress-<workload>`. A run of an older starter has its instance
 *   id as run id, so its rows are where they always were.
 * - `<prefix>Upgrades`: one partition, row = instance id; filtered by state, cluster and creation time.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { StorageConfig } from '../../config.js';
import { errorCodeOf, WinshiftError } from '../../domain/errors.js';
import type { ActorAction, ActorRecord } from '../../domain/identity.js';
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
import { statusOf } from '../errors.js';
import { storageCall, storageCallOrUndefined, storageError } from './errors.js';
import { readText, textProperties, type Properties } from './chunks.js';
import { lazyTable, tableClientFactory, type TableClientFactory } from './connection.js';
import { deletePlanRows, loadPlanText, savePlanText } from './plan-rows.js';
import { listAll, prefixFilter, TRANSACTION_LIMIT } from './table-query.js';
import {
  ACTOR_COLUMNS,
  upgradeEntity,
  upgradeFilterText,
  upgradeRecord,
  UPGRADES_PARTITION,
} from './upgrade-rows.js';

const ORIGINAL = 'original-';
const PROGRESS = 'progress-';
const CORDONED = 'cordoned-';

// Pool names are lowercase letters and digits: `-` ends the pool part unambiguously.
const cordonedPrefix = (pool: string): string => `${CORDONED}${encodeURIComponent(pool)}-`;

/** Table keys forbid `/`, `\`, `#`, `?` and control characters; percent-encoding removes them all. */
export function workloadRowKey(ref: WorkloadRef): string {
  return [ref.kind, ref.namespace, ref.name].map((part) => encodeURIComponent(part)).join('~');
}

function json<T>(entity: Properties): T {
  const text = readText(entity, 'json');
  if (text === undefined) throw new Error('table entity holds no json');
  return JSON.parse(text) as T;
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
    await savePlanText(await this.plans(), instanceId, JSON.stringify(plan));
  }

  async loadPlan(instanceId: string): Promise<Plan | undefined> {
    const text = await loadPlanText(await this.plans(), instanceId);
    return text === undefined ? undefined : (JSON.parse(text) as Plan);
  }

  async deletePlan(instanceId: string): Promise<void> {
    await deletePlanRows(await this.plans(), instanceId);
  }

  async saveOriginalOnce(runId: string, original: WorkloadOriginal): Promise<WorkloadOriginal> {
    const client = await this.workloads();
    const rowKey = ORIGINAL + workloadRowKey(original.ref);
    const entity = {
      partitionKey: runId,
      rowKey,
      ...original.ref,
      ...textProperties('json', JSON.stringify(original)),
    };
    try {
      await client.createEntity(entity);
      return original;
    } catch (error) {
      if (statusOf(error) !== 409) throw storageError(error, `saving the original of ${rowKey}`);
    }
    // Already saved by an earlier attempt: that one is the true original.
    const existing = await storageCall(`reading the original of ${rowKey}`, () =>
      client.getEntity<Properties>(runId, rowKey),
    );
    return json<WorkloadOriginal>(existing);
  }

  async loadOriginals(runId: string): Promise<readonly WorkloadOriginal[]> {
    const client = await this.workloads();
    const rows = await storageCall(`loading the originals of run ${runId}`, () =>
      listAll(client, prefixFilter(runId, ORIGINAL)),
    );
    return rows.map((row) => json<WorkloadOriginal>(row));
  }

  async saveCordonedNodes(
    runId: string,
    pool: string,
    nodeNames: readonly string[],
  ): Promise<void> {
    const rows = [...new Set(nodeNames)].map((node) => ({
      partitionKey: runId,
      rowKey: cordonedPrefix(pool) + encodeURIComponent(node),
      pool,
      node,
    }));
    await this.upsertRows(rows, `recording the nodes run ${runId} cordoned in ${pool}`);
  }

  async loadCordonedNodes(runId: string, pool: string): Promise<readonly string[]> {
    const client = await this.workloads();
    const rows = await storageCall(`loading the nodes run ${runId} cordoned in ${pool}`, () =>
      listAll(client, prefixFilter(runId, cordonedPrefix(pool))),
    );
    return rows.map((row) => row['node']).filter((n): n is string => typeof n === 'string');
  }

  async saveProgress(instanceId: string, progress: readonly WorkloadProgress[]): Promise<void> {
    const rows = progress.map((p) => ({
      partitionKey: instanceId,
      rowKey: PROGRESS + workloadRowKey(p.ref),
      ...p.ref,
      ...textProperties('json', JSON.stringify(p)),
    }));
    await this.upsertRows(rows, `saving the progress of ${instanceId}`);
  }

  /** Upserts (replacing) rows of one partition, in transactions of at most 100. */
  private async upsertRows(
    rows: readonly (Properties & { partitionKey: string; rowKey: string })[],
    doing: string,
  ): Promise<void> {
    const client = await this.workloads();
    for (let i = 0; i < rows.length; i += TRANSACTION_LIMIT) {
      const actions = rows
        .slice(i, i + TRANSACTION_LIMIT)
        .map((row): TransactionAction => ['upsert', row, 'Replace']);
      await storageCall(doing, () => client.submitTransaction(actions));
    }
  }

  async loadProgress(instanceId: string): Promise<readonly WorkloadProgress[]> {
    const client = await this.workloads();
    const rows = await storageCall(`loading the progress of ${instanceId}`, () =>
      listAll(client, prefixFilter(instanceId, PROGRESS)),
    );
    return rows.map((row) => json<WorkloadProgress>(row));
  }

  /**
   * Merge: every column of the record is written ('' clears one), and the actor columns only when
   * the record has actors, so a state write never drops who approved or cancelled the run.
   */
  async upsertUpgrade(record: UpgradeRecord): Promise<void> {
    const client = await this.upgrades();
    await storageCall(`recording upgrade ${record.instanceId}`, () =>
      client.upsertEntity(upgradeEntity(record), 'Merge'),
    );
  }

  /** A Merge update of one column; a missing row (a dry run's) is left missing. */
  async recordActor(instanceId: string, action: ActorAction, actor: ActorRecord): Promise<void> {
    const client = await this.upgrades();
    await storageCallOrUndefined(`recording who ${action} upgrade ${instanceId}`, () =>
      client.updateEntity(
        {
          partitionKey: UPGRADES_PARTITION,
          rowKey: instanceId,
          [ACTOR_COLUMNS[action]]: JSON.stringify(actor),
        },
        'Merge',
      ),
    );
  }

  async getUpgrade(instanceId: string): Promise<UpgradeRecord | undefined> {
    const client = await this.upgrades();
    const entity = await storageCallOrUndefined(`reading upgrade ${instanceId}`, () =>
      client.getEntity<Properties>(UPGRADES_PARTITION, instanceId),
    );
    return entity === undefined ? undefined : upgradeRecord(entity);
  }

  /**
   * One page in instance id order. The service may end a filtered page early, even empty, with a
   * token; empty pages are skipped so a caller only sees an empty page at the end. A caller's token
   * that is not one of ours is INVALID_INPUT (the API's 400), never a storage failure.
   */
  async listUpgrades(filter: UpgradeFilter): Promise<UpgradePage> {
    const client = await this.upgrades();
    const filterText = upgradeFilterText(filter);
    let token = filter.continuationToken;
    if (token !== undefined) checkContinuationToken(token);
    for (;;) {
      const page = await storageCall('listing upgrades', async () => {
        const pages = client
          .listEntities<Properties>({ queryOptions: { filter: filterText } })
          .byPage({ maxPageSize: filter.pageSize, ...(token ? { continuationToken: token } : {}) });
        const next = await pages.next();
        return next.done === true ? undefined : next.value;
      }).catch((error: unknown) => {
        // The service answers 400 to keys it cannot resume from (the storage table: INVALID_INPUT).
        if (token === filter.continuationToken && errorCodeOf(error) === 'INVALID_INPUT')
          throw new WinshiftError('INVALID_INPUT', BAD_TOKEN, { cause: error });
        throw error;
      });
      const items = (page ?? []).map((entity) => upgradeRecord(entity));
      token = page?.continuationToken;
      if (items.length > 0 || token === undefined) {
        return token === undefined ? { items } : { items, continuationToken: token };
      }
    }
  }
}

const BAD_TOKEN = 'continuationToken: not a token from a previous page';

/**
 * The token @azure/data-tables hands out is base64 of `{"nextPartitionKey","nextRowKey"}`, and the
 * SDK decodes a caller's token itself before any request: anything else throws a SyntaxError or
 * TypeError there, which the error classifier cannot tell from a bug (INTERNAL, a 500). Checked here
 * first, so a mangled token is the caller's INVALID_INPUT.
 */
export function checkContinuationToken(token: string): void {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  const keys = (typeof decoded === 'object' && decoded !== null ? decoded : {}) as {
    nextPartitionKey?: unknown;
    nextRowKey?: unknown;
  };
  const valid =
    typeof keys.nextPartitionKey === 'string' &&
    keys.nextPartitionKey !== '' &&
    (keys.nextRowKey === undefined || typeof keys.nextRowKey === 'string');
  if (!valid) throw new WinshiftError('INVALID_INPUT', BAD_TOKEN);
}

/**
 * Where the tables live: the task hub's storage setting (`config.storage`, with the app's credential
 * for identity access), or plainly a connection string or an account name with its credential.
 */
export type TableStoreLocation =
  | StorageConfig
  | { readonly connectionString: string }
  | { readonly accountName: string; readonly credential: TokenCredential };

function clientsFor(
  location: TableStoreLocation,
  credential?: TokenCredential,
): TableClientFactory {
  if ('kind' in location) return tableClientFactory(location, credential);
  if ('connectionString' in location) {
    const { connectionString } = location;
    return tableClientFactory({ kind: 'connectionString', connectionString });
  }
  const { accountName } = location;
  return tableClientFactory({ kind: 'identity', accountName }, location.credential);
}

/**
 * The store over the given storage. `UseDevelopmentStorage=true` means Azurite's default endpoint;
 * an account name means `https://<account>.table.core.windows.net` with the credential.
 */
export function createTableUpgradeStore(
  location: TableStoreLocation,
  tablePrefix: string,
  credential?: TokenCredential,
): UpgradeStore {
  return new TableUpgradeStore(clientsFor(location, credential), tablePrefix);
}
