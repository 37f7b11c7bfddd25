/**
 * Batched writes for the fleet tables (clients come from ./connection.ts, shared with the upgrade
 * store, so both read the same storage setting the same way).
 */
import type { TableClient, TableEntity, TransactionAction } from '@azure/data-tables';

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
