import { EventType, completedTaskId, scheduledTaskId, type HistoryEvent } from './history.js';
import type { InboxItem, InstanceRecord } from './store.js';

export const ACTIVE_STATUSES = new Set(['Pending', 'Running', 'ContinuedAsNew']);

/** An instance the host is running: its persisted row plus what is cached in memory. */
export class LiveInstance {
  /** The current execution's history, as persisted. */
  readonly history: HistoryEvent[] = [];
  readonly scheduled = new Map<number, HistoryEvent>();
  readonly completed = new Set<number>();
  /** Persisted events not yet given to the orchestrator. */
  inbox: InboxItem[] = [];
  readonly timers = new Map<number, NodeJS.Timeout>();
  episodeRunning = false;
  episodeRequested = false;

  constructor(public record: InstanceRecord) {}

  get active(): boolean {
    return ACTIVE_STATUSES.has(this.record.runtimeStatus);
  }

  append(events: HistoryEvent[]): void {
    for (const e of events) {
      this.history.push(e);
      const opened = scheduledTaskId(e);
      if (opened !== undefined) this.scheduled.set(opened, e);
      const closed = completedTaskId(e);
      if (closed !== undefined) this.completed.add(closed);
    }
  }

  /** Starts a new execution (continueAsNew): history and task bookkeeping begin again. */
  resetExecution(): void {
    this.history.length = 0;
    this.scheduled.clear();
    this.completed.clear();
    this.clearTimers();
  }

  clearTimers(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** Scheduling events whose result is neither in the history nor waiting in the inbox. */
  pendingWork(events: HistoryEvent[]): HistoryEvent[] {
    const resultWaiting = new Set<number>();
    for (const item of this.inbox) {
      const id = completedTaskId(item.event);
      if (id !== undefined) resultWaiting.add(id);
    }
    return events.filter((e) => {
      const id = scheduledTaskId(e);
      return id !== undefined && !this.completed.has(id) && !resultWaiting.has(id);
    });
  }

  lastOrchestratorStarted(): number {
    for (let i = this.history.length - 1; i >= 0; i -= 1) {
      const e = this.history[i];
      if (e?.EventType === EventType.OrchestratorStarted) return Date.parse(e.Timestamp);
    }
    return 0;
  }
}
