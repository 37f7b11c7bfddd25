// The app's orchestrations as the Node.js worker registers them, for the replay harness: the
// unchanged durable-functions and @azure/functions packages over a functions-core stand-in. jest has
// its own module loader, so the worker's `@azure/functions-core` is a virtual module mock here
// (DESIGN section 5), not the local host's require hook. Each test file gets its own registry, so
// this runs once per file.
import { jest } from '@jest/globals';
import { FunctionsCoreStandIn } from '../../../src/local/functions-core/stand-in.js';
import { triggerOf, type Registration } from '../../../src/local/functions-core/types.js';

export type DurableModule = typeof import('durable-functions');

export interface ReplayApp {
  readonly core: FunctionsCoreStandIn;
  readonly df: DurableModule;
  /** Lines the functions logged (`context.log`), in order. */
  readonly logs: string[];
}

let loading: Promise<ReplayApp> | undefined;

/** The stand-in and durable-functions; call before anything registers a function. */
export function replayApp(): Promise<ReplayApp> {
  loading ??= load();
  return loading;
}

async function load(): Promise<ReplayApp> {
  const logs: string[] = [];
  const core = new FunctionsCoreStandIn((level, _category, message) => {
    logs.push(`[${level}] ${message}`);
  });
  jest.mock('@azure/functions-core', () => core, { virtual: true });
  const df = await import('durable-functions');
  return { core, df, logs };
}

/** functions/orchestrations.ts: upgradeWindowsPool and upgradeWorkloadBatch. */
export async function loadUpgradeOrchestrations(): Promise<ReplayApp> {
  const app = await replayApp();
  await import('../../../functions/orchestrations.js');
  return app;
}

/** functions/fleet.ts: fleetScan (its activities and timer register too, unused here). */
export async function loadFleetScanOrchestration(): Promise<ReplayApp> {
  const app = await replayApp();
  await import('../../../functions/fleet.js');
  return app;
}

/** The registration of orchestrator `name`, as the host finds it. */
export function orchestratorRegistration(app: ReplayApp, name: string): Registration {
  const registration = app.core.find(name);
  if (!registration || triggerOf(registration).type !== 'orchestrationTrigger') {
    throw new Error(`replay: no orchestrator '${name}' is registered`);
  }
  return registration;
}
