/**
 * The fleet report in Azure Table storage (`<prefix>Fleet`). Each scan's rows live in partition
 * `scan-<scanId>`: one row per Windows pool (RowKey `<cluster hash>|<pool>`, so a retried
 * subscription or a rescanned cluster overwrites its own rows) and one per subscription (`sub|<id>`).
 * Row `latest/report` names the published scan; publishing a newer one removes older scans' rows.
 */
import type { TokenCredential } from '@azure/core-auth';
import { odata, type TableClient, type TableEntity } from '@azure/data-tables';
import type { StorageConfig } from '../../config.js';
import { sha256Hex } from '../../domain/hash.js';
import type { PoolStatus } from '../../domain/retirement.js';
import type {
  FleetEntry,
  FleetReport,
  FleetReportHeader,
  FleetReportStore,
  SubscriptionScan,
} from '../../ports/fleet.js';
import { compareEntries, summarize } from '../../domain/fleet-report.js';
import { lazyTable, tableClientFactory } from './connection.js';
import { inBatches } from './fleet-tables.js';

const LATEST = { partitionKey: 'latest', rowKey: 'report' } as const;
const SUB = 'sub|';

type Row = TableEntity<Record<string, unknown>>;

const partitionOf = (scanId: string): string => `scan-${scanId}`;
const clusterKey = (id: string): string => sha256Hex(id.toLowerCase()).slice(0, 32);

function entryRow(scanId: string, e: FleetEntry): Row {
  return {
    partitionKey: partitionOf(scanId),
    rowKey: `${clusterKey(e.clusterResourceId)}|${e.poolName}`,
    subscriptionId: e.subscriptionId,
    clusterResourceId: e.clusterResourceId,
    poolName: e.poolName,
    osSku: e.osSku,
    kubernetesVersion: e.kubernetesVersion,
    status: e.status,
    deadline: e.deadline ?? '',
    reason: e.reason,
    checkedAt: e.checkedAt,
  };
}

const str = (row: Row, name: string): string => {
  const v = row[name];
  return typeof v === 'string' ? v : '';
};

function entryOf(row: Row): FleetEntry {
  const deadline = str(row, 'deadline');
  return {
    subscriptionId: str(row, 'subscriptionId'),
    clusterResourceId: str(row, 'clusterResourceId'),
    poolName: str(row, 'poolName'),
    osSku: str(row, 'osSku'),
    kubernetesVersion: str(row, 'kubernetesVersion'),
    status: str(row, 'status') as PoolStatus,
    ...(deadline === '' ? {} : { deadline }),
    reason: str(row, 'reason'),
    checkedAt: str(row, 'checkedAt'),
  };
}

function subscriptionRow(scanId: string, s: SubscriptionScan): Row {
  return {
    partitionKey: partitionOf(scanId),
    rowKey: `${SUB}${s.subscriptionId}`,
    scan: JSON.stringify(s),
  };
}

export class TableFleetReportStore implements FleetReportStore {
  readonly #table: () => Promise<TableClient>;

  constructor(client: TableClient) {
    this.#table = lazyTable(client);
  }

  async saveEntries(scanId: string, entries: readonly FleetEntry[]): Promise<void> {
    await inBatches(
      await this.#table(),
      entries.map((e) => entryRow(scanId, e)),
      'upsert',
    );
  }

  async publish(header: FleetReportHeader): Promise<void> {
    const table = await this.#table();
    await inBatches(
      table,
      header.subscriptions.map((s) => subscriptionRow(header.scanId, s)),
      'upsert',
    );
    const { scanId, startedAt, completedAt, windowDays } = header;
    const row = { ...LATEST, scanId, startedAt, completedAt, windowDays, updatedAt: '' };
    await table.upsertEntity(row, 'Replace');
    await this.#removeScansBefore(table, header.scanId);
  }

  async latest(): Promise<FleetReport | undefined> {
    const table = await this.#table();
    const header = await this.#header(table);
    if (!header) return undefined;
    const scanId = str(header, 'scanId');
    const entries: FleetEntry[] = [];
    const subscriptions: SubscriptionScan[] = [];
    for await (const row of table.listEntities<Row>({
      queryOptions: { filter: odata`PartitionKey eq ${partitionOf(scanId)}` },
    })) {
      if (row.rowKey.startsWith(SUB))
        subscriptions.push(JSON.parse(str(row, 'scan')) as SubscriptionScan);
      else entries.push(entryOf(row));
    }
    entries.sort(compareEntries);
    const updatedAt = str(header, 'updatedAt');
    return {
      scanId,
      startedAt: str(header, 'startedAt'),
      completedAt: str(header, 'completedAt'),
      windowDays: Number(header['windowDays'] ?? 0),
      subscriptions: subscriptions.sort((a, b) => a.subscriptionId.localeCompare(b.subscriptionId)),
      summary: summarize(entries),
      entries,
      ...(updatedAt === '' ? {} : { updatedAt }),
    };
  }

  async replaceClusterEntries(
    clusterResourceId: string,
    entries: readonly FleetEntry[],
    at: string,
  ): Promise<boolean> {
    const table = await this.#table();
    const header = await this.#header(table);
    if (!header) return false;
    const scanId = str(header, 'scanId');
    const prefix = `${clusterKey(clusterResourceId)}|`;
    const fresh = entries.map((e) => entryRow(scanId, e));
    const keep = new Set(fresh.map((r) => r.rowKey));
    const stale: Row[] = [];
    for await (const row of table.listEntities<Row>({
      queryOptions: {
        filter: odata`PartitionKey eq ${partitionOf(scanId)} and RowKey ge ${prefix} and RowKey lt ${`${prefix}~`}`,
        select: ['PartitionKey', 'RowKey'],
      },
    })) {
      if (!keep.has(row.rowKey)) stale.push({ partitionKey: row.partitionKey, rowKey: row.rowKey });
    }
    await inBatches(table, stale, 'delete');
    await inBatches(table, fresh, 'upsert');
    await table.updateEntity({ ...LATEST, updatedAt: at }, 'Merge');
    return true;
  }

  async #header(table: TableClient): Promise<Row | undefined> {
    try {
      return await table.getEntity<Row>(LATEST.partitionKey, LATEST.rowKey);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }

  /** Older scans' rows, and those of scans that never published (they failed midway). */
  async #removeScansBefore(table: TableClient, scanId: string): Promise<void> {
    const byPartition = new Map<string, Row[]>();
    for await (const row of table.listEntities<Row>({
      queryOptions: {
        filter: odata`PartitionKey ge ${'scan-'} and PartitionKey lt ${partitionOf(scanId)}`,
        select: ['PartitionKey', 'RowKey'],
      },
    })) {
      const rows = byPartition.get(row.partitionKey) ?? [];
      rows.push({ partitionKey: row.partitionKey, rowKey: row.rowKey });
      byPartition.set(row.partitionKey, rows);
    }
    for (const rows of byPartition.values()) await inBatches(table, rows, 'delete');
  }
}

export function createTableFleetReportStore(
  storage: StorageConfig,
  tablePrefix: string,
  credential?: TokenCredential,
): FleetReportStore {
  return new TableFleetReportStore(tableClientFactory(storage, credential)(`${tablePrefix}Fleet`));
}
