/**
 * The audit trail over Azure Table storage (ports/audit.ts, docs/adr/0014). Two tables, named after
 * the task hub:
 * - `<prefix>Audit`: partition = run id, row key = the entry's time-ordered id (domain/audit.ts
 *   auditKey): a run's entries in order.
 * - `<prefix>AuditByTime`: the index across runs: partition = the UTC day, row key = the entry's id
 *   and its run, so a range query from a time lists every run's entries in time order.
 * Entries are created (`createEntity`, which refuses an existing key: never an upsert), and completed
 * by a Merge of the outcome columns only, on the ETag the creation returned: a second completion,
 * or one of a changed row, is refused (412). There is no other write.
 */
import { randomBytes } from 'node:crypto';
import type { TokenCredential } from '@azure/core-auth';
import type { TableClient } from '@azure/data-tables';
import type { StorageConfig } from '../../config.js';
import { auditKey, type AuditAttempt, type AuditEntry } from '../../domain/audit.js';
import { errorCodeOf, WinshiftError } from '../../domain/errors.js';
import type { AuditHandle, AuditLog, AuditPage, AuditQuery } from '../../ports/audit.js';
import { statusOf } from '../errors.js';
import {
  auditEntryOf,
  auditQueryFilter,
  auditRow,
  completionColumns,
  dayOf,
} from './audit-rows.js';
import type { Properties } from './chunks.js';
import { lazyTable, tableClientFactory, type TableClientFactory } from './connection.js';
import { storageCall, storageError } from './errors.js';
import { listAll, partitionFilter } from './table-query.js';
import { checkContinuationToken } from './upgrade-store.js';

/** Keys in time order within this process, however fast entries come (domain/audit.ts). */
export function auditKeyClock(
  clock: () => number = Date.now,
  tail: () => string = () => randomBytes(3).toString('hex'),
): () => { key: string; at: string } {
  let last = 0;
  let sequence = 0;
  return () => {
    const now = Math.max(clock(), last);
    sequence = now === last ? sequence + 1 : 0;
    last = now;
    return { key: auditKey(now, sequence, tail()), at: new Date(now).toISOString() };
  };
}

const indexKey = (entry: AuditEntry): string => `${entry.id}~${encodeURIComponent(entry.runId)}`;

export class TableAuditLog implements AuditLog {
  readonly #runs: () => Promise<TableClient>;
  readonly #index: () => Promise<TableClient>;
  readonly #next: () => { key: string; at: string };

  constructor(clientOf: TableClientFactory, tablePrefix: string, clock?: () => number) {
    this.#runs = lazyTable(clientOf(`${tablePrefix}Audit`));
    this.#index = lazyTable(clientOf(`${tablePrefix}AuditByTime`));
    this.#next = auditKeyClock(clock);
  }

  async append(attempt: AuditAttempt): Promise<AuditHandle> {
    const { key, at } = this.#next();
    const entry: AuditEntry = { ...attempt, id: key, at, outcome: 'attempted' };
    const [runs, index] = await Promise.all([this.#runs(), this.#index()]);
    const rows = [
      { table: runs, row: auditRow(entry.runId, key, entry) },
      { table: index, row: auditRow(dayOf(at), indexKey(entry), entry) },
    ];
    const etags: string[] = [];
    for (const { table, row } of rows) {
      const created = await storageCall(`auditing ${entry.operation} ${entry.target}`, () =>
        table.createEntity(row),
      );
      etags.push(created.etag ?? '');
    }
    let completed = false;
    return {
      entry,
      complete: async (completion) => {
        if (completed)
          throw new WinshiftError('INVALID_INPUT', `audit entry ${key} is already completed`);
        completed = true;
        const completedAt = new Date().toISOString();
        for (const [i, { table, row }] of rows.entries()) {
          const columns = completionColumns(row.partitionKey, row.rowKey, completion, completedAt);
          await this.#merge(table, columns, etags[i] ?? '');
        }
      },
    };
  }

  async #merge(
    table: TableClient,
    columns: Properties & { partitionKey: string; rowKey: string },
    etag: string,
  ): Promise<void> {
    try {
      await table.updateEntity(columns, 'Merge', { etag });
    } catch (error) {
      if (statusOf(error) === 412)
        throw new WinshiftError(
          'INVALID_INPUT',
          `audit entry ${columns.rowKey} changed since it was appended: entries are append-only`,
          { cause: error },
        );
      throw storageError(error, `completing audit entry ${columns.rowKey}`);
    }
  }

  async listRun(runId: string): Promise<readonly AuditEntry[]> {
    const table = await this.#runs();
    const rows = await storageCall(`reading the audit of run ${runId}`, () =>
      listAll(table, partitionFilter(runId)),
    );
    return rows.map((row) => auditEntryOf(row));
  }

  /** One page; empty pages the service may hand out mid-way are skipped (upgrade-store.ts). */
  async list(query: AuditQuery): Promise<AuditPage> {
    const table = await this.#index();
    const sinceKey = auditKey(new Date(query.since).getTime(), 0, '');
    const filter = auditQueryFilter(query, sinceKey);
    let token = query.continuationToken;
    if (token !== undefined) checkContinuationToken(token);
    for (;;) {
      const page = await storageCall('listing the audit', async () => {
        const pages = table
          .listEntities<Properties>({ queryOptions: { filter } })
          .byPage({ maxPageSize: query.pageSize, ...(token ? { continuationToken: token } : {}) });
        const next = await pages.next();
        return next.done === true ? undefined : next.value;
      }).catch((error: unknown) => {
        if (token === query.continuationToken && errorCodeOf(error) === 'INVALID_INPUT')
          throw new WinshiftError(
            'INVALID_INPUT',
            'continuationToken: not a token from a previous page',
            { cause: error },
          );
        throw error;
      });
      const items = (page ?? []).map((row) => auditEntryOf(row));
      token = page?.continuationToken;
      if (items.length > 0 || token === undefined)
        return token === undefined ? { items } : { items, continuationToken: token };
    }
  }
}

export function createTableAuditLog(
  storage: StorageConfig,
  tablePrefix: string,
  credential?: TokenCredential,
): AuditLog {
  return new TableAuditLog(tableClientFactory(storage, credential), tablePrefix);
}
