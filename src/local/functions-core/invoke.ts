import { randomUUID } from 'node:crypto';
import type { FunctionsCoreStandIn } from './stand-in.js';
import type {
  CoreInvocationContext,
  InvocationResponse,
  Registration,
  RpcParameterBinding,
  RpcTypedData,
} from './types.js';
import { triggerOf } from './types.js';

export interface InvocationRequest {
  /** The trigger's value as the worker would receive it over RPC. */
  trigger: RpcTypedData;
  triggerMetadata?: Record<string, RpcTypedData>;
  /** Values of input bindings other than the trigger (for example `durableClient`), by binding name. */
  extraInputs?: Record<string, RpcTypedData>;
  invocationId?: string;
}

/**
 * Invokes a registered handler through `@azure/functions`' own invocation path (the one the Node.js
 * worker drives), so inputs and outputs convert exactly as they do in Azure.
 */
export async function invokeRegistration(
  core: FunctionsCoreStandIn,
  registration: Registration,
  request: InvocationRequest,
): Promise<InvocationResponse> {
  const trigger = triggerOf(registration);
  const inputData: RpcParameterBinding[] = [{ name: trigger.name, data: request.trigger }];
  const extraInputs = request.extraInputs ?? core.extraInputsFor?.(registration) ?? {};
  for (const [name, data] of Object.entries(extraInputs)) {
    inputData.push({ name, data });
  }
  const coreCtx: CoreInvocationContext = {
    invocationId: request.invocationId ?? randomUUID(),
    request: { inputData, triggerMetadata: request.triggerMetadata ?? {} },
    metadata: registration.metadata,
    state: 'invocation',
    log: (level, category, message) =>
      core.log(level, category, `${registration.metadata.name}: ${message}`),
  };
  const model = core.getProgrammingModel().getInvocationModel(coreCtx);
  const { context, inputs } = await model.getArguments();
  const result = await model.invokeFunction(context, inputs, registration.handler);
  coreCtx.state = 'postInvocationHooks';
  return model.getResponse(context, result);
}

/** Decodes a TypedData return value the way the host reads it. */
export function fromTypedData(data: RpcTypedData | null | undefined): unknown {
  if (!data) return undefined;
  if (data.json !== undefined) return JSON.parse(data.json) as unknown;
  if (data.string !== undefined) return data.string;
  if (data.bytes !== undefined) return Buffer.from(data.bytes);
  if (data.int !== undefined) return data.int;
  if (data.double !== undefined) return data.double;
  if (data.http !== undefined) return data.http;
  return undefined;
}

export function jsonData(value: unknown): RpcTypedData {
  return { json: JSON.stringify(value) };
}
