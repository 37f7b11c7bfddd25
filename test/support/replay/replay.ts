// One episode: a history in, the orchestrator's actions out. The registered handler is invoked
// through @azure/functions' own invocation path with the binding exactly as the Durable extension
// sends it (upperSchemaVersion 1 plus upperSchemaVersionNew 2, the timer limits: DESIGN section 5).
import {
  failureOutcome,
  orchestrationBinding,
  type OrchestratorStateDto,
} from '../../../src/local/durable/episode.js';
import type { OrchestratorAction } from '../../../src/local/durable/actions.js';
import { EventType, type HistoryEvent } from '../../../src/local/durable/history.js';
import { fromTypedData, invokeRegistration } from '../../../src/local/functions-core/invoke.js';
import { orchestratorRegistration, replayApp } from './app.js';

export interface ReplayResult {
  /** Every action since the start (the SDK repeats them all; the host finds the new ones). */
  readonly actions: OrchestratorAction[];
  readonly isDone: boolean;
  readonly output: unknown;
  readonly customStatus: unknown;
  /** The orchestrator's error message when it threw. */
  readonly error: string | undefined;
}

export interface ReplayOptions {
  /** Default: `replay`. */
  readonly instanceId?: string;
  readonly parentInstanceId?: string;
}

/**
 * Replays `history` through the orchestrator its ExecutionStarted event names. Events the
 * orchestrator has seen before carry `IsPlayed: true` (the caller marks them).
 */
export async function replay(
  history: readonly HistoryEvent[],
  input: unknown,
  options: ReplayOptions = {},
): Promise<ReplayResult> {
  const app = await replayApp();
  const name = history.find((e) => e.EventType === EventType.ExecutionStarted)?.Name ?? '';
  const registration = orchestratorRegistration(app, name);
  const binding = orchestrationBinding(
    options.instanceId ?? 'replay',
    [...history],
    input === undefined ? undefined : JSON.stringify(input),
    options.parentInstanceId,
  );
  try {
    const response = await invokeRegistration(app.core, registration, {
      trigger: { json: JSON.stringify(binding) },
    });
    const state = (fromTypedData(response.returnValue) ?? {}) as OrchestratorStateDto;
    return {
      actions: state.actions?.[0] ?? [],
      isDone: state.isDone === true,
      output: state.output,
      customStatus: state.customStatus,
      error: state.error,
    };
  } catch (error) {
    // The SDK throws with its state after a marker: the orchestrator's message and custom status.
    const failed = failureOutcome(error);
    const message = failed.kind === 'failed' ? failed.message : String(error);
    return {
      actions: [],
      isDone: false,
      output: undefined,
      customStatus: failed.customStatus,
      error: message,
    };
  }
}
