import { TableClient, odata, type TransactionAction } from '@azure/data-tables';
import type { HistoryEvent } from './history.js';
import { getString, putString, type EntityProperties } from './table-values.js';

/** An orchestration instance's row in `<hub>Instances` (PartitionKey = instance id). */
export interface InstanceRecord {
  instanceId: string;
  name: string;
  executionId: string;
  runtimeStatus: string;
  input?: string;
  output?: string;
  customStatus?: string;
  createdTime: string;
  lastUpdatedTime: string;
  parentInstanceId?: string;
  parentTaskId?: number;
  parentExecutionId?: string;
  /** The current execution's history rows are [historyStart, historyEnd). */
  historyStart: number;
  historyEnd: number;
  /** Top-level orchestrator actions already scheduled in this execution. */
  actionCount: number;
  /** The next task id the SDK will give (DESIGN section 5). */
  nextTaskId: number;
  /** Inbox rows up to this key are in the history already. */
  inboxWatermark: string;
}

export interface InboxItem {
  key: string;
  event: HistoryEvent;
}

const INSTANCE_ROW = 'instance';
/** The instance's state row inside its History partition, committed with the episode's events. */
const STATE_ROW = 'state';
const MAX_BATCH_OPS = 100;
const MAX_BATCH_CHARS = 3_000_000;

/**
 * The task hub in Azure Table storage: `<hub>Instances` (one row per instance), `<hub>History`
 * (one row per event, RowKey = zero-padded sequence number within the instance) and `<hub>Inbox`
 * (events received and not yet given to the orchestrator, RowKey = arrival order).
 */
export class DurableStore {
  private constructor(
    private readonly instances: TableClient,
    private readonly history: TableClient,
    private readonly inbox: TableClient,
  ) {}

  static async open(connectionString: string, hubName: string): Promise<DurableStore> {
    const client = (suffix: string): TableClient =>
      TableClient.fromConnectionString(connectionString, `${hubName}${suffix}`, {
        allowInsecureConnection: true,
      });
    const store = new DurableStore(client('Instances'), client('History'), client('Inbox'));
    for (const table of [store.instances, store.history, store.inbox]) await table.createTable();
    return store;
  }

  async getInstance(instanceId: string): Promise<InstanceRecord | undefined> {
    try {
      const entity = await this.instances.getEntity<EntityProperties>(instanceId, INSTANCE_ROW);
      return fromInstanceEntity(entity);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }

  async putInstance(record: InstanceRecord): Promise<void> {
    await this.instances.upsertEntity(toInstanceEntity(record), 'Replace');
  }

  async listInstances(): Promise<InstanceRecord[]> {
    const out: InstanceRecord[] = [];
    const rows = this.instances.listEntities<EntityProperties>({
      queryOptions: { filter: odata`RowKey eq ${INSTANCE_ROW}` },
    });
    for await (const entity of rows) out.push(fromInstanceEntity(entity));
    return out;
  }

  /**
   * Commits an episode: its history rows and the instance's state row in the History partition,
   * the state row in the last transaction (the commit point when an episode needs several).
   */
  async commitEpisode(
    record: InstanceRecord,
    firstSeq: number,
    events: HistoryEvent[],
  ): Promise<void> {
    const state = { ...toInstanceEntity(record), rowKey: STATE_ROW };
    await this.submit(this.history, [
      ...this.historyActions(record.instanceId, firstSeq, events),
      ['upsert', state, 'Replace'],
    ]);
  }

  /** The state row committed with the last episode, if any. */
  async getState(instanceId: string): Promise<InstanceRecord | undefined> {
    try {
      return fromInstanceEntity(
        await this.history.getEntity<EntityProperties>(instanceId, STATE_ROW),
      );
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }

  private historyActions(
    instanceId: string,
    firstSeq: number,
    events: HistoryEvent[],
  ): TransactionAction[] {
    return events.map((e, i) => {
      const entity: EntityProperties & { partitionKey: string; rowKey: string } = {
        partitionKey: instanceId,
        rowKey: seqKey(firstSeq + i),
        EventType: e.EventType,
      };
      putString(entity, 'Event', JSON.stringify(e));
      return ['upsert', entity, 'Replace'];
    });
  }

  async loadHistory(instanceId: string, from: number, to: number): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    if (to <= from) return events;
    const rows = this.history.listEntities<EntityProperties>({
      queryOptions: {
        filter: odata`PartitionKey eq ${instanceId} and RowKey ge ${seqKey(from)} and RowKey lt ${seqKey(to)}`,
      },
    });
    for await (const entity of rows)
      events.push(JSON.parse(getString(entity, 'Event') ?? '{}') as HistoryEvent);
    return events;
  }

  async addInbox(instanceId: string, items: InboxItem[]): Promise<void> {
    const actions: TransactionAction[] = items.map((item) => {
      const entity: EntityProperties & { partitionKey: string; rowKey: string } = {
        partitionKey: instanceId,
        rowKey: item.key,
      };
      putString(entity, 'Event', JSON.stringify(item.event));
      return ['upsert', entity, 'Replace'];
    });
    await this.submit(this.inbox, actions);
  }

  async loadInbox(instanceId: string): Promise<InboxItem[]> {
    const items: InboxItem[] = [];
    const rows = this.inbox.listEntities<EntityProperties>({
      queryOptions: { filter: odata`PartitionKey eq ${instanceId}` },
    });
    for await (const entity of rows) {
      items.push({
        key: entity.rowKey ?? '',
        event: JSON.parse(getString(entity, 'Event') ?? '{}') as HistoryEvent,
      });
    }
    return items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async deleteInbox(instanceId: string, keys: string[]): Promise<void> {
    await this.submit(
      this.inbox,
      keys.map((key) => ['delete', { partitionKey: instanceId, rowKey: key }]),
    );
  }

  /** Deletes every row of an instance: its state, history and inbox. */
  async deleteInstance(instanceId: string): Promise<void> {
    for (const table of [this.history, this.inbox, this.instances]) {
      const keys: string[] = [];
      const rows = table.listEntities({
        queryOptions: { filter: odata`PartitionKey eq ${instanceId}`, select: ['RowKey'] },
      });
      for await (const entity of rows) keys.push(entity.rowKey ?? '');
      await this.submit(
        table,
        keys.map((rowKey) => ['delete', { partitionKey: instanceId, rowKey }]),
      );
    }
  }

  async deleteHistory(instanceId: string, from: number, to: number): Promise<void> {
    const actions: TransactionAction[] = [];
    for (let seq = from; seq < to; seq += 1) {
      actions.push(['delete', { partitionKey: instanceId, rowKey: seqKey(seq) }]);
    }
    await this.submit(this.history, actions);
  }

  /** Entity-group transactions of at most 100 operations and ~3 MB (the service's limits). */
  private async submit(table: TableClient, actions: TransactionAction[]): Promise<void> {
    let batch: TransactionAction[] = [];
    let chars = 0;
    for (const action of actions) {
      const size = JSON.stringify(action[1]).length;
      if (batch.length === MAX_BATCH_OPS || (batch.length > 0 && chars + size > MAX_BATCH_CHARS)) {
        await table.submitTransaction(batch);
        batch = [];
        chars = 0;
      }
      batch.push(action);
      chars += size;
    }
    if (batch.length > 0) await table.submitTransaction(batch);
  }
}

export function seqKey(seq: number): string {
  return seq.toString().padStart(10, '0');
}

function toInstanceEntity(r: InstanceRecord): EntityProperties & {
  partitionKey: string;
  rowKey: string;
} {
  const entity: EntityProperties & { partitionKey: string; rowKey: string } = {
    partitionKey: r.instanceId,
    rowKey: INSTANCE_ROW,
    Name: r.name,
    ExecutionId: r.executionId,
    RuntimeStatus: r.runtimeStatus,
    CreatedTime: r.createdTime,
    LastUpdatedTime: r.lastUpdatedTime,
    HistoryStart: r.historyStart,
    HistoryEnd: r.historyEnd,
    ActionCount: r.actionCount,
    NextTaskId: r.nextTaskId,
    InboxWatermark: r.inboxWatermark,
  };
  if (r.parentInstanceId !== undefined) {
    entity.ParentInstanceId = r.parentInstanceId;
    entity.ParentTaskId = r.parentTaskId;
    entity.ParentExecutionId = r.parentExecutionId;
  }
  putString(entity, 'Input', r.input);
  putString(entity, 'Output', r.output);
  putString(entity, 'CustomStatus', r.customStatus);
  return entity;
}

function fromInstanceEntity(e: EntityProperties): InstanceRecord {
  const str = (name: string): string => (typeof e[name] === 'string' ? e[name] : '');
  const num = (name: string): number => (typeof e[name] === 'number' ? e[name] : 0);
  return {
    instanceId: str('partitionKey'),
    name: str('Name'),
    executionId: str('ExecutionId'),
    runtimeStatus: str('RuntimeStatus'),
    input: getString(e, 'Input'),
    output: getString(e, 'Output'),
    customStatus: getString(e, 'CustomStatus'),
    createdTime: str('CreatedTime'),
    lastUpdatedTime: str('LastUpdatedTime'),
    parentInstanceId: typeof e.ParentInstanceId === 'string' ? e.ParentInstanceId : undefined,
    parentTaskId: typeof e.ParentTaskId === 'number' ? e.ParentTaskId : undefined,
    parentExecutionId: typeof e.ParentExecutionId === 'string' ? e.ParentExecutionId : undefined,
    historyStart: num('HistoryStart'),
    historyEnd: num('HistoryEnd'),
    actionCount: num('ActionCount'),
    nextTaskId: num('NextTaskId'),
    inboxWatermark: str('InboxWatermark'),
  };
}
