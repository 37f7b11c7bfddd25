/**
 * One measured upgrade on a fresh stack, as src/local/start.ts runs it: Azurite in memory, the sandbox
 * with its own control plane, the local host with the product app, then the HTTP API through
 * WinshiftClient. Everything started is registered in `running` so a Ctrl-C can stop it too.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WinshiftClient, type UpgradeView } from '../../src/cli/client.js';
import {
  startSandbox,
  type RunningSandbox,
  type SandboxScenario,
} from '../../src/sandbox/index.js';
import { defaultExtensions } from '../../src/local/extensions.js';
import { startLocalHost, type RunningLocalHost } from '../../src/local/host.js';
import { startAzurite, type RunningAzurite } from '../../src/local/services/azurite.js';

/** dist/bench/upgrade-bench/run.js -> the repository (the product app's folder). */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const POLL_MS = 200;
const TERMINAL = new Set(['Completed', 'Failed', 'Terminated', 'Canceled']);

export interface Running {
  azurite?: RunningAzurite;
  sandbox?: RunningSandbox;
  host?: RunningLocalHost;
}

/** Stops whatever is up, host first (it talks to the others), Azurite last. */
export async function stopAll(running: Running): Promise<void> {
  const { host, sandbox, azurite } = running;
  running.host = running.sandbox = running.azurite = undefined;
  await host?.stop().catch(() => undefined);
  await sandbox?.stop().catch(() => undefined);
  await azurite?.stop().catch(() => undefined);
}

export interface RunResult {
  readonly prePull: boolean;
  readonly wallMs: number;
  readonly final: UpgradeView;
}

export interface RunOptions {
  readonly scenario: SandboxScenario;
  readonly clusterName: string;
  readonly poolName: string;
  readonly prePull: boolean;
  readonly timeoutMs: number;
  /** The workflow's poll pacing (WINSHIFT_POLL_* settings), scaled like the sandbox's durations. */
  readonly pollPacing: { readonly initialInSeconds: number; readonly maxInSeconds: number };
  readonly say: (line: string) => void;
}

export async function runUpgrade(running: Running, options: RunOptions): Promise<RunResult> {
  const { say } = options;
  try {
    running.azurite = await startAzurite();
    running.sandbox = await startSandbox({ scenario: options.scenario });
    const functionKey = randomBytes(18).toString('base64url');
    running.host = await startLocalHost({
      appDir: repoRoot,
      extensions: defaultExtensions(),
      settings: {
        ...running.sandbox.settings,
        AzureWebJobsStorage: running.azurite.connectionString,
        WINSHIFT_TASK_HUB: `bench${randomBytes(4).toString('hex')}`,
        WINSHIFT_FLEET_SCAN_SCHEDULE: '0 0 6 * * *',
        LOCAL_HOST_FUNCTION_KEY: functionKey,
        WINSHIFT_POLL_INITIAL_SECONDS: String(options.pollPacing.initialInSeconds),
        WINSHIFT_POLL_MAX_SECONDS: String(options.pollPacing.maxInSeconds),
      },
    });
    const client = new WinshiftClient({ url: running.host.origin, key: functionKey });
    const cluster = running.sandbox.cluster(options.clusterName);
    const started = performance.now();
    const { id } = await client.start({
      clusterResourceId: cluster.id,
      poolName: options.poolName,
      options: { prePull: options.prePull, autoApproveAfterSoakInSeconds: 0 },
    });
    const seen = new Map<string, string>();
    for (;;) {
      const view = await client.status(id);
      const at = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
      // Every phase and step transition, with its time since the start request (where time goes).
      const marks = [
        ['phase', view.status?.phase ?? view.runtimeStatus ?? ''],
        ...(view.status?.steps ?? []).map((s) => [s.name, s.state]),
      ];
      for (const [name = '', state = ''] of marks) {
        if (seen.get(name) === state) continue;
        seen.set(name, state);
        say(`  ${at} s  ${name} ${state}`);
      }
      if (view.runtimeStatus && TERMINAL.has(view.runtimeStatus)) {
        const wallMs = performance.now() - started;
        if (view.runtimeStatus !== 'Completed')
          throw new Error(
            `upgrade ${id} ended ${view.runtimeStatus}: ${JSON.stringify(view.status?.lastError ?? view)}`,
          );
        return { prePull: options.prePull, wallMs, final: view };
      }
      if (performance.now() - started > options.timeoutMs)
        throw new Error(`upgrade ${id} not finished after ${options.timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    await stopAll(running);
  }
}
