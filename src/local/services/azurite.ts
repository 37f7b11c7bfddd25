import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { freePort, waitForPort } from './ports.js';

const ACCOUNT = 'devstoreaccount1';
// Azurite's well-known development key (public, documented; not a secret).
const DEV_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteOptions {
  /** A folder to persist into; omitted means in-memory (the two cannot be combined). */
  location?: string;
}

export interface RunningAzurite {
  connectionString: string;
  blobPort: number;
  queuePort: number;
  tablePort: number;
  pid: number;
  stop(): Promise<void>;
}

export function azuriteConnectionString(ports: {
  blobPort: number;
  queuePort: number;
  tablePort: number;
}): string {
  const base = 'http://127.0.0.1';
  return [
    'DefaultEndpointsProtocol=http',
    `AccountName=${ACCOUNT}`,
    `AccountKey=${DEV_KEY}`,
    `BlobEndpoint=${base}:${ports.blobPort}/${ACCOUNT}`,
    `QueueEndpoint=${base}:${ports.queuePort}/${ACCOUNT}`,
    `TableEndpoint=${base}:${ports.tablePort}/${ACCOUNT}`,
  ].join(';');
}

/** Starts Azurite (blob, queue, table) from the project's own dependency on free ports. */
export async function startAzurite(options: AzuriteOptions = {}): Promise<RunningAzurite> {
  const require = createRequire(import.meta.url);
  const pkgDir = path.dirname(require.resolve('azurite/package.json'));
  const ports = {
    blobPort: await freePort(),
    queuePort: await freePort(),
    tablePort: await freePort(),
  };
  const args = [
    path.join(pkgDir, 'dist/src/azurite.js'),
    '--blobPort',
    String(ports.blobPort),
    '--queuePort',
    String(ports.queuePort),
    '--tablePort',
    String(ports.tablePort),
    '--disableTelemetry',
    '--silent',
    '--skipApiVersionCheck',
    ...(options.location ? ['--location', options.location] : ['--inMemoryPersistence']),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await Promise.race([
      Promise.all([waitForPort(ports.tablePort, 30_000), waitForPort(ports.blobPort, 30_000)]),
      exited(child).then((code) => {
        throw new Error(`Azurite exited with code ${code} before it listened: ${stderr.trim()}`);
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    ...ports,
    connectionString: azuriteConnectionString(ports),
    pid: child.pid ?? -1,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const killLater = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.kill('SIGTERM');
      await exited(child);
      clearTimeout(killLater);
    },
  };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}
