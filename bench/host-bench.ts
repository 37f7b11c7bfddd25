// `npm run bench:host`: the local host's Durable throughput. Starts Azurite and an in-process host
// with the test app, runs a fan-out of 1,000 trivial activities and a sequence of 300, and prints
// activities per second and the replay work (episodes and history events replayed).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DurableExtension } from '../src/local/durable/extension.js';
import type { EngineStats } from '../src/local/durable/engine.js';
import { startLocalHost } from '../src/local/host.js';
import { startAzurite } from '../src/local/services/azurite.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const appDir = path.join(repoRoot, 'test/fixtures/app');
const FAN_OUT_LIMIT_MS = 10_000;

interface Run {
  name: string;
  activities: number;
  ms: number;
  episodes: number;
  eventsReplayed: number;
  output: unknown;
}

const azurite = await startAzurite();
const durable = new DurableExtension();
const host = await startLocalHost({
  appDir,
  settings: {
    AzureWebJobsStorage: azurite.connectionString,
    AzureFunctionsJobHost__extensions__durableTask__hubName: `Bench${Date.now()}`,
  },
  extensions: [durable],
});

async function run(name: string, orchestrator: string, activities: number): Promise<Run> {
  const engine = durable.engine;
  if (!engine) throw new Error('the durable extension did not start');
  const before: EngineStats = { ...engine.stats };
  const started = performance.now();
  const res = await fetch(`${host.origin}/durabletask/orchestrators/${orchestrator}`, {
    method: 'POST',
    body: JSON.stringify(activities),
  });
  const { id } = (await res.json()) as { id: string };
  for (;;) {
    const record = await engine.getRecord(id);
    if (record && !['Pending', 'Running'].includes(record.runtimeStatus)) {
      if (record.runtimeStatus !== 'Completed')
        throw new Error(`${name}: ${record.runtimeStatus} ${record.output}`);
      return {
        name,
        activities,
        ms: performance.now() - started,
        episodes: engine.stats.episodes - before.episodes,
        eventsReplayed: engine.stats.eventsReplayed - before.eventsReplayed,
        output: JSON.parse(record.output ?? 'null') as unknown,
      };
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

function print(r: Run): void {
  const perSecond = (r.activities / (r.ms / 1000)).toFixed(0);
  console.log(
    `${r.name.padEnd(22)} ${(r.ms / 1000).toFixed(2).padStart(6)} s  ${perSecond.padStart(6)} activities/s  ` +
      `${String(r.episodes).padStart(5)} episodes  ${String(r.eventsReplayed).padStart(8)} history events replayed  (output ${JSON.stringify(r.output)})`,
  );
}

let failed = false;
try {
  const fanOut = await run('fan-out 1,000', 'fanOut', 1000);
  print(fanOut);
  const sequence = await run('sequential 300', 'sequential', 300);
  print(sequence);
  const total = [fanOut, sequence];
  console.log(
    `total replay work: ${total.reduce((n, r) => n + r.episodes, 0)} episodes, ` +
      `${total.reduce((n, r) => n + r.eventsReplayed, 0)} history events replayed`,
  );
  if (fanOut.ms > FAN_OUT_LIMIT_MS) {
    console.error(
      `the fan-out took ${(fanOut.ms / 1000).toFixed(1)} s: over the ${FAN_OUT_LIMIT_MS / 1000} s budget`,
    );
    failed = true;
  }
} finally {
  await host.stop();
  await azurite.stop();
}
process.exit(failed ? 1 : 0);
