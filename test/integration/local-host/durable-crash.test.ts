import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHostProcess, type HostProcess } from '../../support/host-process.js';

interface Status {
  runtimeStatus: string;
  output: unknown;
}

const settings = { AzureFunctionsJobHost__extensions__durableTask__hubName: 'CrashHub' };

describe('local host: Durable state survives a crash of the host process', () => {
  const hosts: HostProcess[] = [];
  afterAll(async () => {
    for (const host of hosts) await host.kill();
  });

  async function start(host: HostProcess, name: string, input: unknown): Promise<string> {
    const res = await fetch(`${host.origin}/api/durable/start/${name}`, {
      method: 'POST',
      body: JSON.stringify(input),
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { id: string }).id;
  }

  async function status(host: HostProcess, id: string): Promise<Status> {
    const url = `${host.origin}/runtime/webhooks/durabletask/instances/${id}?code=${host.keys.master}`;
    return (await (await fetch(url)).json()) as Status;
  }

  async function poll<T>(
    what: string,
    check: () => Promise<T | undefined>,
    timeoutMs = 30_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  const fileLines = async (file: string): Promise<string[]> =>
    (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);

  it('resumes after SIGKILL: completed activities never run again, pending work is re-dispatched', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'durable-crash-'));
    const file = path.join(dir, 'steps.log');
    const first = await startHostProcess({ settings });
    hosts.push(first);
    const sequence = await start(first, 'crashSequence', { file, steps: 6, delayMs: 400 });
    const timer = await start(first, 'timer', 1500);
    const waiting = await start(first, 'twoEvents', null);
    const childFile = path.join(dir, 'child.log');
    const parent = await start(first, 'crashParent', { file: childFile, steps: 4, delayMs: 300 });
    await poll('the event wait', async () =>
      (await status(first, waiting)).runtimeStatus === 'Running' ? true : undefined,
    );
    const raised = await fetch(`${first.origin}/api/durable/raise/${waiting}/first`, {
      method: 'POST',
      body: '"a"',
    });
    expect(raised.status).toBe(202);
    // Kill while step-2 is in flight: step-0 and step-1 are complete and in the history.
    await poll('step-2 to start', async () =>
      (await fileLines(file)).includes('start step-2') ? true : undefined,
    );
    await first.kill('SIGKILL');
    expect(await fileLines(file)).not.toContain('done step-2');

    const second = await startHostProcess({ settings, port: first.port });
    hosts.push(second);
    const done = await poll('the sequence to finish', async () => {
      const s = await status(second, sequence);
      return s.runtimeStatus === 'Running' || s.runtimeStatus === 'Pending' ? undefined : s;
    });
    expect(done).toEqual(expect.objectContaining({ runtimeStatus: 'Completed' }));
    expect(done.output).toEqual([0, 1, 2, 3, 4, 5].map((i) => `step-${i}`));

    const lines = await fileLines(file);
    const count = (line: string): number => lines.filter((l) => l === line).length;
    for (let i = 0; i < 6; i += 1) {
      expect([`done step-${i}`, count(`done step-${i}`)]).toEqual([`done step-${i}`, 1]);
      // Only the activity the crash interrupted ran twice.
      expect([`start step-${i}`, count(`start step-${i}`)]).toEqual([
        `start step-${i}`,
        i === 2 ? 2 : 1,
      ]);
    }

    // The durable timer armed by the first host fires in the second.
    const timed = await poll('the timer', async () => {
      const s = await status(second, timer);
      return s.runtimeStatus === 'Completed' ? s : undefined;
    });
    expect(timed.output as number).toBeGreaterThanOrEqual(1500);
    // The event raised before the crash is still in the history; the second one completes it.
    const raisedAgain = await fetch(`${second.origin}/api/durable/raise/${waiting}/second`, {
      method: 'POST',
      body: '"b"',
    });
    expect(raisedAgain.status).toBe(202);
    const both = await poll('the events', async () => {
      const s = await status(second, waiting);
      return s.runtimeStatus === 'Completed' ? s : undefined;
    });
    expect(both.output).toEqual(['a', 'b']);
    // A sub-orchestration interrupted by the crash still reports to its parent.
    const parentDone = await poll('the parent', async () => {
      const s = await status(second, parent);
      return s.runtimeStatus === 'Completed' ? s : undefined;
    });
    expect(parentDone.output).toEqual({ child: [0, 1, 2, 3].map((i) => `step-${i}`) });
    const childLines = await fileLines(childFile);
    for (let i = 0; i < 4; i += 1) {
      // An activity that finished just before the kill may run again; none is lost.
      const runs = childLines.filter((l) => l === `done step-${i}`).length;
      expect(runs).toBeGreaterThanOrEqual(1);
      expect(runs).toBeLessThanOrEqual(2);
    }
    await second.stop();
  });
});
