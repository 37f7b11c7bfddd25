import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultExtensions } from './extensions.js';
import { startLocalHost } from './host.js';
import { startAzurite, type RunningAzurite } from './services/azurite.js';
import { loadAppSettings } from './settings.js';

// `npm run host`: the local Functions + Durable host for this app (or the app given by --app).
const { values } = parseArgs({
  options: {
    app: { type: 'string', default: process.cwd() },
    port: { type: 'string', default: process.env.LOCAL_HOST_PORT ?? '7071' },
  },
});
const appDir = path.resolve(values.app);
const settings = await loadAppSettings(appDir, process.env);

let azurite: RunningAzurite | undefined;
const storage = settings.AzureWebJobsStorage;
if (!storage || storage === 'UseDevelopmentStorage=true') {
  // Like `func start` with Azurite: keep the host's state under the app folder across restarts.
  const location = path.join(appDir, '.winshift', 'azurite');
  await mkdir(location, { recursive: true });
  azurite = await startAzurite({ location });
  console.log(`[local host] Azurite started (data in ${location})`);
}

const host = await startLocalHost({
  appDir,
  port: Number(values.port),
  settings: azurite ? { AzureWebJobsStorage: azurite.connectionString } : {},
  extensions: defaultExtensions(),
});
console.log(`[local host] listening on ${host.origin}\n\nFunctions:\n`);
for (const { name, description } of host.functions()) {
  console.log(`\t${name}: ${description}\n`);
}

let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('[local host] stopping (waiting for running invocations)');
  try {
    // Timers stop firing and running invocations finish before the process exits.
    await host.stop();
    await azurite?.stop();
    console.log('[local host] stopped');
    process.exit(0);
  } catch (error) {
    console.error('[local host] failed to stop cleanly', error);
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
