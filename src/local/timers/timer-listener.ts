import type { TimerSchedule } from './schedule.js';
import type { ScheduleStatus, ScheduleStatusStore } from './status-store.js';

export interface TimerListenerOptions {
  name: string;
  schedule: TimerSchedule;
  runOnStartup: boolean;
  /** With a monitor the status is persisted and `isPastDue` detected across restarts. */
  monitor: ScheduleStatusStore | undefined;
  /** Runs the function; a rejection is logged by the caller and never stops the schedule. */
  invoke(status: ScheduleStatus | undefined, isPastDue: boolean): Promise<void>;
  log(level: 'information' | 'warning' | 'error', message: string): void;
  now?: () => Date;
}

// Node's setTimeout takes at most 2^31-1 ms; longer waits are chained, as the host does with 24 d.
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * One timer's schedule loop, after the WebJobs `TimerListener`: the next wait is armed only after
 * an invocation finishes, so runs of one timer never overlap and occurrences passed meanwhile are
 * skipped; a missed occurrence found at start (or `runOnStartup`) runs once, immediately.
 */
export class TimerListener {
  status: ScheduleStatus | undefined;
  private timeout: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly now: () => Date;

  constructor(private readonly options: TimerListenerOptions) {
    this.now = options.now ?? ((): Date => new Date());
  }

  get nextOccurrence(): Date | undefined {
    return this.status?.next;
  }

  async start(): Promise<void> {
    const now = this.now();
    let isPastDue = false;
    if (this.options.monitor) {
      const stored = await this.options.monitor.get(this.options.name);
      this.status = await this.checkPastDue(stored, now);
      isPastDue = now > this.status.next;
    }
    this.status ??= {
      last: undefined,
      next: this.options.schedule.nextAfter(now),
      lastUpdated: undefined,
    };
    if (isPastDue) {
      this.options.log('information', `Timer '${this.options.name}' is past due.`);
      this.arm(0, () => this.invoke(true, true));
    } else if (this.options.runOnStartup) {
      this.arm(0, () => this.invoke(false, true));
    } else {
      this.armNext();
    }
  }

  /** A manual run (admin API): not past due; it does not move the schedule's clock. */
  async runNow(): Promise<void> {
    await this.exclusive(() =>
      this.options.invoke(this.options.monitor ? this.status : undefined, false),
    );
  }

  /** Stops the schedule and waits for a running invocation to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timeout);
    await this.running;
  }

  /** The schedule monitor's start-up check (ScheduleMonitor.CheckPastDueAsync). */
  private async checkPastDue(
    stored: ScheduleStatus | undefined,
    now: Date,
  ): Promise<ScheduleStatus> {
    const { schedule, monitor, name } = this.options;
    if (!stored) {
      const status = { last: undefined, next: schedule.nextAfter(now), lastUpdated: now };
      await monitor?.set(name, status);
      return status;
    }
    const basis = stored.last ?? stored.lastUpdated ?? now;
    let expected = schedule.nextAfter(basis);
    let lastUpdated = basis;
    if (stored.next.getTime() === expected.getTime()) return stored;
    // The schedule changed since the record was written: a next occurrence already passed under
    // the new schedule is not counted as missed.
    if (now > expected) {
      expected = schedule.nextAfter(now);
      lastUpdated = now;
    }
    const status = { last: undefined, next: expected, lastUpdated };
    await monitor?.set(name, status);
    return status;
  }

  private armNext(): void {
    const next = this.status!.next;
    this.arm(Math.max(1, next.getTime() - this.now().getTime()), () => this.invoke(false, false));
  }

  private arm(delayMs: number, fire: () => Promise<void>): void {
    if (this.stopped) return;
    if (delayMs > MAX_TIMEOUT_MS) {
      this.timeout = setTimeout(() => this.arm(delayMs - MAX_TIMEOUT_MS, fire), MAX_TIMEOUT_MS);
      return;
    }
    this.timeout = setTimeout(() => {
      void fire().finally(() => this.armNext());
    }, delayMs);
  }

  private async invoke(isPastDue: boolean, unscheduled: boolean): Promise<void> {
    const invocationTime = this.now();
    await this.exclusive(async () => {
      try {
        await this.options.invoke(this.options.monitor ? this.status : undefined, isPastDue);
      } catch (error) {
        this.options.log(
          'error',
          `Timer '${this.options.name}' failed: ${(error as Error).message}`,
        );
      }
      // A tick that fired a little early counts from its scheduled time, so `Next` never repeats.
      const previousNext = this.status?.next;
      const basis =
        !unscheduled && previousNext && previousNext > invocationTime
          ? previousNext
          : invocationTime;
      this.status = {
        last: basis,
        next: this.options.schedule.nextAfter(basis),
        lastUpdated: basis,
      };
      await this.options.monitor?.set(this.options.name, this.status);
    });
  }

  private async exclusive(work: () => Promise<void>): Promise<void> {
    while (this.running) await this.running;
    if (this.stopped) return;
    const run = work().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    await run;
  }
}
