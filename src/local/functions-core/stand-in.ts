import type {
  FunctionCallback,
  FunctionMetadata,
  ProgrammingModel,
  Registration,
  RpcTypedData,
} from './types.js';

type HookCallback = (context: unknown) => unknown;

class Disposable {
  constructor(private readonly onDispose: () => void) {}
  dispose(): void {
    this.onDispose();
  }
}

export type LogSink = (level: string, category: string, message: string) => void;

/**
 * Stands in for the worker's `@azure/functions-core`: it records what `@azure/functions` registers
 * (binding metadata and handler) and the programming model used to invoke those handlers.
 */
export class FunctionsCoreStandIn {
  readonly registrations = new Map<string, Registration>();
  readonly hooks = new Map<string, HookCallback[]>();
  private model: ProgrammingModel | undefined;
  readonly Disposable = Disposable;
  /**
   * Values of a function's non-trigger input bindings (the host sets it from its extensions), so
   * every trigger gets them as the real host gives them: a timer, an Event Grid function or an
   * activity with a `durableClient` input, not only HTTP functions.
   */
  extraInputsFor: ((registration: Registration) => Record<string, RpcTypedData>) | undefined;

  constructor(private readonly sink: LogSink = defaultSink) {}

  setProgrammingModel(model: ProgrammingModel): void {
    this.model = model;
  }

  getProgrammingModel(): ProgrammingModel {
    if (!this.model) throw new Error('no programming model was set: no function registered yet');
    return this.model;
  }

  registerFunction(metadata: FunctionMetadata, handler: FunctionCallback): Disposable {
    const key = metadata.name.toLowerCase();
    if (this.registrations.has(key)) {
      throw new Error(`A function with the name "${metadata.name}" has already been registered.`);
    }
    this.registrations.set(key, { metadata, handler });
    return new Disposable(() => this.registrations.delete(key));
  }

  registerHook(hookName: string, callback: HookCallback): Disposable {
    const list = this.hooks.get(hookName) ?? [];
    list.push(callback);
    this.hooks.set(hookName, list);
    return new Disposable(() => list.splice(list.indexOf(callback), 1));
  }

  log(level: string, category: string, message: string): void {
    this.sink(level, category, message);
  }

  get programmingModel(): ProgrammingModel | undefined {
    return this.model;
  }

  find(name: string): Registration | undefined {
    return this.registrations.get(name.toLowerCase());
  }
}

function defaultSink(level: string, category: string, message: string): void {
  const line = `[${level}] ${category === 'system' ? '(system) ' : ''}${message}`;
  if (level === 'error' || level === 'critical') console.error(line);
  else console.log(line);
}
