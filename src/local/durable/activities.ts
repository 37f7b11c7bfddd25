import { fromTypedData, invokeRegistration } from '../functions-core/invoke.js';
import type { FunctionsCoreStandIn } from '../functions-core/stand-in.js';
import { triggerOf } from '../functions-core/types.js';
import type { FailureDetails } from './history.js';

export type ActivityOutcome =
  | { ok: true; result: string }
  | { ok: false; failure: FailureDetails; reason: string; details: string };

/** Runs an activity through the handler `df.app.activity` registered. */
export async function runActivity(
  core: FunctionsCoreStandIn,
  name: string,
  input: string | undefined,
): Promise<ActivityOutcome> {
  const registration = core.find(name);
  if (!registration || triggerOf(registration).type !== 'activityTrigger') {
    return failed(
      name,
      new Error(
        `The function '${name}' doesn't exist, is disabled, or is not an activity function.`,
      ),
    );
  }
  try {
    const response = await invokeRegistration(core, registration, {
      trigger: { json: input ?? 'null' },
    });
    const value = fromTypedData(response.returnValue);
    return { ok: true, result: JSON.stringify(value ?? null) };
  } catch (error) {
    return failed(name, error);
  }
}

function failed(name: string, error: unknown): ActivityOutcome {
  const failure = failureDetailsOf(error);
  return {
    ok: false,
    failure,
    reason: `Activity function '${name}' failed: ${failure.ErrorMessage}`,
    details: failure.StackTrace ?? '',
  };
}

/**
 * FailureDetails of a thrown value. With an exception properties provider registered, the SDK's
 * activity wrapper has already put the details as JSON into the message: unwrap them.
 */
export function failureDetailsOf(error: unknown): FailureDetails {
  const err = error instanceof Error ? error : new Error(String(error));
  const wrapped = parseWrapped(err.message);
  if (wrapped) return wrapped;
  return { ErrorType: err.name || 'Error', ErrorMessage: err.message, StackTrace: err.stack };
}

function parseWrapped(message: string): FailureDetails | undefined {
  if (!message.startsWith('{')) return undefined;
  try {
    const payload = JSON.parse(message) as {
      errorType?: unknown;
      errorMessage?: unknown;
      stackTrace?: unknown;
      properties?: Record<string, unknown>;
    };
    if (typeof payload.errorType !== 'string' || typeof payload.errorMessage !== 'string') {
      return undefined;
    }
    return {
      ErrorType: payload.errorType,
      ErrorMessage: payload.errorMessage,
      ...(typeof payload.stackTrace === 'string' ? { StackTrace: payload.stackTrace } : {}),
      ...(payload.properties ? { Properties: payload.properties } : {}),
    };
  } catch {
    return undefined;
  }
}
