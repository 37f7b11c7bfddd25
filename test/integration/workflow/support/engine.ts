// Runs orchestrations in-process on the local host's Durable engine (src/local/durable): real
// histories in Azurite, real replays, real timers, with functions registered through the unchanged
// durable-functions and @azure/functions packages. jest has its own module loader, so the worker's
// `@azure/functions-core` is provided as a virtual module mock (DESIGN section 5), not the host's
// require hook.
import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { DurableEngine } from '../../../../src/local/durable/engine.js';
import { DurableStore, type InstanceRecord } from '../../../../src/local/durable/store.js';
import { FunctionsCoreStandIn } from '../../../../src/local/functions-core/stand-in.js';

export type DurableModule = typeof import('durable-functions');

export interface InProcessDurable {
  readonly df: DurableModule;
  readonly engine: DurableEngine;
  /** Log lines the functions wrote (orchestrator logs included). */
  readonly logs: string[];
  stop(): Promise<void>;
}

/** Call once per test file, before anything imports `@azure/functions` or `durable-functions`. */
export async function startInProcessDurable(): Promise<InProcessDurable> {
  const logs: string[] = [];
  const core = new FunctionsCoreStandIn((level, _category, message) => {
    logs.push(`[${level}] ${message}`);
  });
  jest.mock('@azure/functions-core', () => core, { virtual: true });
  const df = await import('durable-functions');
  const storage = process.env.WINSHIFT_TEST_STORAGE;
  if (!storage)
    throw new Error('WINSHIFT_TEST_STORAGE is not set: jest globalSetup starts Azurite');
  const store = await DurableStore.open(storage, `Wf${randomBytes(6).toString('hex')}`);
  const engine = new DurableEngine(core, store, {
    maxConcurrentActivityFunctions: 10,
    maxConcurrentOrchestratorFunctions: 10,
    log: (level, message) => logs.push(`[${level}] ${message}`),
  });
  return { df, engine, logs, stop: () => engine.stop() };
}

/** Polls the engine until the instance leaves Pending/Running (or the condition holds). */
export async function waitFor(
  engine: DurableEngine,
  instanceId: string,
  until: (record: InstanceRecord) => boolean = (r) =>
    !['Pending', 'Running'].includes(r.runtimeStatus),
  timeoutMs = 20_000,
): Promise<InstanceRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const record = await engine.getRecord(instanceId);
    if (record && until(record)) return record;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${instanceId}: ${JSON.stringify(record)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
