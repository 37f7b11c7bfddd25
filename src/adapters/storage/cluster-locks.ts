/**
 * The cluster leases (`<prefix>Locks`, ports/cluster-lock.ts): PartitionKey `cluster`, RowKey a hash
 * of the lower-cased cluster id (ids hold `/`, which Table keys forbid). A first take creates the row
 * (409 when another start created it first); a later take replaces it only on the ETag it read (412
 * when another start replaced it first). Both races answer false.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { TableClient } from '@azure/data-tables';
import type { StorageConfig } from '../../config.js';
import { sha256Hex } from '../../domain/hash.js';
import type { ClusterLease, ClusterLocks } from '../../ports/cluster-lock.js';
import { statusOf } from '../errors.js';
import { lazyTable, tableClientFactory } from './connection.js';
import { storageCallOrUndefined, storageError } from './errors.js';

const PARTITION = 'cluster';

interface LeaseRow {
  partitionKey: string;
  rowKey: string;
  holder: string;
  poolName: string;
  clusterResourceId: string;
}

const rowKeyOf = (clusterResourceId: string): string =>
  sha256Hex(clusterResourceId.toLowerCase()).slice(0, 32);

export class TableClusterLocks implements ClusterLocks {
  readonly #table: () => Promise<TableClient>;

  constructor(client: TableClient) {
    this.#table = lazyTable(client);
  }

  async read(clusterResourceId: string): Promise<ClusterLease | undefined> {
    const table = await this.#table();
    const row = await storageCallOrUndefined(`reading the lease of ${clusterResourceId}`, () =>
      table.getEntity<LeaseRow>(PARTITION, rowKeyOf(clusterResourceId)),
    );
    if (row === undefined) return undefined;
    return { holder: row.holder, poolName: row.poolName, etag: row.etag };
  }

  async take(
    clusterResourceId: string,
    holder: { readonly instanceId: string; readonly poolName: string },
    expected: ClusterLease | undefined,
  ): Promise<boolean> {
    const table = await this.#table();
    const row: LeaseRow = {
      partitionKey: PARTITION,
      rowKey: rowKeyOf(clusterResourceId),
      holder: holder.instanceId,
      poolName: holder.poolName,
      clusterResourceId,
    };
    const doing = `taking the lease of ${clusterResourceId}`;
    try {
      if (expected === undefined) await table.createEntity(row);
      else await table.updateEntity(row, 'Replace', { etag: expected.etag });
      return true;
    } catch (error) {
      // Another start created (409) or replaced (412) the row since it was read.
      if ([409, 412].includes(statusOf(error) ?? 0)) return false;
      throw storageError(error, doing);
    }
  }
}

export function createTableClusterLocks(
  storage: StorageConfig,
  tablePrefix: string,
  credential?: TokenCredential,
): ClusterLocks {
  return new TableClusterLocks(tableClientFactory(storage, credential)(`${tablePrefix}Locks`));
}
