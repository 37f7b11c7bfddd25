import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileSchedule } from '../../../src/local/timers/schedule.js';
import {
  ScheduleStatusStore,
  type ScheduleStatus,
} from '../../../src/local/timers/status-store.js';
import { TimerListener } from '../../../src/local/timers/timer-listener.js';

// An hourly schedule with a clock fixed between occurrences: a start-up decision is the only
// invocation that can happen while a test runs.
const hourly = compileSchedule('0 0 * * * *', {}, 'UTC');
const now = new Date('2026-11-28T12:30:00Z');
const at = (iso: string): Date => new Date(iso);

interface Invocation {
  status: ScheduleStatus | undefined;
  isPastDue: boolean;
}

describe('TimerListener start-up (the schedule monitor rules)', () => {
  let dir: string;
  let store: ScheduleStatusStore;
  let listener: TimerListener | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'winshift-listener-'));
    store = new ScheduleStatusStore(dir);
  });
  afterEach(async () => {
    await listener?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function start(runOnStartup = false): Promise<Invocation[]> {
    const invocations: Invocation[] = [];
    let resolveFirst: () => void = () => undefined;
    const first = new Promise<void>((resolve) => (resolveFirst = resolve));
    listener = new TimerListener({
      name: 'scan',
      schedule: hourly,
      runOnStartup,
      monitor: store,
      invoke: (status, isPastDue) => {
        invocations.push({ status, isPastDue });
        resolveFirst();
        return Promise.resolve();
      },
      log: () => undefined,
      now: () => now,
    });
    await listener.start();
    // An immediate (past-due or start-up) run is armed with a zero delay: give it the chance.
    await Promise.race([first, new Promise((resolve) => setTimeout(resolve, 50))]);
    return invocations;
  }

  it('records the first next occurrence for a new timer and does not run it', async () => {
    expect(await start()).toEqual([]);
    expect(await store.get('scan')).toEqual({
      last: undefined,
      next: at('2026-11-28T13:00:00Z'),
      lastUpdated: now,
    });
  });

  it('runs once, past due, when the recorded next occurrence passed while the host was down', async () => {
    const missed = {
      last: at('2026-11-28T10:00:00Z'),
      next: at('2026-11-28T11:00:00Z'),
      lastUpdated: at('2026-11-28T10:00:00Z'),
    };
    await store.set('scan', missed);
    const invocations = await start();
    expect(invocations).toHaveLength(1);
    expect(invocations[0]).toEqual({ status: missed, isPastDue: true });
    // After the run the status counts from the run itself.
    await listener!.stop();
    expect(await store.get('scan')).toEqual({
      last: now,
      next: at('2026-11-28T13:00:00Z'),
      lastUpdated: now,
    });
  });

  it('does not count an occurrence as missed when the schedule changed meanwhile', async () => {
    // Written by a schedule that fired every 7 minutes: its Next does not follow from Last hourly.
    await store.set('scan', {
      last: at('2026-11-28T11:00:00Z'),
      next: at('2026-11-28T11:07:00Z'),
      lastUpdated: at('2026-11-28T11:00:00Z'),
    });
    expect(await start()).toEqual([]);
    expect(await store.get('scan')).toEqual({
      last: undefined,
      next: at('2026-11-28T13:00:00Z'),
      lastUpdated: now,
    });
  });

  it('runs on start-up when asked, not past due', async () => {
    await store.set('scan', {
      last: undefined,
      next: at('2026-11-28T13:00:00Z'),
      lastUpdated: at('2026-11-28T12:10:00Z'),
    });
    const invocations = await start(true);
    expect(invocations.map((i) => i.isPastDue)).toEqual([false]);
  });
});
