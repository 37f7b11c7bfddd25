/**
 * AKS node-pool events noted against upgrades (`<prefix>FleetEvents`): PartitionKey = instance id,
 * RowKey = the Event Grid event id, so a redelivered event overwrites its own note.
 */
import type { TokenCredential } from '@azure/core-auth';
import { odata, type TableClient, type TableEntity } from '@azure/data-tables';
import type { StorageConfig } from '../../config.js';
import type { PoolEventLog, PoolEventNote } from '../../ports/fleet.js';
import { lazyTable, tableClientFactory } from './connection.js';

type Row = TableEntity<Omit<PoolEventNote, 'instanceId' | 'eventId'>>;

/** Event ids may hold characters Table keys forbid. */
const rowKeyOf = (eventId: string): string =>
  [...eventId].map((c) => (/[/\\#?]/.test(c) || c.charCodeAt(0) < 32 ? '_' : c)).join('');

export class TablePoolEventLog implements PoolEventLog {
  readonly #table: () => Promise<TableClient>;

  constructor(client: TableClient) {
    this.#table = lazyTable(client);
  }

  async record(note: PoolEventNote): Promise<void> {
    const { instanceId, eventId, ...rest } = note;
    const row: Row = { partitionKey: instanceId, rowKey: rowKeyOf(eventId), ...rest };
    await (await this.#table()).upsertEntity({ ...row, eventId }, 'Replace');
  }

  async list(instanceId: string): Promise<readonly PoolEventNote[]> {
    const notes: PoolEventNote[] = [];
    const rows = (await this.#table()).listEntities<Row & { eventId: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${instanceId}` },
    });
    for await (const row of rows) {
      notes.push({
        instanceId,
        eventId: row.eventId,
        eventType: row.eventType,
        clusterResourceId: row.clusterResourceId,
        poolName: row.poolName,
        eventTime: row.eventTime,
        receivedAt: row.receivedAt,
      });
    }
    return notes.sort((a, b) => a.eventTime.localeCompare(b.eventTime));
  }
}

export function createTablePoolEventLog(
  storage: StorageConfig,
  tablePrefix: string,
  credential?: TokenCredential,
): PoolEventLog {
  return new TablePoolEventLog(
    tableClientFactory(storage, credential)(`${tablePrefix}FleetEvents`),
  );
}
