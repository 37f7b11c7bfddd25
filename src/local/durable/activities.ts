import { fromTypedData, invokeRegistration } from '../functions-core/invoke.js';
import type { FunctionsCoreStandIn } from '../functions-core/stand-in.js';
import { triggerOf } from '../functions-core/types.js';
import type { FailureDetails } from './history.js';

export type ActivityOutcome =
  | { ok: true; result: string }
  | {
      ok: false;
      /** Only with an exception properties provider registered, as the real extension sends. */
      failure?: FailureDetails;
      reason: string;
      details: string;
    };

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

/**
 * An activity's failure as the Durable extension records it for an out-of-process worker:
 * `Reason` is "Activity function '<name>' failed: <message>" and `Details` the serialized .NET
 * exception that wraps the worker's RpcException (a raw TaskFailed of the real extension:
 * Azure/azure-functions-durable-extension#3049). `FailureDetails` comes only with an exception
 * properties provider registered (the SDK then puts the details as JSON into the message).
 */
function failed(name: string, error: unknown): ActivityOutcome {
  const err = error instanceof Error ? error : new Error(String(error));
  const wrapped = parseWrapped(err.message);
  const message = wrapped?.ErrorMessage ?? err.message;
  return {
    ok: false,
    ...(wrapped ? { failure: wrapped } : {}),
    reason: `Activity function '${name}' failed: ${message}`,
    details: dotnetExceptionDetails(message, err.stack ?? ''),
  };
}

/** The `Details` text the extension writes: the host's exception around the worker's. */
export function dotnetExceptionDetails(message: string, remoteStack: string): string {
  return JSON.stringify({
    $type: 'System.Exception, System.Private.CoreLib',
    ClassName: 'System.Exception',
    Message: message,
    Data: null,
    InnerException: {
      $type:
        'Microsoft.Azure.WebJobs.Script.Workers.Rpc.RpcException, Microsoft.Azure.WebJobs.Script',
      IsUserException: false,
      RemoteStackTrace: remoteStack,
      RemoteMessage: message,
      ClassName: 'Microsoft.Azure.WebJobs.Script.Workers.Rpc.RpcException',
      Message: `Result: Failure\nException: ${message}\nStack: ${remoteStack}`,
    },
    HelpURL: null,
    StackTraceString: null,
    HResult: -2146233088,
  });
}

/** With an exception properties provider registered, the SDK's activity wrapper has already put the
 * details as JSON into the message: unwrap them. */
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
