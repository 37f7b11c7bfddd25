// Activities in the harness: a table of fakes answers each call at once (a thrown error becomes a
// TaskFailed); the call's result arrives when its virtual duration has passed.
import { EventType, type HistoryEvent } from '../../../src/local/durable/history.js';
import { activityCompleted, activityFailed } from './results.js';

/** An activity's fake: its (JSON-decoded) input in, its result out, or it throws. */
export type ActivityFake = (input: never) => unknown;
export type ActivityTable = Readonly<Record<string, ActivityFake>>;

export interface ActivityCall {
  readonly name: string;
  readonly input: unknown;
  /** The orchestration that called it. */
  readonly instanceId: string;
  readonly taskId: number;
  /** Virtual times, in ms since the run started. */
  readonly startedAtInMs: number;
  readonly endedAtInMs: number;
  readonly failed: boolean;
}

export interface Answered {
  readonly call: ActivityCall;
  /** TaskCompleted or TaskFailed, stamped with the call's virtual end. */
  readonly result: HistoryEvent;
  readonly atInMs: number;
}

export interface CallContext {
  readonly activities: ActivityTable;
  readonly durationInMs: ((name: string, input: unknown) => number) | undefined;
  readonly instanceId: string;
  /** Epoch ms: now, and the start of the run (call times are relative to it). */
  readonly nowInMs: number;
  readonly runStartInMs: number;
}

/** Calls the fake of the activity `scheduled` (a TaskScheduled event) names. */
export async function callActivity(ctx: CallContext, scheduled: HistoryEvent): Promise<Answered> {
  const name = scheduled.Name ?? '';
  const input =
    scheduled.Input === undefined ? undefined : (JSON.parse(scheduled.Input) as unknown);
  const endedAt = ctx.nowInMs + (ctx.durationInMs?.(name, input) ?? 0);
  let result: HistoryEvent;
  try {
    const fake = ctx.activities[name];
    if (!fake) {
      throw new Error(
        `The function '${name}' doesn't exist, is disabled, or is not an activity function.`,
      );
    }
    result = activityCompleted(scheduled.EventId, new Date(endedAt), await fake(input as never));
  } catch (error) {
    result = activityFailed(scheduled.EventId, new Date(endedAt), name, error);
  }
  const call: ActivityCall = {
    name,
    input,
    instanceId: ctx.instanceId,
    taskId: scheduled.EventId,
    startedAtInMs: ctx.nowInMs - ctx.runStartInMs,
    endedAtInMs: endedAt - ctx.runStartInMs,
    failed: result.EventType === EventType.TaskFailed,
  };
  return { call, result, atInMs: endedAt };
}
