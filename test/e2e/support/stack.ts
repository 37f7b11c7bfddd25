/**
 * The whole app as a user runs it: the sandbox (ARM emulator + a control plane of the e2e file's own
 * with simulated Windows nodes) and the local host running the product's functions/ with the
 * sandbox's settings, driven over HTTP with the function key.
 *
 * The e2e file does not share the suite's control plane: planning discovers every Windows workload
 * of the cluster in every namespace (as it must on a real cluster), so objects other test files
 * create at the same time would become part of its plans.
 */
import { randomBytes } from 'node:crypto';
import {
  DEFAULT_SCENARIO_FILE,
  loadScenarioFile,
  startSandbox,
  type RunningSandbox,
  type SandboxLatency,
  type SandboxScenario,
} from '../../../src/sandbox/index.js';
import { ownControlPlane, stopOwnControlPlane } from '../../support/own-control-plane.js';
import { productAppDir, startHostProcess, type HostProcess } from '../../support/host-process.js';

export interface Stack {
  readonly sandbox: RunningSandbox;
  readonly host: HostProcess;
  readonly clusterId: string;
  /** Settings the host runs with (to restart it after a crash). */
  readonly settings: Record<string, string>;
  api(path: string, init?: { method?: string; body?: unknown }): Promise<ApiResponse>;
  /** Replaces the host (after `host.kill()` or a crash), on the same port and task hub. */
  restartHost(settings?: Record<string, string | undefined>): Promise<HostProcess>;
  stop(): Promise<void>;
}

export interface ApiResponse {
  readonly status: number;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of the API
}

export interface StackOptions {
  readonly scenario?: SandboxScenario;
  readonly latency?: SandboxLatency;
  /** Extra settings of the local host (e.g. its crash hook). */
  readonly hostSettings?: Record<string, string>;
}

export async function defaultScenario(): Promise<SandboxScenario> {
  return loadScenarioFile(DEFAULT_SCENARIO_FILE);
}

/** Stops the e2e file's control plane (afterAll). */
export const stopE2eControlPlane = stopOwnControlPlane;

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const { kubeconfigPath } = await ownControlPlane();
  const sandbox = await startSandbox({
    scenario: options.scenario ?? (await defaultScenario()),
    controlPlane: { kubeconfigPath },
    ...(options.latency ? { latency: options.latency } : {}),
  });
  const settings: Record<string, string> = {
    ...sandbox.settings,
    WINSHIFT_TASK_HUB: `e2e${randomBytes(5).toString('hex')}`,
    WINSHIFT_FLEET_SCAN_SCHEDULE: '0 0 6 * * *',
    ...options.hostSettings,
  };
  let host: HostProcess;
  try {
    host = await startHostProcess({ appDir: productAppDir, settings });
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
  const cluster = sandbox.cluster('aks-payments');
  const stack: Stack = {
    sandbox,
    get host() {
      return host;
    },
    clusterId: cluster.id,
    settings,
    async api(path, init = {}) {
      const response = await fetch(`${host.origin}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers: { 'x-functions-key': host.keys.function, 'content-type': 'application/json' },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        // not JSON: keep the text for the assertion message
      }
      return { status: response.status, body };
    },
    async restartHost(overrides = {}) {
      const next: Record<string, string> = { ...settings };
      for (const [key, value] of Object.entries(overrides)) {
        if (value === undefined) delete next[key];
        else next[key] = value;
      }
      host = await startHostProcess({ appDir: productAppDir, settings: next, port: host.port });
      return host;
    },
    async stop() {
      await host.stop();
      await sandbox.stop();
    },
  };
  return stack;
}

/** Polls `probe` until it returns a value (not undefined) or the time is up. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutInMs = 180_000,
  intervalInMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutInMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalInMs));
  }
  throw new Error(
    `timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`,
  );
}
