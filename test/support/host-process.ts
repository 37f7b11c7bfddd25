import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/local/services/ports.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const fixtureAppDir = path.join(repoRoot, 'test/fixtures/app');
export const productAppDir = repoRoot;

export interface HostProcessOptions {
  appDir?: string;
  /** Extra app settings, passed as environment variables as the real host does. */
  settings?: Record<string, string>;
  /** Reuse a port (to restart a host where a killed one was). */
  port?: number;
}

export interface HostProcess {
  origin: string;
  port: number;
  keys: { function: string; master: string; eventGrid: string };
  pid: number;
  /** Everything the host printed so far. */
  output(): string;
  /** The exit code once the process ended (null while running or when ended by a signal). */
  exitCode(): number | null;
  /** Whether the process has ended, by itself or by a signal. */
  exited(): boolean;
  /** Graceful stop (SIGTERM), waiting for the exit. */
  stop(): Promise<void>;
  /** Immediate kill (SIGKILL by default), waiting for the exit: a crash. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Runs the local host as its own process (`node dist/src/local/main.js`), as a developer does with
 * `npm run host`, against the suite's Azurite, and waits until its admin API answers.
 */
export async function startHostProcess(options: HostProcessOptions = {}): Promise<HostProcess> {
  const port = options.port ?? (await freePort());
  const keys = {
    function: randomBytes(12).toString('hex'),
    master: randomBytes(12).toString('hex'),
    eventGrid: randomBytes(12).toString('hex'),
  };
  const storage = process.env.WINSHIFT_TEST_STORAGE;
  if (!storage)
    throw new Error('WINSHIFT_TEST_STORAGE is not set: jest globalSetup starts Azurite');
  const child = spawn(
    process.execPath,
    [
      path.join(repoRoot, 'dist/src/local/main.js'),
      '--app',
      options.appDir ?? fixtureAppDir,
      '--port',
      String(port),
    ],
    {
      env: {
        ...process.env,
        AzureWebJobsStorage: storage,
        LOCAL_HOST_FUNCTION_KEY: keys.function,
        LOCAL_HOST_MASTER_KEY: keys.master,
        LOCAL_HOST_EVENTGRID_KEY: keys.eventGrid,
        ...options.settings,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitUntilRunning(origin, keys.master, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    origin,
    port,
    keys,
    pid: child.pid ?? -1,
    output: () => output,
    exitCode: () => child.exitCode,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    stop: () => endProcess(child, 'SIGTERM'),
    kill: (signal = 'SIGKILL') => endProcess(child, signal),
  };
}

async function waitUntilRunning(
  origin: string,
  masterKey: string,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the host exited (${child.exitCode}):\n${output()}`);
    try {
      const res = await fetch(`${origin}/admin/host/status`, {
        headers: { 'x-functions-key': masterKey },
      });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the host did not start within 30 s:\n${output()}`);
}

function endProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
