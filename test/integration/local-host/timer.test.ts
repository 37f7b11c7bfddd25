import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHostProcess, type HostProcess } from '../../support/host-process.js';

interface TimerRun {
  name: string;
  start: number;
  end?: number;
  timer: {
    isPastDue: boolean;
    schedule: { adjustForDST: boolean };
    scheduleStatus: { last: string; next: string; lastUpdated: string } | null;
  };
}

async function runsOf(host: HostProcess, name: string): Promise<TimerRun[]> {
  const res = await fetch(`${host.origin}/api/timers/runs`);
  return ((await res.json()) as TimerRun[]).filter((run) => run.name === name);
}

async function waitForRuns(host: HostProcess, name: string, count: number): Promise<TimerRun[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const runs = (await runsOf(host, name)).filter((run) => run.end !== undefined);
    if (runs.length >= count) return runs;
    if (Date.now() > deadline) throw new Error(`${name} ran ${runs.length} times, not ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('local host: timer functions', () => {
  let statusDir: string;
  let host: HostProcess;
  const settings = (): Record<string, string> => ({
    TICK_SCHEDULE: '* * * * * *',
    SLOW_TICK_SCHEDULE: '*/1 * * * * *',
    STARTUP_TICK_SCHEDULE: '0 0 0 1 1 *',
    LOCAL_HOST_TIMER_STATUS_DIR: statusDir,
  });

  beforeAll(async () => {
    statusDir = await mkdtemp(path.join(tmpdir(), 'winshift-timers-'));
    host = await startHostProcess({ settings: settings() });
  });
  afterAll(async () => {
    await host.stop();
    await rm(statusDir, { recursive: true, force: true });
  });

  it('fires a six-field schedule from a %SETTING% every second with the monitored status', async () => {
    const runs = await waitForRuns(host, 'tick', 3);
    for (const run of runs) {
      expect(run.timer.isPastDue).toBe(false);
      expect(run.timer.schedule).toEqual({ adjustForDST: true });
      // The status handed to a run names that run's own occurrence as `next`.
      expect(Math.abs(Date.parse(run.timer.scheduleStatus!.next) - run.start)).toBeLessThan(900);
    }
    for (let i = 1; i < runs.length; i++) {
      const gap = runs[i]!.start - runs[i - 1]!.start;
      expect(gap).toBeGreaterThan(700);
      expect(gap).toBeLessThan(1900);
      expect(
        Math.abs(Date.parse(runs[i]!.timer.scheduleStatus!.last) - runs[i - 1]!.start),
      ).toBeLessThan(300);
    }
  });

  it('runs a runOnStartup timer once at start, monitored by default for a yearly schedule', async () => {
    const [run] = await waitForRuns(host, 'startupTick', 1);
    expect(run!.timer.isPastDue).toBe(false);
    expect(run!.timer.scheduleStatus).not.toBeNull();
    expect(new Date(run!.timer.scheduleStatus!.next).getUTCMonth()).toBe(0);
  });

  it('never overlaps two runs of a timer slower than its schedule, and skips the ticks meanwhile', async () => {
    const runs = await waitForRuns(host, 'slowTick', 3);
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i]!.start).toBeGreaterThanOrEqual(runs[i - 1]!.end!);
    }
    const span = (runs.at(-1)!.end! - runs[0]!.start) / 1000;
    expect(runs.length).toBeLessThan(span);
    // A sub-minute schedule is not monitored unless useMonitor says so.
    expect(runs[0]!.timer.scheduleStatus).toBeNull();
  });

  it('runs a timer on demand through the admin API', async () => {
    await waitForRuns(host, 'startupTick', 1);
    const res = await fetch(`${host.origin}/admin/functions/startupTick`, {
      method: 'POST',
      headers: { 'x-functions-key': host.keys.master, 'content-type': 'application/json' },
      // The real host accepts a body without `input` too: a timer ignores its input.
      body: '{}',
    });
    expect(res.status).toBe(202);
    const runs = await waitForRuns(host, 'startupTick', 2);
    expect(runs[1]!.timer.isPastDue).toBe(false);
  });

  it('lists timers with their next occurrence', () => {
    expect(host.output()).toMatch(/tick: timerTrigger, next occurrence \d{4}-\d\d-\d\dT/);
  });

  it('stops cleanly on SIGTERM and reports a missed occurrence as past due after a restart', async () => {
    await waitForRuns(host, 'tick', 1);
    await host.stop();
    expect(host.output()).toContain('[local host] stopped');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    host = await startHostProcess({ settings: settings() });
    const [first, second] = await waitForRuns(host, 'tick', 2);
    expect(first!.timer.isPastDue).toBe(true);
    expect(second!.timer.isPastDue).toBe(false);
  });
});

describe('local host: shutdown', () => {
  it('stops on SIGINT after the running timer invocation finishes', async () => {
    const statusDir = await mkdtemp(path.join(tmpdir(), 'winshift-timers-'));
    const host = await startHostProcess({
      settings: { SLOW_TICK_SCHEDULE: '* * * * * *', LOCAL_HOST_TIMER_STATUS_DIR: statusDir },
    });
    try {
      const deadline = Date.now() + 10_000;
      while (!(await runsOf(host, 'slowTick')).some((run) => run.end === undefined)) {
        if (Date.now() > deadline) throw new Error('slowTick never started');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await host.kill('SIGINT');
      const output = host.output();
      expect(host.exitCode()).toBe(0);
      const stopping = output.indexOf('[local host] stopping');
      expect(stopping).toBeGreaterThan(-1);
      expect(output.indexOf('slowTick finished', stopping)).toBeGreaterThan(stopping);
      expect(output.indexOf('[local host] stopped')).toBeGreaterThan(
        output.lastIndexOf('slowTick finished'),
      );
    } finally {
      await host.stop();
      await rm(statusDir, { recursive: true, force: true });
    }
  });
});

describe('local host: timer configuration errors and disabled timers', () => {
  it('reports an unresolved schedule setting and keeps a disabled timer off', async () => {
    const statusDir = await mkdtemp(path.join(tmpdir(), 'winshift-timers-'));
    const host = await startHostProcess({
      settings: {
        TICK_SCHEDULE: '* * * * * *',
        'AzureWebJobs.tick.Disabled': 'true',
        LOCAL_HOST_TIMER_STATUS_DIR: statusDir,
      },
    });
    try {
      expect(host.output()).toContain(
        "Error indexing function 'slowTick': '%SLOW_TICK_SCHEDULE%' does not resolve to a value.",
      );
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(await runsOf(host, 'tick')).toEqual([]);
      expect(host.output()).toContain('tick: disabled');
    } finally {
      await host.stop();
      await rm(statusDir, { recursive: true, force: true });
    }
  });
});
