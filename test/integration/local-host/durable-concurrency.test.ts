import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHostProcess, type HostProcess } from '../../support/host-process.js';

describe('local host: Durable activity concurrency', () => {
  let host: HostProcess;
  beforeAll(async () => {
    host = await startHostProcess({
      settings: {
        AzureFunctionsJobHost__extensions__durableTask__hubName: 'ConcurrencyHub',
        AzureFunctionsJobHost__extensions__durableTask__maxConcurrentActivityFunctions: '2',
      },
    });
  });
  afterAll(async () => {
    await host.stop();
  });

  it('runs at most maxConcurrentActivityFunctions activities at once', async () => {
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'durable-concurrency-')), 'lines');
    const res = await fetch(`${host.origin}/durabletask/orchestrators/parallelLines`, {
      method: 'POST',
      body: JSON.stringify({ file, count: 6, delayMs: 150 }),
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const deadline = Date.now() + 20_000;
    let status = '';
    while (Date.now() < deadline) {
      status = (
        (await (await fetch(`${host.origin}/durabletask/instances/${id}`)).json()) as {
          runtimeStatus: string;
        }
      ).runtimeStatus;
      if (status === 'Completed') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe('Completed');
    // Replay the start/done log: how many activities were inside at the same time.
    let running = 0;
    let peak = 0;
    for (const line of (await readFile(file, 'utf8')).trim().split('\n')) {
      running += line.startsWith('start ') ? 1 : -1;
      peak = Math.max(peak, running);
    }
    expect(peak).toBe(2);
  });
});
