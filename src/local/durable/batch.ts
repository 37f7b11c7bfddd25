import { defaultChildInstanceId, timerSegment } from './actions.js';
import { EventType, completedTaskId, event, isFailure, type HistoryEvent } from './history.js';
import { decideRetry } from './retry.js';

export interface BatchInput {
  instanceId: string;
  /** The episode's OrchestratorStarted time. */
  now: Date;
  nextTaskId: number;
  /** Scheduling events (TaskScheduled, SubOrchestrationInstanceCreated, TimerCreated) by id. */
  scheduled: ReadonlyMap<number, HistoryEvent>;
  /** Ids of tasks already resolved in the history. */
  completed: ReadonlySet<number>;
  /** Events that arrived since the last episode, in arrival order. */
  inbox: HistoryEvent[];
}

export interface Batch {
  /** The new events, in the order the orchestrator must see them. */
  events: HistoryEvent[];
  nextTaskId: number;
}

/**
 * Orders an episode's new events. Some events make the SDK allocate a task id while it replays them
 * (a retried task's failure allocates its retry timer; that timer firing allocates the next
 * attempt; a long timer's segment firing allocates the next segment). They go first, right after
 * OrchestratorStarted, where the SDK's counter equals the host's, so the ids the host writes match.
 * Events that complete tasks (and may let the orchestrator yield new tasks) follow.
 */
export function buildBatch(input: BatchInput): Batch {
  const state = new BatchState(input);
  for (const e of input.inbox) state.add(e);
  return { events: [...state.allocating, ...state.completing], nextTaskId: state.nextTaskId };
}

class BatchState {
  readonly allocating: HistoryEvent[] = [];
  readonly completing: HistoryEvent[] = [];
  nextTaskId: number;
  private readonly scheduled = new Map<number, HistoryEvent>();
  private readonly completed = new Set<number>();

  constructor(private readonly input: BatchInput) {
    this.nextTaskId = input.nextTaskId;
  }

  private lookup(id: number): HistoryEvent | undefined {
    return this.scheduled.get(id) ?? this.input.scheduled.get(id);
  }

  private isCompleted(id: number): boolean {
    return this.completed.has(id) || this.input.completed.has(id);
  }

  private schedule(e: HistoryEvent): void {
    this.scheduled.set(e.EventId, e);
    this.allocating.push(e);
  }

  add(e: HistoryEvent): void {
    const id = completedTaskId(e);
    if (id === undefined) {
      this.completing.push(e);
      return;
    }
    const opened = this.lookup(id);
    // Late or repeated results (after a restart re-ran work) and results of another execution.
    if (!opened || this.isCompleted(id)) return;
    this.completed.add(id);
    if (isFailure(e) && opened.RetryOptions) this.failedAttempt(e, opened);
    else if (e.EventType === EventType.TimerFired) this.timerFired(e, opened);
    else this.completing.push(e);
  }

  private timerFired(e: HistoryEvent, timer: HistoryEvent): void {
    if (timer.RetryFor !== undefined && !timer.FinalRetryTimer) {
      this.allocating.push(e);
      const failed = this.lookup(timer.RetryFor);
      if (failed) this.nextAttempt(failed);
      return;
    }
    const finalFireAt = timer.FinalFireAt ? new Date(timer.FinalFireAt) : undefined;
    if (finalFireAt && finalFireAt > this.input.now) {
      this.allocating.push(e);
      const next = timerSegment(this.nextTaskId++, this.input.now, finalFireAt);
      this.schedule({ ...next, FinalFireAt: finalFireAt.toISOString() });
      return;
    }
    this.completing.push(e);
  }

  /** The scheduling event of the next attempt of a retried task. */
  private nextAttempt(previous: HistoryEvent): HistoryEvent {
    const id = this.nextTaskId++;
    const isDefaultChild =
      previous.InstanceId === defaultChildInstanceId(this.input.instanceId, previous.EventId);
    const next: HistoryEvent = {
      ...previous,
      EventId: id,
      Timestamp: this.input.now.toISOString(),
      Attempt: (previous.Attempt ?? 1) + 1,
      ...(isDefaultChild ? { InstanceId: defaultChildInstanceId(this.input.instanceId, id) } : {}),
    };
    this.schedule(next);
    return next;
  }

  /**
   * A retried task failed: the SDK waits on a retry timer after every failure, and fails the task
   * when that timer fires with no attempts left. When the host stops early (retry timeout), it
   * replays the remaining attempts as immediate failures so the SDK's attempt count runs out.
   */
  private failedAttempt(failure: HistoryEvent, opened: HistoryEvent): void {
    const policy = opened.RetryOptions;
    if (!policy) return;
    const now = this.input.now;
    const firstAt = new Date(opened.FirstAttemptAt ?? now.toISOString());
    let attempt = opened.Attempt ?? 1;
    let current = opened;
    let currentFailure = failure;
    for (;;) {
      this.allocating.push(currentFailure);
      const timerId = this.nextTaskId++;
      const decision = decideRetry(policy, attempt, firstAt, now);
      if (decision.retry) {
        const fireAt = new Date(now.getTime() + decision.delayMs);
        this.schedule(retryTimer(timerId, now, fireAt, current.EventId, false));
        return;
      }
      this.schedule(retryTimer(timerId, now, now, current.EventId, true));
      const fired = event(EventType.TimerFired, now, {
        TimerId: timerId,
        FireAt: now.toISOString(),
      });
      this.completed.add(timerId);
      if (attempt >= policy.maxNumberOfAttempts) {
        this.completing.push(fired);
        return;
      }
      // Timed out with attempts left: the SDK schedules another attempt when the timer fires.
      this.allocating.push(fired);
      current = this.nextAttempt(current);
      this.completed.add(current.EventId);
      currentFailure = { ...currentFailure, TaskScheduledId: current.EventId };
      attempt += 1;
    }
  }
}

function retryTimer(
  id: number,
  now: Date,
  fireAt: Date,
  retryFor: number,
  final: boolean,
): HistoryEvent {
  return event(EventType.TimerCreated, now, {
    EventId: id,
    FireAt: fireAt.toISOString(),
    RetryFor: retryFor,
    ...(final ? { FinalRetryTimer: true } : {}),
  });
}
