import { EVENT_TYPE_NAMES, EventType, type HistoryEvent } from './history.js';
import type { InstanceRecord } from './store.js';

export interface StatusOptions {
  showInput: boolean;
  showHistory: boolean;
  showHistoryOutput: boolean;
}

/** An instance's status as the extension's HTTP API returns it. */
export function statusJson(
  record: InstanceRecord,
  options: StatusOptions,
  history?: HistoryEvent[],
): Record<string, unknown> {
  const status: Record<string, unknown> = {
    name: record.name,
    instanceId: record.instanceId,
    runtimeStatus: record.runtimeStatus,
    input: options.showInput ? parse(record.input) : null,
    customStatus: parse(record.customStatus),
    output: parse(record.output),
    createdTime: record.createdTime,
    lastUpdatedTime: record.lastUpdatedTime,
  };
  if (options.showHistory && history) status.history = historyJson(history, options);
  return status;
}

function parse(text: string | undefined): unknown {
  return text === undefined ? null : (JSON.parse(text) as unknown);
}

const HIDDEN = new Set<number>([EventType.OrchestratorStarted, EventType.OrchestratorCompleted]);

/**
 * The readable history: orchestrator bookkeeping left out, each result carrying the name and
 * scheduled time of the task it completes (as the extension condenses it).
 */
export function historyJson(history: HistoryEvent[], options: StatusOptions): unknown[] {
  const scheduled = new Map<number, HistoryEvent>();
  const resolved = new Set<number>();
  for (const e of history) {
    if (
      e.EventType === EventType.TaskScheduled ||
      e.EventType === EventType.SubOrchestrationInstanceCreated
    ) {
      scheduled.set(e.EventId, e);
    }
    if (e.TaskScheduledId !== undefined) resolved.add(e.TaskScheduledId);
  }
  const out: unknown[] = [];
  for (const e of history) {
    if (HIDDEN.has(e.EventType)) continue;
    if (scheduled.get(e.EventId) === e && resolved.has(e.EventId)) continue;
    out.push(viewOf(e, scheduled, options));
  }
  return out;
}

function viewOf(
  e: HistoryEvent,
  scheduled: Map<number, HistoryEvent>,
  options: StatusOptions,
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    EventType: EVENT_TYPE_NAMES[e.EventType] ?? String(e.EventType),
    Timestamp: e.Timestamp,
  };
  const origin = e.TaskScheduledId !== undefined ? scheduled.get(e.TaskScheduledId) : undefined;
  if (origin) {
    view.FunctionName = origin.Name;
    view.ScheduledTime = origin.Timestamp;
  } else if (e.Name !== undefined) {
    view[e.EventType === EventType.EventRaised ? 'Name' : 'FunctionName'] = e.Name;
  }
  copyDefined(view, e, ['FireAt', 'Reason', 'Details', 'OrchestrationStatus', 'InstanceId']);
  if (e.EventType === EventType.TaskScheduled && e.Attempt !== undefined) view.Attempt = e.Attempt;
  if (options.showInput && e.Input !== undefined) view.Input = safeParse(e.Input);
  if (options.showHistoryOutput && e.Result !== undefined) view.Result = safeParse(e.Result);
  return view;
}

function copyDefined(
  view: Record<string, unknown>,
  e: HistoryEvent,
  keys: (keyof HistoryEvent)[],
): void {
  for (const key of keys) if (e[key] !== undefined && e[key] !== '') view[key] = e[key];
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The HTTP status the extension answers a status query with. */
export function statusCode(runtimeStatus: string, internalServerErrorOnFailure: boolean): number {
  switch (runtimeStatus) {
    case 'Completed':
      return 200;
    case 'Failed':
      return internalServerErrorOnFailure ? 500 : 400;
    case 'Terminated':
    case 'Canceled':
      return 400;
    default:
      return 202;
  }
}
