/**
 * The plan's JSON in the Plans table, swapped in whole. Partition = instance id:
 * - `plan-<generation>-000`, `-001`, ...: the text of one version of the plan (chunks.ts), the
 *   generation being a hash of that text, so saving the same plan again writes the same rows;
 * - `plan`: the pointer, naming the current generation and its row count.
 * A save writes its rows first, then moves the pointer and deletes the rows it replaces in one
 * transaction conditional on the pointer's ETag. A reader follows the pointer, so it sees the old
 * plan or the new one, never a mix; a save cut short (or racing another) leaves a readable plan.
 */
import { createHash } from 'node:crypto';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { WinshiftError } from '../../domain/errors.js';
import { statusOf } from '../errors.js';
import { storageCall, storageCallOrUndefined, storageError } from './errors.js';
import { readRows, textRows, type Properties } from './chunks.js';
import {
  byRowKey,
  listAll,
  partitionFilter,
  prefixFilter,
  TRANSACTION_LIMIT,
} from './table-query.js';

const POINTER = 'plan';
/** A save retries when another save moved the pointer meanwhile (412/409/404 on the transaction). */
const SAVE_ATTEMPTS = 5;
/** A load retries when a save replaced the rows between reading the pointer and reading them. */
const LOAD_ATTEMPTS = 3;

interface Pointer {
  readonly generation: string;
  readonly rows: number;
  readonly etag: string;
}

const rowPrefix = (generation: string): string => `plan-${generation}-`;
const rowKey = (generation: string, index: number): string =>
  `${rowPrefix(generation)}${String(index).padStart(3, '0')}`;

async function readPointer(
  client: TableClient,
  partitionKey: string,
): Promise<Pointer | undefined> {
  const entity = await storageCallOrUndefined(`reading the plan pointer of ${partitionKey}`, () =>
    client.getEntity<Properties>(partitionKey, POINTER),
  );
  if (entity === undefined) return undefined;
  const { generation, rows } = entity;
  if (typeof generation !== 'string' || typeof rows !== 'number') {
    throw new WinshiftError('INTERNAL', `the plan pointer of ${partitionKey} is malformed`);
  }
  return { generation, rows, etag: entity.etag };
}

function pointerSwap(
  partitionKey: string,
  next: Omit<Pointer, 'etag'>,
  current: Pointer | undefined,
): TransactionAction[] {
  const pointer = { partitionKey, rowKey: POINTER, ...next };
  if (current === undefined) return [['create', pointer]];
  const replaced = Array.from({ length: current.rows }, (_, i) => rowKey(current.generation, i));
  return [
    ['update', pointer, 'Replace', { etag: current.etag }],
    ...replaced.map((key): TransactionAction => ['delete', { partitionKey, rowKey: key }]),
  ];
}

/** Saves `text` as the partition's plan (see the module comment for the protocol). */
export async function savePlanText(
  client: TableClient,
  partitionKey: string,
  text: string,
): Promise<void> {
  const generation = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const rows = textRows(text);
  if (rows.length >= TRANSACTION_LIMIT) {
    throw new WinshiftError('INVALID_INPUT', `the plan of ${partitionKey} is too large to store`);
  }
  const doing = `saving the plan of ${partitionKey}`;
  for (const [index, row] of rows.entries()) {
    const entity = { partitionKey, rowKey: rowKey(generation, index), ...row };
    await storageCall(doing, () => client.upsertEntity(entity, 'Replace'));
  }
  for (let attempt = 1; attempt <= SAVE_ATTEMPTS; attempt += 1) {
    const current = await readPointer(client, partitionKey);
    // A repeated save of the same plan: the rows were just rewritten in place.
    if (current?.generation === generation) return;
    const actions = pointerSwap(partitionKey, { generation, rows: rows.length }, current);
    try {
      await client.submitTransaction(actions);
      return;
    } catch (error) {
      // Another save moved (or created) the pointer first: read it again and swap from there.
      if (![404, 409, 412].includes(statusOf(error) ?? 0)) throw storageError(error, doing);
    }
  }
  throw new WinshiftError('TRANSIENT', `${doing}: other saves kept replacing it`);
}

/**
 * The partition's plan text, or undefined when none was saved, or when its rows are gone from
 * under a pointer nothing replaced (a purge that listed the rows before a save's pointer swap
 * deleted them after it: the plan was deleted, and a retry would never find it).
 */
export async function loadPlanText(
  client: TableClient,
  partitionKey: string,
): Promise<string | undefined> {
  const doing = `loading the plan of ${partitionKey}`;
  let previous: Pointer | undefined;
  for (let attempt = 1; attempt <= LOAD_ATTEMPTS; attempt += 1) {
    const pointer = await readPointer(client, partitionKey);
    if (pointer === undefined) return undefined;
    const rows = await storageCall(doing, () =>
      listAll(client, prefixFilter(partitionKey, rowPrefix(pointer.generation))),
    );
    if (rows.length >= pointer.rows) return readRows(rows.sort(byRowKey).slice(0, pointer.rows));
    // Fewer rows than the pointer names: a newer save replaced them after the pointer was read,
    // unless the pointer is the one read before (same ETag): then nothing is replacing them.
    if (previous?.etag === pointer.etag) return undefined;
    previous = pointer;
  }
  throw new WinshiftError('TRANSIENT', `${doing}: it kept being replaced while it was read`);
}

/**
 * Deletes the partition's plan: the pointer first (readers then see no plan), then every other row.
 * Row by row, a row already gone counting as deleted, so a repeat (or a race) finishes the job.
 */
export async function deletePlanRows(client: TableClient, partitionKey: string): Promise<void> {
  const doing = `deleting the plan of ${partitionKey}`;
  const rows = await storageCall(doing, () => listAll(client, partitionFilter(partitionKey)));
  const keys = rows
    .map((row) => row.rowKey ?? '')
    .sort((a, b) => Number(b === POINTER) - Number(a === POINTER));
  for (const rowKey of keys) {
    await storageCallOrUndefined(doing, () => client.deleteEntity(partitionKey, rowKey));
  }
}
