import { EventType, event, type HistoryEvent, type RetryPolicy } from './history.js';

// Orchestrator actions as durable-functions 3.x returns them (DESIGN section 5).
export const ActionType = {
  CallActivity: 0,
  CallActivityWithRetry: 1,
  CallSubOrchestrator: 2,
  CallSubOrchestratorWithRetry: 3,
  ContinueAsNew: 4,
  CreateTimer: 5,
  WaitForExternalEvent: 6,
  CallEntity: 7,
  CallHttp: 8,
  SignalEntity: 9,
  WhenAny: 11,
  WhenAll: 12,
  LockEntities: 13,
  ReleaseEntities: 14,
} as const;

export interface OrchestratorAction {
  actionType: number;
  functionName?: string;
  input?: unknown;
  instanceId?: string;
  retryOptions?: RetryPolicy;
  fireAt?: string;
  isCanceled?: boolean;
  externalEventName?: string;
  compoundActions?: OrchestratorAction[];
  preserveUnprocessedEvents?: boolean;
}

/** The SDK's timer limits the host passes (so it splits long timers); .NET TimeSpan text. */
export const MAXIMUM_SHORT_TIMER_MS = 6 * 24 * 3600_000;
export const LONG_TIMER_INTERVAL_MS = 3 * 24 * 3600_000;

export interface SchedulingContext {
  instanceId: string;
  /** The episode's OrchestratorStarted time: the orchestration clock. */
  now: Date;
  nextTaskId: number;
}

export interface Scheduled {
  events: HistoryEvent[];
  nextTaskId: number;
  /** Set when an action cannot run on this host (entities, durable HTTP). */
  unsupported?: string;
}

/**
 * Turns the actions an episode added into scheduling events, giving each task the id the SDK gave
 * it: ids count the tasks in the order they were yielded, children of Task.all/any in order;
 * external-event waits and continueAsNew take none.
 */
export function scheduleActions(actions: OrchestratorAction[], ctx: SchedulingContext): Scheduled {
  const out: Scheduled = { events: [], nextTaskId: ctx.nextTaskId };
  for (const action of actions) scheduleOne(action, ctx, out);
  return out;
}

function scheduleOne(action: OrchestratorAction, ctx: SchedulingContext, out: Scheduled): void {
  switch (action.actionType) {
    case ActionType.WhenAll:
    case ActionType.WhenAny:
      for (const child of action.compoundActions ?? []) scheduleOne(child, ctx, out);
      return;
    case ActionType.CallActivity:
    case ActionType.CallActivityWithRetry:
      out.events.push(taskScheduled(action, ctx.now, out.nextTaskId++));
      return;
    case ActionType.CallSubOrchestrator:
    case ActionType.CallSubOrchestratorWithRetry:
      out.events.push(subOrchestrationCreated(action, ctx, out.nextTaskId++));
      return;
    case ActionType.CreateTimer:
      out.events.push(timerCreated(action, ctx.now, out.nextTaskId++));
      return;
    case ActionType.WaitForExternalEvent:
    case ActionType.ContinueAsNew:
      return;
    default:
      out.unsupported ??= `action type ${action.actionType} (${actionName(action.actionType)}) is not supported by the local host`;
  }
}

function actionName(type: number): string {
  return Object.entries(ActionType).find(([, v]) => v === type)?.[0] ?? 'unknown';
}

/** Activity and continueAsNew inputs arrive as JSON text when strings (the SDK pre-serializes). */
export function inputText(input: unknown, preSerialized: boolean): string | undefined {
  if (input === undefined) return undefined;
  if (preSerialized && typeof input === 'string') return input;
  return JSON.stringify(input);
}

function taskScheduled(action: OrchestratorAction, now: Date, id: number): HistoryEvent {
  const retry = action.retryOptions;
  return event(EventType.TaskScheduled, now, {
    EventId: id,
    Name: action.functionName ?? '',
    Input: inputText(action.input, true),
    ...(retry ? { RetryOptions: retry, Attempt: 1, FirstAttemptAt: now.toISOString() } : {}),
  });
}

/** The default sub-orchestration instance id: the parent's id and the task's sequence number. */
export function defaultChildInstanceId(parentInstanceId: string, taskId: number): string {
  return `${parentInstanceId}:${taskId.toString(16).toUpperCase().padStart(4, '0')}`;
}

function subOrchestrationCreated(
  action: OrchestratorAction,
  ctx: SchedulingContext,
  id: number,
): HistoryEvent {
  const retry = action.retryOptions;
  return event(EventType.SubOrchestrationInstanceCreated, ctx.now, {
    EventId: id,
    Name: action.functionName ?? '',
    InstanceId: action.instanceId || defaultChildInstanceId(ctx.instanceId, id),
    Input: inputText(action.input, false),
    ...(retry ? { RetryOptions: retry, Attempt: 1, FirstAttemptAt: ctx.now.toISOString() } : {}),
  });
}

function timerCreated(action: OrchestratorAction, now: Date, id: number): HistoryEvent {
  const fireAt = new Date(action.fireAt ?? now.toISOString());
  return timerSegment(id, now, fireAt);
}

/** A timer, or the first segment of a long one, as the SDK splits it (LongTimerTask). */
export function timerSegment(id: number, now: Date, finalFireAt: Date): HistoryEvent {
  if (finalFireAt.getTime() - now.getTime() > MAXIMUM_SHORT_TIMER_MS) {
    return event(EventType.TimerCreated, now, {
      EventId: id,
      FireAt: new Date(now.getTime() + LONG_TIMER_INTERVAL_MS).toISOString(),
      FinalFireAt: finalFireAt.toISOString(),
    });
  }
  return event(EventType.TimerCreated, now, { EventId: id, FireAt: finalFireAt.toISOString() });
}
