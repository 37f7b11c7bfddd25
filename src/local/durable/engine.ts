import { randomUUID } from 'node:crypto';
import type { FunctionsCoreStandIn } from '../functions-core/stand-in.js';
import { EventType, event, type HistoryEvent } from './history.js';
import { Dispatcher } from './dispatcher.js';
import { EpisodeRunner } from './episode-runner.js';
import { IndexWriter } from './index-writer.js';
import { ACTIVE_STATUSES, LiveInstance } from './live-instance.js';
import { recoverInstances } from './recovery.js';
import { Semaphore } from './semaphore.js';
import type { DurableStore, InboxItem, InstanceRecord } from './store.js';
import { WorkTracker } from './work-tracker.js';
import type {
  EngineCore,
  EngineOptions,
  EngineStats,
  ParentLink,
  SendResult,
  StartResult,
} from './engine-core.js';

export type { EngineOptions, EngineStats, ParentLink, SendResult, StartResult };

/**
 * Runs orchestrations as the Durable extension does: events arrive in a persisted inbox, an episode
 * gives the orchestrator every new event after one OrchestratorStarted, and the actions it returns
 * become history and work (activities, timers, sub-orchestrations). One episode at a time per
 * instance; different instances run in parallel.
 */
export class DurableEngine implements EngineCore {
  readonly live = new Map<string, LiveInstance>();
  readonly stats: EngineStats = { episodes: 0, eventsReplayed: 0, activitiesRun: 0 };
  private readonly starting = new Set<string>();
  private readonly unflushed = new Map<string, HistoryEvent[]>();
  private readonly orchestrators: Semaphore;
  readonly activities: Semaphore;
  private readonly episodes: EpisodeRunner;
  private readonly dispatcher: Dispatcher;
  private keyCounter = 0;
  private stopped = false;
  private readonly work = new WorkTracker();
  private readonly index: IndexWriter;

  constructor(
    readonly core: FunctionsCoreStandIn,
    readonly store: DurableStore,
    readonly options: EngineOptions,
  ) {
    this.orchestrators = new Semaphore(options.maxConcurrentOrchestratorFunctions);
    this.activities = new Semaphore(options.maxConcurrentActivityFunctions);
    this.episodes = new EpisodeRunner(this);
    this.dispatcher = new Dispatcher(this);
    this.index = new IndexWriter(store, this.work, (message) => options.log('warning', message));
  }

  /** Loads every unfinished instance and re-dispatches its pending work. */
  recover(): Promise<number> {
    return recoverInstances(this);
  }

  async start(
    name: string,
    instanceId: string,
    input: string | undefined,
    parent?: ParentLink,
  ): Promise<StartResult> {
    if (this.starting.has(instanceId)) return 'conflict';
    this.starting.add(instanceId);
    try {
      const current =
        this.live.get(instanceId)?.record ?? (await this.store.getInstance(instanceId));
      if (current && ACTIVE_STATUSES.has(current.runtimeStatus)) return 'conflict';
      // A new run of a finished id replaces it, as with overridableExistingInstanceStates.
      if (current) await this.store.deleteInstance(instanceId);
      const now = new Date().toISOString();
      const record: InstanceRecord = {
        instanceId,
        name,
        executionId: randomUUID().replace(/-/g, ''),
        runtimeStatus: 'Pending',
        input,
        createdTime: now,
        lastUpdatedTime: now,
        ...(parent
          ? {
              parentInstanceId: parent.instanceId,
              parentTaskId: parent.taskId,
              parentExecutionId: parent.executionId,
            }
          : {}),
        historyStart: 0,
        historyEnd: 0,
        actionCount: 0,
        nextTaskId: 0,
        inboxWatermark: '',
      };
      const started = this.executionStarted(record, input);
      const item: InboxItem = { key: this.nextKey(), event: started };
      await this.store.addInbox(instanceId, [item]);
      await this.store.putInstance(record);
      const inst = new LiveInstance(record);
      inst.inbox.push(item);
      this.live.set(instanceId, inst);
      this.requestEpisode(inst);
      return 'started';
    } finally {
      this.starting.delete(instanceId);
    }
  }

  executionStarted(record: InstanceRecord, input: string | undefined): HistoryEvent {
    return event(EventType.ExecutionStarted, new Date(), {
      Name: record.name,
      Input: input,
      ...(record.parentInstanceId ? { ParentInstanceId: record.parentInstanceId } : {}),
    });
  }

  async raiseEvent(
    instanceId: string,
    name: string,
    input: string | undefined,
  ): Promise<SendResult> {
    const found = await this.check(instanceId);
    if (found !== 'accepted') return found;
    this.deliver(
      instanceId,
      event(EventType.EventRaised, new Date(), { Name: name, Input: input }),
    );
    return 'accepted';
  }

  async terminate(instanceId: string, reason: string): Promise<SendResult> {
    const found = await this.check(instanceId);
    if (found !== 'accepted') return found;
    this.deliver(
      instanceId,
      event(EventType.ExecutionTerminated, new Date(), { Input: JSON.stringify(reason) }),
    );
    return 'accepted';
  }

  private async check(instanceId: string): Promise<SendResult> {
    if (this.live.get(instanceId)?.active) return 'accepted';
    return (await this.store.getInstance(instanceId)) ? 'gone' : 'notFound';
  }

  async getRecord(instanceId: string): Promise<InstanceRecord | undefined> {
    const inst = this.live.get(instanceId);
    return inst ? { ...inst.record } : this.store.getInstance(instanceId);
  }

  async getHistory(record: InstanceRecord): Promise<HistoryEvent[]> {
    const inst = this.live.get(record.instanceId);
    if (inst && inst.record.executionId === record.executionId) return [...inst.history];
    return this.store.loadHistory(record.instanceId, record.historyStart, record.historyEnd);
  }

  /** Deletes a finished instance's state and history; running instances are kept. */
  async purge(instanceId: string): Promise<number> {
    const record = await this.getRecord(instanceId);
    if (!record || ACTIVE_STATUSES.has(record.runtimeStatus)) return 0;
    this.live.delete(instanceId);
    await this.store.deleteInstance(instanceId);
    return 1;
  }

  /** Queues an event for an instance: persisted in its inbox (batched), then an episode runs. */
  deliver(instanceId: string, e: HistoryEvent): void {
    const inst = this.live.get(instanceId);
    if (!inst?.active || this.stopped) return;
    const queue = this.unflushed.get(instanceId);
    if (queue) {
      queue.push(e);
      return;
    }
    this.unflushed.set(instanceId, [e]);
    this.track(
      this.flush(inst).catch((error: unknown) =>
        this.options.log(
          'error',
          `durable: inbox write for ${instanceId} failed: ${String(error)}`,
        ),
      ),
    );
  }

  private async flush(inst: LiveInstance): Promise<void> {
    const id = inst.record.instanceId;
    for (;;) {
      const events = this.unflushed.get(id) ?? [];
      if (events.length === 0) break;
      this.unflushed.set(id, []);
      const items = events.map((e) => ({ key: this.nextKey(), event: e }));
      await this.persistInbox(id, items);
      inst.inbox.push(...items);
      this.requestEpisode(inst);
    }
    this.unflushed.delete(id);
  }

  /** Writes inbox rows, retrying a storage hiccup a few times before giving up on them. */
  private async persistInbox(instanceId: string, items: InboxItem[]): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.store.addInbox(instanceId, items);
        return;
      } catch (error) {
        if (attempt >= 5 || this.stopped) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
    }
  }

  requestEpisode(inst: LiveInstance): void {
    if (this.stopped) return;
    if (inst.episodeRunning) {
      inst.episodeRequested = true;
      return;
    }
    inst.episodeRunning = true;
    this.track(this.episodeLoop(inst));
  }

  private async episodeLoop(inst: LiveInstance): Promise<void> {
    try {
      do {
        inst.episodeRequested = false;
        if (inst.inbox.length === 0 || this.stopped) continue;
        await this.orchestrators.run(() => this.episodes.run(inst));
      } while ((inst.episodeRequested || inst.inbox.length > 0) && !this.stopped && inst.active);
    } catch (error) {
      this.options.log(
        'error',
        `durable: episode of ${inst.record.instanceId} failed (retrying in 1 s): ${String(error)}`,
      );
      // The events went back to the inbox: try again, as the extension retries a failed episode.
      setTimeout(() => this.requestEpisode(inst), 1000).unref();
    } finally {
      inst.episodeRunning = false;
    }
  }

  /** Starts the work the new scheduling events ask for. */
  async dispatch(inst: LiveInstance, events: HistoryEvent[]): Promise<void> {
    await this.dispatcher.dispatch(inst, events);
  }

  /** Inbox keys sort in arrival order, also across restarts. */
  nextKey(): string {
    this.keyCounter += 1;
    return `${Date.now().toString().padStart(15, '0')}-${this.keyCounter.toString().padStart(9, '0')}`;
  }

  /**
   * After an episode's commit: the consumed inbox rows go and the Instances row (what queries
   * read) follows, off the episode's critical path. Terminal states are written before returning.
   */
  async afterCommit(record: InstanceRecord, consumedKeys: string[], wait: boolean): Promise<void> {
    const id = record.instanceId;
    if (consumedKeys.length > 0) this.background(this.store.deleteInbox(id, consumedKeys), id);
    await this.index.write(record, wait);
  }

  background(work: Promise<unknown>, instanceId: string): void {
    this.track(
      work.catch((error: unknown) =>
        this.options.log('warning', `durable: cleanup for ${instanceId} failed: ${String(error)}`),
      ),
    );
  }

  private track(work: Promise<unknown>): void {
    this.work.track(work);
  }

  /**
   * Stops dispatching and lets running episodes and inbox writes finish; activities still running
   * are abandoned (they run again after a restart, as after a crash).
   */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const inst of this.live.values()) inst.clearTimers();
    await this.work.drain();
  }

  get isStopped(): boolean {
    return this.stopped;
  }
}
