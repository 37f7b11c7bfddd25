/** Small helpers for reading Azure Table rows by key range. */
import { odata, type TableClient, type TableEntityResult } from '@azure/data-tables';
import type { Properties } from './chunks.js';

export type Entity = TableEntityResult<Properties>;

/** The service's limit on the operations of one transaction (one partition). */
export const TRANSACTION_LIMIT = 100;

/**
 * Rows of one partition whose key starts with `prefix`: `ge prefix and lt <prefix with its last
 * character incremented>`. Prefixes end in `-` so the bound is a printable `.`, never a control
 * character (`~` would give DEL, which Table keys forbid).
 */
export function prefixFilter(partitionKey: string, prefix: string): string {
  if (!prefix.endsWith('-')) throw new Error(`row key prefix ${prefix} must end in '-'`);
  const end = `${prefix.slice(0, -1)}.`;
  return odata`PartitionKey eq ${partitionKey} and RowKey ge ${prefix} and RowKey lt ${end}`;
}

/** Every row of one partition. */
export function partitionFilter(partitionKey: string): string {
  return odata`PartitionKey eq ${partitionKey}`;
}

/** Every row matching `filter`, all pages. */
export async function listAll(client: TableClient, filter: string): Promise<Entity[]> {
  const rows: Entity[] = [];
  for await (const row of client.listEntities<Properties>({ queryOptions: { filter } })) {
    rows.push(row);
  }
  return rows;
}

/** By row key, ascending (the service's own order, restated for rows gathered from pages). */
export function byRowKey(a: Entity, b: Entity): number {
  const [x, y] = [a.rowKey ?? '', b.rowKey ?? ''];
  return x < y ? -1 : x > y ? 1 : 0;
}
