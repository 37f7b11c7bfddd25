/**
 * Table clients for the fleet tables, from the same storage setting as the task hub: a connection
 * string (Azurite locally, so plain HTTP is allowed) or the account name with the app's identity.
 */
import type { TokenCredential } from '@azure/core-auth';
import { TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import type { StorageConfig } from '../../config.js';

export function fleetTableClient(
  storage: StorageConfig,
  tableName: string,
  credential?: TokenCredential,
): TableClient {
  if (storage.kind === 'connectionString') {
    return TableClient.fromConnectionString(storage.connectionString, tableName, {
      allowInsecureConnection: true,
    });
  }
  if (!credential) throw new Error('identity-based storage needs a credential');
  const url = `https://${storage.accountName}.table.core.windows.net`;
  return new TableClient(url, tableName, credential);
}

/** createTable once per client (it is idempotent, but a round trip per call is not free). */
export function lazyTable(client: TableClient): () => Promise<TableClient> {
  let ready: Promise<void> | undefined;
  return async () => {
    ready ??= client.createTable().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    await ready;
    return client;
  };
}

/** Upserts (Replace) or deletes rows of ONE partition, 100 per transaction (the service limit). */
export async function inBatches(
  client: TableClient,
  rows: readonly TableEntity[],
  kind: 'upsert' | 'delete',
): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) {
    const actions: TransactionAction[] = rows
      .slice(i, i + 100)
      .map((row) => (kind === 'upsert' ? ['upsert', row, 'Replace'] : ['delete', row]));
    await client.submitTransaction(actions);
  }
}
