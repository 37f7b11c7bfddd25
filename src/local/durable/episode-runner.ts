import { randomUUID } from 'node:crypto';
import { triggerOf } from '../functions-core/types.js';
import { inputText, scheduleActions, type OrchestratorAction } from './actions.js';
import { buildBatch } from './batch.js';
import { reportToParent } from './dispatcher.js';
import type { EngineCore } from './engine-core.js';
import { orchestrationBinding, runEpisode, type EpisodeOutcome } from './episode.js';
import { EventType, event, type HistoryEvent } from './history.js';
import type { LiveInstance } from './live-instance.js';
import type { InboxItem, InstanceRecord } from './store.js';

/** Azure refuses a custom status larger than 16 KB. */
export const MAX_CUSTOM_STATUS_BYTES = 16 * 1024;

interface Episode {
  inst: LiveInstance;
  items: InboxItem[];
  now: Date;
  /** OrchestratorStarted, ExecutionStarted (first episode) and the batch. */
  newEvents: HistoryEvent[];
  nextTaskId: number;
}

/** One orchestration episode: inbox in, history and work out, committed to the task hub. */
export class EpisodeRunner {
  constructor(private readonly engine: EngineCore) {}

  async run(inst: LiveInstance): Promise<void> {
    const items = inst.inbox.splice(0);
    if (items.length === 0) return;
    try {
      await this.runWith(inst, items);
    } catch (error) {
      // Nothing was committed past the failure point: the events stay for the next episode.
      if (inst.record.inboxWatermark < (items[items.length - 1]?.key ?? ''))
        inst.inbox.unshift(...items);
      throw error;
    }
  }

  private async runWith(inst: LiveInstance, items: InboxItem[]): Promise<void> {
    const record = inst.record;
    const now = new Date(Math.max(Date.now(), inst.lastOrchestratorStarted() + 1));
    const events = items
      .map((i) => i.event)
      .filter((e) => !e.ForExecution || e.ForExecution === record.executionId);
    const started = event(EventType.OrchestratorStarted, now);
    const terminated = events.find((e) => e.EventType === EventType.ExecutionTerminated);
    if (terminated) {
      await this.finish(
        { inst, items, now, newEvents: [started, terminated], nextTaskId: record.nextTaskId },
        {
          runtimeStatus: 'Terminated',
          output: terminated.Input,
        },
      );
      return;
    }
    const executionStarted = events.filter((e) => e.EventType === EventType.ExecutionStarted);
    const batch = buildBatch({
      instanceId: record.instanceId,
      now,
      nextTaskId: record.nextTaskId,
      scheduled: inst.scheduled,
      completed: inst.completed,
      inbox: events.filter((e) => e.EventType !== EventType.ExecutionStarted),
    });
    const newEvents = [started, ...executionStarted, ...batch.events];
    const episode: Episode = { inst, items, now, newEvents, nextTaskId: batch.nextTaskId };
    const tooLarge = oversized(newEvents.map((e) => JSON.stringify(e)));
    if (tooLarge) return this.failed({ ...episode, newEvents: [started] }, tooLarge);
    await this.apply(episode, await this.invoke(episode));
  }

  private async invoke(episode: Episode): Promise<EpisodeOutcome> {
    const { inst } = episode;
    const record = inst.record;
    const registration = this.engine.core.find(record.name);
    if (!registration || triggerOf(registration).type !== 'orchestrationTrigger') {
      const message = `The function '${record.name}' doesn't exist, is disabled, or is not an orchestrator function.`;
      return { kind: 'failed', message, customStatus: undefined };
    }
    const history = [...inst.history.map((e) => ({ ...e, IsPlayed: true })), ...episode.newEvents];
    this.engine.stats.episodes += 1;
    this.engine.stats.eventsReplayed += history.length;
    const binding = orchestrationBinding(
      record.instanceId,
      history,
      record.input,
      record.parentInstanceId,
    );
    return runEpisode(this.engine.core, registration, binding);
  }

  private async apply(episode: Episode, outcome: EpisodeOutcome): Promise<void> {
    const record = episode.inst.record;
    const customStatus = customStatusText(outcome.customStatus);
    if (customStatus !== undefined && Buffer.byteLength(customStatus) > MAX_CUSTOM_STATUS_BYTES) {
      const message = `The custom status of orchestration '${record.instanceId}' is ${Buffer.byteLength(customStatus)} bytes: larger than the 16 KB Azure allows.`;
      return this.failed(episode, message);
    }
    switch (outcome.kind) {
      case 'failed':
        return this.failed(episode, outcome.message);
      case 'completed':
        if (oversized([JSON.stringify(outcome.output ?? null)])) {
          return this.failed(episode, oversized([JSON.stringify(outcome.output ?? null)]) ?? '');
        }
        return this.finish(episode, {
          runtimeStatus: 'Completed',
          output: JSON.stringify(outcome.output ?? null),
          customStatus,
        });
      case 'continueAsNew':
        return this.continueAsNew(episode, outcome.action, customStatus);
      case 'running':
        return this.running(episode, outcome.actions, customStatus);
    }
  }

  private async running(
    episode: Episode,
    actions: OrchestratorAction[],
    customStatus: string | undefined,
  ): Promise<void> {
    const record = episode.inst.record;
    const scheduled = scheduleActions(actions.slice(record.actionCount), {
      instanceId: record.instanceId,
      now: episode.now,
      nextTaskId: episode.nextTaskId,
    });
    if (scheduled.unsupported) return this.failed(episode, scheduled.unsupported);
    const tooLarge = oversized(scheduled.events.map((e) => e.Input));
    if (tooLarge) return this.failed(episode, tooLarge);
    const events = [
      ...episode.newEvents,
      ...scheduled.events,
      event(EventType.OrchestratorCompleted, episode.now),
    ];
    await this.commit(episode, events, {
      runtimeStatus: 'Running',
      customStatus,
      actionCount: actions.length,
      nextTaskId: scheduled.nextTaskId,
    });
    await this.engine.dispatch(episode.inst, events);
  }

  private async failed(episode: Episode, message: string): Promise<void> {
    const text = `Orchestrator function '${episode.inst.record.name}' failed: ${message}`;
    await this.finish(episode, { runtimeStatus: 'Failed', output: JSON.stringify(text) });
  }

  private async finish(episode: Episode, update: Partial<InstanceRecord>): Promise<void> {
    const completed = event(EventType.ExecutionCompleted, episode.now, {
      OrchestrationStatus: update.runtimeStatus,
      Result: update.output,
    });
    const closing =
      update.runtimeStatus === 'Terminated'
        ? []
        : [event(EventType.OrchestratorCompleted, episode.now), completed];
    await this.commit(episode, [...episode.newEvents, ...closing], update, true);
    const inst = episode.inst;
    inst.clearTimers();
    this.engine.live.delete(inst.record.instanceId);
    reportToParent(this.engine, inst.record);
  }

  /**
   * Persists an episode: its history rows and the state row (history length, inbox watermark,
   * task counters) in one entity-group transaction; then the consumed inbox rows are removed.
   */
  private async commit(
    episode: Episode,
    events: HistoryEvent[],
    update: Partial<InstanceRecord>,
    final = false,
  ): Promise<void> {
    const { inst, items } = episode;
    const store = this.engine.store;
    const next: InstanceRecord = {
      ...inst.record,
      ...update,
      historyEnd: inst.record.historyEnd + events.length,
      lastUpdatedTime: new Date().toISOString(),
      inboxWatermark: maxKey(items, inst.record.inboxWatermark),
    };
    await store.commitEpisode(next, inst.record.historyEnd, events);
    inst.record = next;
    inst.append(events);
    await this.engine.afterCommit(
      next,
      items.map((i) => i.key),
      final,
    );
  }

  /**
   * A new execution with a fresh history. Events that arrived after this episode began stay in the
   * inbox for the new execution; the batch's events are carried over only when the action asks
   * to preserve unprocessed events.
   */
  private async continueAsNew(
    episode: Episode,
    action: OrchestratorAction,
    customStatus: string | undefined,
  ): Promise<void> {
    const { inst, items } = episode;
    const store = this.engine.store;
    const old = inst.record;
    const watermark = maxKey(items, old.inboxWatermark);
    const input = inputText(action.input, true);
    const next: InstanceRecord = {
      ...old,
      executionId: randomUUID().replace(/-/g, ''),
      input,
      output: undefined,
      customStatus,
      runtimeStatus: 'Running',
      historyStart: old.historyEnd,
      actionCount: 0,
      nextTaskId: 0,
      inboxWatermark: watermark,
      lastUpdatedTime: new Date().toISOString(),
    };
    // Derived from the consumed batch, so a replay of this episode after a crash rewrites it.
    const carried: InboxItem[] = [
      { key: `${watermark}~0`, event: this.engine.executionStarted(next, input) },
    ];
    if (action.preserveUnprocessedEvents) {
      episode.newEvents
        .filter((e) => e.EventType === EventType.EventRaised)
        .forEach((e, i) => carried.push({ key: `${watermark}~${i + 1}`, event: e }));
    }
    await store.addInbox(old.instanceId, carried);
    await store.commitEpisode(next, next.historyStart, []);
    this.engine.background(
      store.deleteHistory(old.instanceId, old.historyStart, old.historyEnd),
      old.instanceId,
    );
    await this.engine.afterCommit(
      next,
      items.map((i) => i.key),
      false,
    );
    inst.resetExecution();
    inst.record = next;
    inst.inbox.unshift(...carried);
  }
}

/**
 * An Azure Table entity holds at most 1 MiB (strings count two bytes a character): the local host
 * keeps one event per row, so a payload must stay under about 450,000 characters.
 */
export const MAX_PAYLOAD_CHARS = 450_000;

function oversized(texts: (string | undefined)[]): string | undefined {
  const largest = Math.max(0, ...texts.map((t) => t?.length ?? 0));
  if (largest <= MAX_PAYLOAD_CHARS) return undefined;
  return `a payload of ${largest} characters is larger than the ${MAX_PAYLOAD_CHARS} the local host stores in one history row (Azure Tables: 1 MiB per entity).`;
}

function customStatusText(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : JSON.stringify(value);
}

function maxKey(items: InboxItem[], floor: string): string {
  return items.reduce((max, item) => (item.key > max ? item.key : max), floor);
}
