import { fromTypedData, invokeRegistration } from '../functions-core/invoke.js';
import type { FunctionsCoreStandIn } from '../functions-core/stand-in.js';
import type { Registration } from '../functions-core/types.js';
import { ActionType, type OrchestratorAction } from './actions.js';
import type { HistoryEvent } from './history.js';

/** The orchestrationTrigger binding value, as the Durable extension sends it (DESIGN section 5). */
export interface OrchestrationBinding {
  history: HistoryEvent[];
  input: unknown;
  instanceId: string;
  isReplaying: boolean;
  parentInstanceId?: string;
  upperSchemaVersion: number;
  upperSchemaVersionNew: number;
  maximumShortTimerDuration: string;
  longRunningTimerIntervalDuration: string;
  defaultHttpAsyncRequestSleepTimeMillseconds: number;
}

export type EpisodeOutcome =
  | { kind: 'running'; actions: OrchestratorAction[]; customStatus: unknown }
  | { kind: 'completed'; output: unknown; customStatus: unknown }
  | { kind: 'continueAsNew'; action: OrchestratorAction; customStatus: unknown }
  | { kind: 'failed'; message: string; customStatus: unknown };

export interface OrchestratorStateDto {
  isDone?: boolean;
  actions?: OrchestratorAction[][];
  output?: unknown;
  error?: string;
  customStatus?: unknown;
}

const OUT_OF_PROC_LABEL = '\n\n$OutOfProcData$:';

export function orchestrationBinding(
  instanceId: string,
  history: HistoryEvent[],
  input: string | undefined,
  parentInstanceId: string | undefined,
): OrchestrationBinding {
  return {
    history,
    input: input === undefined ? undefined : (JSON.parse(input) as unknown),
    instanceId,
    isReplaying: history.some((e) => e.IsPlayed),
    ...(parentInstanceId ? { parentInstanceId } : {}),
    upperSchemaVersion: 1,
    upperSchemaVersionNew: 2,
    maximumShortTimerDuration: '6.00:00:00',
    longRunningTimerIntervalDuration: '3.00:00:00',
    defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
  };
}

/** Runs one episode: the orchestrator replays the history and reports its actions. */
export async function runEpisode(
  core: FunctionsCoreStandIn,
  registration: Registration,
  binding: OrchestrationBinding,
): Promise<EpisodeOutcome> {
  let state: OrchestratorStateDto;
  try {
    const response = await invokeRegistration(core, registration, {
      trigger: { json: JSON.stringify(binding) },
    });
    state = fromTypedData(response.returnValue) ?? {};
  } catch (error) {
    return failureOutcome(error);
  }
  return interpretState(state);
}

export function interpretState(state: OrchestratorStateDto): EpisodeOutcome {
  const actions = state.actions?.[0] ?? [];
  const customStatus = state.customStatus;
  const continueAsNew = actions.find((a) => a.actionType === ActionType.ContinueAsNew);
  if (state.isDone && continueAsNew)
    return { kind: 'continueAsNew', action: continueAsNew, customStatus };
  if (state.isDone) return { kind: 'completed', output: state.output, customStatus };
  if (state.error) return { kind: 'failed', message: state.error, customStatus };
  return { kind: 'running', actions, customStatus };
}

/**
 * The SDK throws an OrchestrationFailureError whose message is a placeholder followed by a marker
 * and the orchestrator state as JSON; the state's `error` holds the orchestrator's error message.
 */
export function failureOutcome(error: unknown): EpisodeOutcome {
  const text = error instanceof Error ? error.message : String(error);
  const at = text.indexOf(OUT_OF_PROC_LABEL);
  if (at < 0) return { kind: 'failed', message: text, customStatus: undefined };
  let state: OrchestratorStateDto = {};
  try {
    state = JSON.parse(text.slice(at + OUT_OF_PROC_LABEL.length)) as OrchestratorStateDto;
  } catch {
    // keep the text before the marker
  }
  return {
    kind: 'failed',
    message: typeof state.error === 'string' ? state.error : text.slice(0, at),
    customStatus: state.customStatus,
  };
}
