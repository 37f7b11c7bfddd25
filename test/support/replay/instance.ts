// One orchestration instance in the harness: its history, and an episode as the local host builds
// it (src/local/durable: the batch after one new OrchestratorStarted, the new actions turned into
// scheduling events with the task ids the SDK counts), without the store, the engine or timers.
import {
  ActionType,
  scheduleActions,
  type OrchestratorAction,
} from '../../../src/local/durable/actions.js';
import { buildBatch } from '../../../src/local/durable/batch.js';
import {
  EventType,
  completedTaskId,
  event,
  scheduledTaskId,
  type HistoryEvent,
} from '../../../src/local/durable/history.js';
import { replay, type ReplayResult } from './replay.js';

export type Ended =
  | { readonly kind: 'completed'; readonly output: unknown }
  | { readonly kind: 'failed'; readonly message: string };

/** `waiting`: nothing is left to arrive, it waits for an event the test did not raise. */
export type RunOutcome = Ended | { readonly kind: 'waiting' };

/** What one episode saw and did. */
export interface EpisodeRecord {
  readonly instanceId: string;
  readonly atInMs: number;
  /** The events that arrived since the last episode, in the order the orchestrator saw them. */
  readonly batch: readonly HistoryEvent[];
  /** The scheduling events its new actions became. */
  readonly scheduled: readonly HistoryEvent[];
  readonly actions: readonly OrchestratorAction[];
  readonly customStatus: unknown;
}

export interface Episode {
  readonly record: EpisodeRecord;
  /** Set once the orchestration has ended. */
  readonly outcome: Ended | undefined;
  /** Activities, timers and sub-orchestrations to start (new, not yet completed). */
  readonly work: readonly HistoryEvent[];
}

/** Azure refuses a larger custom status (the local host's EpisodeRunner checks the same). */
const MAX_CUSTOM_STATUS_BYTES = 16 * 1024;

export class Instance {
  readonly history: HistoryEvent[] = [];
  customStatus: unknown;
  private readonly scheduled = new Map<number, HistoryEvent>();
  private readonly completed = new Set<number>();
  private nextTaskId = 0;
  private actionCount = 0;

  constructor(
    readonly instanceId: string,
    readonly input: unknown,
    readonly parentInstanceId: string | undefined,
  ) {}

  async episode(nowInMs: number, inbox: readonly HistoryEvent[]): Promise<Episode> {
    const now = new Date(nowInMs);
    const batch = buildBatch({
      instanceId: this.instanceId,
      now,
      nextTaskId: this.nextTaskId,
      scheduled: this.scheduled,
      completed: this.completed,
      inbox: inbox.filter((e) => e.EventType !== EventType.ExecutionStarted),
    });
    const execution = inbox.filter((e) => e.EventType === EventType.ExecutionStarted);
    const arrived = [...execution, ...batch.events];
    const started = event(EventType.OrchestratorStarted, now);
    const history = [...this.history.map((e) => ({ ...e, IsPlayed: true })), started, ...arrived];
    const result = await replay(history, this.input, {
      instanceId: this.instanceId,
      ...(this.parentInstanceId ? { parentInstanceId: this.parentInstanceId } : {}),
    });
    this.customStatus = result.customStatus;
    const actions = result.actions.slice(this.actionCount);
    const scheduling = scheduleActions(actions, {
      instanceId: this.instanceId,
      now,
      nextTaskId: batch.nextTaskId,
    });
    const outcome = this.outcomeOf(result, scheduling.unsupported);
    const scheduled = outcome ? [] : scheduling.events;
    this.append([started, ...arrived, ...scheduled, event(EventType.OrchestratorCompleted, now)]);
    if (outcome) this.append([executionCompleted(now, outcome)]);
    this.actionCount = result.actions.length;
    this.nextTaskId = scheduling.nextTaskId;
    const opened = [...batch.events, ...scheduled].filter(
      (e) => scheduledTaskId(e) !== undefined && !this.completed.has(e.EventId),
    );
    return {
      record: {
        instanceId: this.instanceId,
        atInMs: nowInMs,
        batch: arrived,
        scheduled,
        actions,
        customStatus: result.customStatus,
      },
      outcome,
      work: outcome ? [] : opened,
    };
  }

  private outcomeOf(result: ReplayResult, unsupported: string | undefined): Ended | undefined {
    const status = result.customStatus === undefined ? '' : JSON.stringify(result.customStatus);
    const bytes = Buffer.byteLength(status);
    if (bytes > MAX_CUSTOM_STATUS_BYTES) {
      return {
        kind: 'failed',
        message: `a custom status of ${bytes} bytes: over the 16 KB allowed`,
      };
    }
    if (result.error !== undefined) return { kind: 'failed', message: result.error };
    if (result.isDone && result.actions.some((a) => a.actionType === ActionType.ContinueAsNew)) {
      return { kind: 'failed', message: 'replay harness: continueAsNew is not supported' };
    }
    if (result.isDone) return { kind: 'completed', output: result.output };
    if (unsupported) return { kind: 'failed', message: `replay harness: ${unsupported}` };
    return undefined;
  }

  private append(events: readonly HistoryEvent[]): void {
    for (const e of events) {
      this.history.push(e);
      const opened = scheduledTaskId(e);
      if (opened !== undefined) this.scheduled.set(opened, e);
      const closed = completedTaskId(e);
      if (closed !== undefined) this.completed.add(closed);
    }
  }
}

function executionCompleted(now: Date, outcome: Ended): HistoryEvent {
  return event(EventType.ExecutionCompleted, now, {
    OrchestrationStatus: outcome.kind === 'completed' ? 'Completed' : 'Failed',
    Result: JSON.stringify(
      outcome.kind === 'completed' ? (outcome.output ?? null) : outcome.message,
    ),
  });
}
