// The slice of the Node.js worker's `@azure/functions-core` contract that `@azure/functions` 4.x
// uses. The worker injects that module at run time; it is not published on npm.

/** RPC TypedData as the worker passes binding values (one field is set). */
export interface RpcTypedData {
  string?: string;
  json?: string;
  bytes?: Uint8Array;
  http?: RpcHttpData;
  int?: number;
  double?: number;
}

export interface RpcHttpData {
  method: string;
  url: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  params: Record<string, string>;
  body?: RpcTypedData;
  statusCode?: string;
  cookies?: unknown[];
}

export interface RpcBinding {
  type: string;
  direction: 'in' | 'out' | 'inout';
  name?: string;
  [option: string]: unknown;
}

export interface FunctionMetadata {
  name: string;
  bindings: Record<string, RpcBinding>;
  retryOptions?: unknown;
}

export type FunctionCallback = (...args: unknown[]) => unknown;

export interface RpcParameterBinding {
  name: string;
  data: RpcTypedData;
}

export interface InvocationResponse {
  invocationId: string;
  outputData?: RpcParameterBinding[];
  returnValue?: RpcTypedData | null;
}

export interface CoreInvocationContext {
  invocationId: string;
  request: {
    inputData: RpcParameterBinding[];
    triggerMetadata: Record<string, RpcTypedData>;
    retryContext?: unknown;
    traceContext?: unknown;
  };
  metadata: FunctionMetadata;
  state?: string;
  log(level: string, category: string, message: string): void;
}

export interface InvocationModel {
  getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
  invokeFunction(context: unknown, inputs: unknown[], handler: FunctionCallback): Promise<unknown>;
  getResponse(context: unknown, result: unknown): Promise<InvocationResponse>;
}

export interface ProgrammingModel {
  name: string;
  version: string;
  getInvocationModel(coreCtx: CoreInvocationContext): InvocationModel;
}

export interface Registration {
  metadata: FunctionMetadata;
  handler: FunctionCallback;
}

/** The trigger binding of a registration (every function has exactly one). */
export function triggerOf(registration: Registration): RpcBinding & { name: string } {
  for (const [name, binding] of Object.entries(registration.metadata.bindings)) {
    if (binding.direction === 'in' && binding.type.toLowerCase().endsWith('trigger')) {
      return { ...binding, name };
    }
  }
  throw new Error(`function ${registration.metadata.name} has no trigger binding`);
}
