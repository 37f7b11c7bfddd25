// How the outcome of a task reaches the orchestration, in the real extension's shapes: a failure as
// `Reason`/`Details` text without `FailureDetails` (the SDK then throws `${Reason} \n ${Details}`).
// The extension puts the serialized .NET exception in Details, and so does the harness.
import { dotnetExceptionDetails } from '../../../src/local/durable/activities.js';
import {
  EventType,
  event,
  type EventTypeValue,
  type HistoryEvent,
} from '../../../src/local/durable/history.js';

export function activityCompleted(taskId: number, at: Date, value: unknown): HistoryEvent {
  return completion(EventType.TaskCompleted, taskId, at, value);
}

/** As the extension's TaskActivityShim: "Activity function 'name' failed: <message>". */
export function activityFailed(
  taskId: number,
  at: Date,
  name: string,
  error: unknown,
): HistoryEvent {
  const message = error instanceof Error ? error.message : String(error);
  return failure(
    EventType.TaskFailed,
    taskId,
    at,
    `Activity function '${name}' failed: ${message}`,
  );
}

export function childCompleted(taskId: number, at: Date, output: unknown): HistoryEvent {
  return completion(EventType.SubOrchestrationInstanceCompleted, taskId, at, output);
}

export function childFailed(taskId: number, at: Date, name: string, message: string): HistoryEvent {
  const reason = `Orchestrator function '${name}' failed: ${message}`;
  return failure(EventType.SubOrchestrationInstanceFailed, taskId, at, reason);
}

function completion(type: EventTypeValue, taskId: number, at: Date, value: unknown): HistoryEvent {
  return event(type, at, { TaskScheduledId: taskId, Result: JSON.stringify(value ?? null) });
}

/** A failure as the real extension records it: Reason, and the serialized .NET exception as Details. */
function failure(type: EventTypeValue, taskId: number, at: Date, reason: string): HistoryEvent {
  const message = reason.slice(reason.indexOf(': ') + 2);
  return event(type, at, {
    TaskScheduledId: taskId,
    Reason: reason,
    Details: dotnetExceptionDetails(message, `Error: ${message}\n    at activity (file.js:1:1)`),
  });
}

export function eventRaised(name: string, at: Date, data: unknown): HistoryEvent {
  return event(EventType.EventRaised, at, {
    Name: name,
    ...(data === undefined ? {} : { Input: JSON.stringify(data) }),
  });
}

export function timerFired(timerId: number, at: Date, fireAt: string | undefined): HistoryEvent {
  return event(EventType.TimerFired, at, { TimerId: timerId, FireAt: fireAt });
}

export function executionStarted(
  name: string,
  at: Date,
  input: unknown,
  parentInstanceId: string | undefined,
): HistoryEvent {
  return event(EventType.ExecutionStarted, at, {
    Name: name,
    ...(input === undefined ? {} : { Input: JSON.stringify(input) }),
    ...(parentInstanceId ? { ParentInstanceId: parentInstanceId } : {}),
  });
}
