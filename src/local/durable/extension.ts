import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registration, RpcBinding, RpcTypedData } from '../functions-core/types.js';
import type { HostContext, HostExtension } from '../host-extension.js';
import { durableClientBinding, type DurableClientBinding } from './client-binding.js';
import { durableConfig, validateHubName, type DurableConfig } from './config.js';
import { DurableEngine } from './engine.js';
import type { EngineOptions } from './engine-core.js';
import { DurableHttpApi } from './http-api.js';
import { DurableStore } from './store.js';

/**
 * The local host's Durable Functions extension: runs the orchestrations and activities registered
 * with durable-functions, keeps their state in Azure Table storage, serves the Durable HTTP API
 * and provides the `durableClient` input binding.
 */
export class DurableExtension implements HostExtension {
  readonly name = 'durabletask';
  private state:
    | {
        engine: DurableEngine;
        api: DurableHttpApi;
        binding: DurableClientBinding;
        config: DurableConfig;
      }
    | undefined;

  async start(context: HostContext): Promise<void> {
    const config = durableConfig(context.hostJson, context.settings);
    validateHubName(config.hubName);
    if (config.overridableExistingInstanceStates !== 'NonRunningStates') {
      context.log(
        'warning',
        `durable: overridableExistingInstanceStates '${config.overridableExistingInstanceStates}' is not supported; using NonRunningStates`,
      );
    }
    if (!context.storageConnectionString) {
      throw new Error('durable: the AzureWebJobsStorage setting is required (Azurite locally)');
    }
    const store = await DurableStore.open(context.storageConnectionString, config.hubName);
    const engine = new DurableEngine(context.core, store, {
      maxConcurrentActivityFunctions: config.maxConcurrentActivityFunctions,
      maxConcurrentOrchestratorFunctions: config.maxConcurrentOrchestratorFunctions,
      log: (level, message) => context.log(level, message),
      ...crashHook(context.settings, (message) => context.log('warning', message)),
    });
    const binding = durableClientBinding(context.origin, config.hubName, context.keys.master);
    const api = new DurableHttpApi(engine, () => binding, context.keys.master);
    this.state = { engine, api, binding, config };
    const recovered = await engine.recover();
    context.log(
      'information',
      `durable: task hub ${config.hubName}, ${recovered} unfinished instance(s) resumed`,
    );
  }

  /** The engine, for in-process use (the benchmark reads its replay counters). */
  get engine(): DurableEngine | undefined {
    return this.state?.engine;
  }

  async handleRequest(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: Buffer,
  ): Promise<boolean> {
    if (!this.state) return false;
    return this.state.api.handle(req, res, url, body);
  }

  inputFor(binding: RpcBinding, _registration: Registration): RpcTypedData | undefined {
    const type = binding.type.toLowerCase();
    if (!this.state || (type !== 'durableclient' && type !== 'orchestrationclient'))
      return undefined;
    return { json: JSON.stringify(this.state.binding) };
  }

  async stop(): Promise<void> {
    await this.state?.engine.stop();
  }
}

/**
 * `WINSHIFT_LOCAL_CRASH_AFTER_ACTIVITY=<name>`: the host kills its own process (SIGKILL) the first
 * time that activity has run, before its outcome is recorded: a crash between a write and its
 * checkpoint, for the crash tests. A development runtime setting only; the app never reads it.
 */
function crashHook(
  settings: Record<string, string>,
  log: (message: string) => void,
): Pick<EngineOptions, 'afterActivity'> {
  const name = settings['WINSHIFT_LOCAL_CRASH_AFTER_ACTIVITY'];
  if (name === undefined || name === '') return {};
  return {
    afterActivity: (activity) => {
      if (activity !== name) return;
      log(`durable: ${activity} has run; crashing before its outcome is recorded`);
      process.kill(process.pid, 'SIGKILL');
    },
  };
}
