// History events as the Durable Task Framework records them and the durable-functions SDK replays
// them (DESIGN section 5). Field names are the extension's (PascalCase).

export const EventType = {
  ExecutionStarted: 0,
  ExecutionCompleted: 1,
  ExecutionFailed: 2,
  ExecutionTerminated: 3,
  TaskScheduled: 4,
  TaskCompleted: 5,
  TaskFailed: 6,
  SubOrchestrationInstanceCreated: 7,
  SubOrchestrationInstanceCompleted: 8,
  SubOrchestrationInstanceFailed: 9,
  TimerCreated: 10,
  TimerFired: 11,
  OrchestratorStarted: 12,
  OrchestratorCompleted: 13,
  EventRaised: 15,
  ContinueAsNew: 16,
} as const;
export type EventTypeValue = (typeof EventType)[keyof typeof EventType];

export const EVENT_TYPE_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(EventType).map(([name, value]) => [value, name]),
);

/** Retry policy of `callActivityWithRetry` / `callSubOrchestratorWithRetry`, as the SDK sends it. */
export interface RetryPolicy {
  firstRetryIntervalInMilliseconds: number;
  maxNumberOfAttempts: number;
  backoffCoefficient?: number;
  maxRetryIntervalInMilliseconds?: number;
  retryTimeoutInMilliseconds?: number;
}

export interface FailureDetails {
  ErrorType: string;
  ErrorMessage: string;
  StackTrace?: string;
  Properties?: Record<string, unknown>;
}

/**
 * One history event. Besides the fields the SDK reads, the host keeps its own bookkeeping on the
 * scheduling events (retry policy and attempt, long-timer target) so pending work is derivable from
 * the history alone after a restart.
 */
export interface HistoryEvent {
  EventType: EventTypeValue;
  EventId: number;
  Timestamp: string;
  IsPlayed?: boolean;
  Name?: string;
  Input?: string;
  Result?: string;
  Reason?: string;
  Details?: string;
  FailureDetails?: FailureDetails;
  TaskScheduledId?: number;
  TimerId?: number;
  FireAt?: string;
  InstanceId?: string;
  OrchestrationStatus?: string;
  ParentInstanceId?: string;
  // Host bookkeeping (the SDK ignores unknown fields).
  RetryOptions?: RetryPolicy;
  Attempt?: number;
  FirstAttemptAt?: string;
  /** On a retry timer: the id of the failed attempt it waits after. */
  RetryFor?: number;
  /** On a retry timer: no attempt follows it (the SDK then fails the task). */
  FinalRetryTimer?: boolean;
  /** On a segment of a long timer: the timer's real fire time. */
  FinalFireAt?: string;
  /** On a result in the inbox: the execution that scheduled the task (continueAsNew resets ids). */
  ForExecution?: string;
}

export function event(
  type: EventTypeValue,
  timestamp: Date,
  fields: Partial<HistoryEvent> = {},
): HistoryEvent {
  return { EventType: type, EventId: -1, Timestamp: timestamp.toISOString(), ...fields };
}

/** The id of the task a completion event resolves, if it is one. */
export function completedTaskId(e: HistoryEvent): number | undefined {
  switch (e.EventType) {
    case EventType.TaskCompleted:
    case EventType.TaskFailed:
    case EventType.SubOrchestrationInstanceCompleted:
    case EventType.SubOrchestrationInstanceFailed:
      return e.TaskScheduledId;
    case EventType.TimerFired:
      return e.TimerId;
    default:
      return undefined;
  }
}

/** The id a scheduling event opens (activity, sub-orchestration or timer). */
export function scheduledTaskId(e: HistoryEvent): number | undefined {
  switch (e.EventType) {
    case EventType.TaskScheduled:
    case EventType.SubOrchestrationInstanceCreated:
    case EventType.TimerCreated:
      return e.EventId;
    default:
      return undefined;
  }
}

export function isFailure(e: HistoryEvent): boolean {
  return (
    e.EventType === EventType.TaskFailed || e.EventType === EventType.SubOrchestrationInstanceFailed
  );
}
