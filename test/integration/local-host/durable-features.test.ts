import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHostProcess, type HostProcess } from '../../support/host-process.js';

interface Status {
  name: string;
  instanceId: string;
  runtimeStatus: string;
  input: unknown;
  output: unknown;
  customStatus: unknown;
  history?: Record<string, unknown>[];
}

describe('local host: Durable orchestrations', () => {
  let host: HostProcess;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'durable-features-'));
    host = await startHostProcess({
      settings: { AzureFunctionsJobHost__extensions__durableTask__hubName: 'FeatureHub' },
    });
  });
  afterAll(async () => {
    await host.stop();
  });

  async function start(name: string, input?: unknown, id?: string): Promise<string> {
    const query = id ? `?id=${encodeURIComponent(id)}` : '';
    const res = await fetch(`${host.origin}/api/durable/start/${name}${query}`, {
      method: 'POST',
      body: input === undefined ? '' : JSON.stringify(input),
    });
    const body = (await res.json()) as { id: string };
    if (res.status !== 202) throw new Error(`start ${name}: ${res.status} ${JSON.stringify(body)}`);
    return body.id;
  }

  async function status(id: string, history = false): Promise<Status> {
    const url = `${host.origin}/runtime/webhooks/durabletask/instances/${encodeURIComponent(id)}?code=${host.keys.master}&showHistory=${history}&showHistoryOutput=${history}`;
    return (await (await fetch(url)).json()) as Status;
  }

  async function waitUntil(
    id: string,
    done: (s: Status) => boolean,
    timeoutMs = 30_000,
  ): Promise<Status> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await status(id);
      if (done(s)) return s;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting on ${id}: ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  const finished = (id: string, timeoutMs?: number): Promise<Status> =>
    waitUntil(id, (s) => !['Pending', 'Running'].includes(s.runtimeStatus), timeoutMs);

  async function raise(id: string, event: string, data: unknown): Promise<void> {
    const res = await fetch(`${host.origin}/api/durable/raise/${id}/${event}`, {
      method: 'POST',
      body: JSON.stringify(data),
    });
    expect(res.status).toBe(202);
  }

  const lines = async (file: string): Promise<string[]> =>
    (await readFile(file, 'utf8')).trim().split('\n');

  it('runs a sequence of activities and records each result in the history', async () => {
    const id = await start('sequence', [1, 2, 3]);
    expect(await finished(id)).toMatchObject({ runtimeStatus: 'Completed', output: [2, 4, 6] });
    const { history = [] } = await status(id, true);
    const results = history.filter((e) => e.EventType === 'TaskCompleted');
    expect(results.map((e) => [e.FunctionName, e.Result])).toEqual([
      ['double', 2],
      ['double', 4],
      ['double', 6],
    ]);
    expect(history[0]).toMatchObject({ EventType: 'ExecutionStarted', FunctionName: 'sequence' });
    expect(history[history.length - 1]).toMatchObject({
      EventType: 'ExecutionCompleted',
      OrchestrationStatus: 'Completed',
    });
  });

  it('fans out with Task.all and gathers every result', async () => {
    const id = await start('fanOut', 200);
    expect(await finished(id)).toMatchObject({ runtimeStatus: 'Completed', output: 19900 });
  });

  it('gives the orchestrator an activity error with its message intact', async () => {
    const id = await start('catchFailure', 'POOL_EXISTS');
    const s = await finished(id);
    expect(s.runtimeStatus).toBe('Completed');
    expect((s.output as { caught: string }).caught).toContain(
      '[POOL_EXISTS] the activity failed on purpose',
    );
  });

  it.each([
    ['uncaughtFailure', '[UNCAUGHT] the activity failed on purpose'],
    ['throws', '[BOOM] the orchestrator exploded'],
    ['unknownActivity', "The function 'noSuchActivity' doesn't exist"],
  ])('fails the instance with the error text: %s', async (name, text) => {
    const s = await finished(await start(name));
    expect(s.runtimeStatus).toBe('Failed');
    expect(String(s.output)).toContain(`Orchestrator function '${name}' failed`);
    expect(String(s.output)).toContain(text);
  });

  it('retries an activity with backoff, writing failures and retry timers into the history', async () => {
    const file = path.join(dir, 'retry-ok');
    const id = await start('retry', { file, failTimes: 2, attempts: 5, firstMs: 100, backoff: 2 });
    expect(await finished(id)).toMatchObject({
      runtimeStatus: 'Completed',
      output: { attempts: 3 },
    });
    expect(await lines(file)).toHaveLength(3);
    const { history = [] } = await status(id, true);
    const kinds = history
      .map((e) => e.EventType)
      .filter((t) => t !== 'ExecutionStarted' && t !== 'ExecutionCompleted');
    expect(kinds).toEqual([
      'TaskFailed',
      'TimerCreated',
      'TimerFired',
      'TaskFailed',
      'TimerCreated',
      'TimerFired',
      'TaskCompleted',
    ]);
    const timers = history.filter((e) => e.EventType === 'TimerCreated');
    const fails = history.filter((e) => e.EventType === 'TaskFailed');
    const delay = (i: number): number =>
      Date.parse(String(timers[i]?.FireAt)) - Date.parse(String(fails[i]?.Timestamp));
    expect(delay(0)).toBeGreaterThanOrEqual(90);
    expect(delay(1)).toBeGreaterThanOrEqual(190);
  });

  it('fails a retried activity after maxNumberOfAttempts with the last error', async () => {
    const file = path.join(dir, 'retry-exhausted');
    const id = await start('retry', { file, failTimes: 99, attempts: 3, firstMs: 50 });
    const s = await finished(id);
    expect(s.output).toEqual({
      failed: expect.stringContaining('[TRANSIENT] attempt 3 failed') as unknown,
    });
    expect(await lines(file)).toHaveLength(3);
  });

  it('stops retrying when the retry timeout has passed', async () => {
    const file = path.join(dir, 'retry-timeout');
    const id = await start('retry', {
      file,
      failTimes: 99,
      attempts: 20,
      firstMs: 300,
      timeoutMs: 400,
    });
    const s = await finished(id);
    expect((s.output as { failed: string }).failed).toContain('[TRANSIENT]');
    const attempts = (await lines(file)).length;
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThan(5);
  });

  it('keeps task ids right when retried and plain activities complete together', async () => {
    const files = [0, 1, 2, 3].map((i) => path.join(dir, `fan-retry-${i}`));
    const s = await finished(await start('retryFanOut', files));
    expect(s).toMatchObject({
      runtimeStatus: 'Completed',
      output: { results: [3, 2, 3, 6], after: 42 },
    });
  });

  it('fires a durable timer', async () => {
    const s = await finished(await start('timer', 400));
    expect(s.runtimeStatus).toBe('Completed');
    expect(s.output as number).toBeGreaterThanOrEqual(400);
  });

  it('delivers an external event raised through the client, racing a timer', async () => {
    const approved = await start('approval', 60_000);
    await waitUntil(approved, (s) => s.runtimeStatus === 'Running');
    await raise(approved, 'approve', { by: 'ada' });
    expect(await finished(approved)).toMatchObject({ output: { approved: { by: 'ada' } } });
    const timedOut = await start('approval', 300);
    expect(await finished(timedOut)).toMatchObject({ output: { approved: false, timedOut: true } });
  });

  it('keeps an event that arrives before the orchestrator waits for it', async () => {
    const id = await start('twoEvents');
    await waitUntil(id, (s) => s.runtimeStatus === 'Running');
    await raise(id, 'second', 'b');
    await raise(id, 'first', 'a');
    expect(await finished(id)).toMatchObject({ runtimeStatus: 'Completed', output: ['a', 'b'] });
  });

  it('runs sub-orchestrations and reports their results and failures to the parent', async () => {
    const childId = `explicit-child-${Date.now()}`;
    const id = await start('parent', { n: 5, childId });
    const s = await finished(id);
    expect(s.output).toMatchObject({ first: { doubled: 10, parent: id } });
    expect((s.output as { failure: string }).failure).toContain('[NEGATIVE] child got -1');
    expect(await status(childId)).toMatchObject({ name: 'child', runtimeStatus: 'Completed' });
    expect(await status(`${id}:0001`)).toMatchObject({ name: 'child', runtimeStatus: 'Failed' });
  });

  it('retries a failing sub-orchestration', async () => {
    const ok = await finished(
      await start('parentRetry', { file: path.join(dir, 'sub-ok'), failTimes: 2 }),
    );
    expect(ok.output).toEqual({ result: 3 });
    const file = path.join(dir, 'sub-exhausted');
    const failed = await finished(
      await start('parentRetry', { file, failTimes: 99, childId: `sub-${Date.now()}` }),
    );
    expect((failed.output as { failed: string }).failed).toContain('[TRANSIENT] attempt 3 failed');
    expect(await lines(file)).toHaveLength(3);
  });

  it('continues as new until done', async () => {
    const s = await finished(await start('counter', { count: 0, target: 5 }));
    expect(s).toMatchObject({
      runtimeStatus: 'Completed',
      output: 5,
      input: { count: 5, target: 5 },
    });
    const { history = [] } = await status(s.instanceId, true);
    // Only the last execution's history is kept.
    expect(history.filter((e) => e.EventType === 'ExecutionStarted')).toHaveLength(1);
  });

  it('gives events raised after continueAsNew to the new execution', async () => {
    const id = await start('counter', { count: 0, target: 3, viaEvents: true });
    for (let count = 0; count < 3; count += 1) {
      await waitUntil(
        id,
        (s) => (s.input as { count: number }).count === count && s.runtimeStatus === 'Running',
      );
      await raise(id, 'inc', 1);
    }
    expect(await finished(id)).toMatchObject({ runtimeStatus: 'Completed', output: 3 });
  });

  it('shows the custom status and refuses one over 16 KB', async () => {
    const id = await start('customStatus', 10);
    const waiting = await waitUntil(id, (s) => s.customStatus !== null);
    expect(waiting.customStatus).toEqual({ stage: 'waiting', padding: 'x'.repeat(10) });
    await raise(id, 'go', 'went');
    expect(await finished(id)).toMatchObject({ output: 'went', customStatus: { stage: 'done' } });
    const big = await finished(await start('customStatus', 17_000));
    expect(big.runtimeStatus).toBe('Failed');
    expect(String(big.output)).toContain('larger than the 16 KB');
  });

  it('stores values larger than a table property', async () => {
    const id = await start('bigValues', 100_000);
    expect(await finished(id)).toMatchObject({ runtimeStatus: 'Completed', output: 100_000 });
    const { history = [] } = await status(id, true);
    const result = history.find((e) => e.EventType === 'TaskCompleted')?.Result;
    expect(String(result)).toHaveLength(100_000);
    // Past what one table row can hold, the instance fails clearly instead of retrying forever.
    const tooBig = await finished(await start('bigValues', 460_000));
    expect(tooBig.runtimeStatus).toBe('Failed');
    expect(String(tooBig.output)).toContain('larger than the 450000 the local host stores');
  });

  it('terminates a running instance through the client', async () => {
    const id = await start('waitForever');
    await waitUntil(id, (s) => s.runtimeStatus === 'Running');
    const res = await fetch(`${host.origin}/api/durable/terminate/${id}?reason=enough`, {
      method: 'POST',
    });
    expect(res.status).toBe(202);
    expect(await finished(id)).toMatchObject({ runtimeStatus: 'Terminated', output: 'enough' });
    // A terminated instance no longer takes events.
    await raise(id, 'never', 1);
    expect((await status(id)).runtimeStatus).toBe('Terminated');
  });
});
