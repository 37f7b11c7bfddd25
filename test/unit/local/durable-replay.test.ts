// Drives durable-functions' own replay engine (in-process, no host) with the episodes the local
// host builds: batched events, retry bookkeeping, long-timer segments. If the host's task ids
// drifted from the SDK's, these orchestrations would hang or get the wrong results.
import { describe, expect, it } from '@jest/globals';
import { createRequire } from 'node:module';
import * as df from 'durable-functions';
import type { OrchestrationContext, OrchestrationHandler } from 'durable-functions';
import { scheduleActions } from '../../../src/local/durable/actions.js';
import { buildBatch } from '../../../src/local/durable/batch.js';
import {
  failureOutcome,
  interpretState,
  orchestrationBinding,
  type EpisodeOutcome,
} from '../../../src/local/durable/episode.js';
import {
  EventType,
  completedTaskId,
  event,
  scheduledTaskId,
  type HistoryEvent,
} from '../../../src/local/durable/history.js';

const require = createRequire(import.meta.url);
const { Orchestrator } = require('durable-functions/lib/src/orchestrations/Orchestrator.js') as {
  Orchestrator: new (fn: OrchestrationHandler) => {
    handle(binding: unknown, context: unknown): Promise<unknown>;
  };
};

type Activity = (input: unknown, attempt: number) => unknown;

/** A minimal host loop over the host's pure parts; activities run by the test, in any order. */
class Driver {
  history: HistoryEvent[] = [];
  scheduled = new Map<number, HistoryEvent>();
  completed = new Set<number>();
  inbox: HistoryEvent[] = [];
  nextTaskId = 0;
  actionCount = 0;
  episodes = 0;
  clock: number;
  outcome: EpisodeOutcome | undefined;
  private readonly input: string;

  constructor(
    private readonly fn: OrchestrationHandler,
    private readonly activities: Record<string, Activity>,
    input: unknown,
    start = Date.parse('2026-01-01T00:00:00Z'),
  ) {
    this.clock = start;
    this.input = JSON.stringify(input);
    this.inbox.push(
      event(EventType.ExecutionStarted, new Date(start), {
        Name: 'o',
        Input: JSON.stringify(input),
      }),
    );
  }

  async episode(): Promise<EpisodeOutcome> {
    const now = new Date(this.clock);
    const started = this.inbox.filter((e) => e.EventType === EventType.ExecutionStarted);
    const batch = buildBatch({
      instanceId: 'i',
      now,
      nextTaskId: this.nextTaskId,
      scheduled: this.scheduled,
      completed: this.completed,
      inbox: this.inbox.filter((e) => e.EventType !== EventType.ExecutionStarted),
    });
    this.inbox = [];
    const newEvents = [event(EventType.OrchestratorStarted, now), ...started, ...batch.events];
    const replay = [...this.history.map((e) => ({ ...e, IsPlayed: true })), ...newEvents];
    const binding = orchestrationBinding(
      'i',
      JSON.parse(JSON.stringify(replay)) as HistoryEvent[],
      this.inputText(),
      undefined,
    );
    this.episodes += 1;
    let outcome: EpisodeOutcome;
    try {
      const state = await new Orchestrator(this.fn).handle(
        binding,
        new df.DummyOrchestrationContext('o'),
      );
      outcome = interpretState(
        JSON.parse(JSON.stringify(state)) as Parameters<typeof interpretState>[0],
      );
    } catch (error) {
      outcome = failureOutcome(error);
    }
    const events = [...newEvents];
    if (outcome.kind === 'running') {
      const s = scheduleActions(outcome.actions.slice(this.actionCount), {
        instanceId: 'i',
        now,
        nextTaskId: batch.nextTaskId,
      });
      events.push(...s.events);
      this.actionCount = outcome.actions.length;
      this.nextTaskId = s.nextTaskId;
    }
    for (const e of events) this.record(e);
    this.outcome = outcome;
    return outcome;
  }

  private inputText(): string {
    return this.input;
  }

  private record(e: HistoryEvent): void {
    this.history.push(e);
    const opened = scheduledTaskId(e);
    if (opened !== undefined) this.scheduled.set(opened, e);
    const closed = completedTaskId(e);
    if (closed !== undefined) this.completed.add(closed);
  }

  /** Activities and timers whose results are not in the history yet. */
  pending(): HistoryEvent[] {
    return [...this.scheduled.values()].filter((e) => !this.completed.has(e.EventId));
  }

  /** Runs every pending activity and fires every due timer, delivering the results in `order`. */
  completeAll(order: 'forward' | 'reverse' = 'forward'): void {
    const results: HistoryEvent[] = [];
    for (const e of this.pending()) {
      if (e.EventType === EventType.TimerCreated) {
        if (Date.parse(e.FireAt ?? '') <= this.clock)
          results.push(
            event(EventType.TimerFired, new Date(this.clock), {
              TimerId: e.EventId,
              FireAt: e.FireAt,
            }),
          );
        continue;
      }
      const activity = this.activities[e.Name ?? ''];
      if (!activity) throw new Error(`no activity ${e.Name}`);
      try {
        const value = activity(
          e.Input === undefined ? undefined : JSON.parse(e.Input),
          e.Attempt ?? 1,
        );
        results.push(
          event(EventType.TaskCompleted, new Date(this.clock), {
            TaskScheduledId: e.EventId,
            Result: JSON.stringify(value ?? null),
          }),
        );
      } catch (error) {
        const message = (error as Error).message;
        results.push(
          event(EventType.TaskFailed, new Date(this.clock), {
            TaskScheduledId: e.EventId,
            Reason: message,
            Details: '',
            FailureDetails: { ErrorType: 'Error', ErrorMessage: message },
          }),
        );
      }
    }
    this.inbox.push(...(order === 'reverse' ? results.reverse() : results));
  }

  /** Runs episodes until the orchestration ends, advancing the clock to the next timer when idle. */
  async run(order: 'forward' | 'reverse' = 'forward', maxEpisodes = 200): Promise<EpisodeOutcome> {
    for (let i = 0; i < maxEpisodes; i += 1) {
      const outcome = await this.episode();
      if (outcome.kind !== 'running') return outcome;
      this.completeAll(order);
      if (this.inbox.length === 0) {
        const timers = this.pending().filter((e) => e.EventType === EventType.TimerCreated);
        if (timers.length === 0) throw new Error('stuck: nothing pending');
        this.clock = Math.min(...timers.map((t) => Date.parse(t.FireAt ?? '')));
        this.completeAll(order);
      }
    }
    throw new Error('too many episodes');
  }
}

const double: Activity = (n) => (n as number) * 2;
/** Fails its first `failures` attempts. */
const flakyUntil =
  (failures: number): Activity =>
  (n, attempt) => {
    if (attempt <= failures) throw new Error(`[TRANSIENT] attempt ${attempt}`);
    return { n, attempt };
  };

describe('the host episodes replayed by durable-functions', () => {
  it.each(['forward', 'reverse'] as const)(
    'fans out with Task.all (results delivered %s, one batch)',
    async (order) => {
      const fn: OrchestrationHandler = function* (ctx: OrchestrationContext) {
        const tasks = [1, 2, 3, 4, 5].map((n) => ctx.df.callActivity('double', n));
        const doubled = (yield ctx.df.Task.all(tasks)) as number[];
        const last = (yield ctx.df.callActivity('double', 100)) as number;
        return [...doubled, last];
      };
      const driver = new Driver(fn, { double }, null);
      expect(await driver.run(order)).toMatchObject({
        kind: 'completed',
        output: [2, 4, 6, 8, 10, 200],
      });
      expect(driver.episodes).toBe(3);
    },
  );

  it.each(['forward', 'reverse'] as const)(
    'counts retry timer and re-attempt ids inside Task.all (%s)',
    async (order) => {
      const retry = new df.RetryOptions(1000, 4);
      const fn: OrchestrationHandler = function* (ctx: OrchestrationContext) {
        const tasks = [
          ctx.df.callActivityWithRetry('flaky2', retry, 'a'),
          ctx.df.callActivity('double', 1),
          ctx.df.callActivityWithRetry('flaky1', retry, 'b'),
          ctx.df.callActivity('double', 2),
        ];
        const all = (yield ctx.df.Task.all(tasks)) as unknown[];
        const after = (yield ctx.df.callActivityWithRetry('flaky1', retry, 'c')) as unknown;
        return { all, after };
      };
      const driver = new Driver(fn, { double, flaky1: flakyUntil(1), flaky2: flakyUntil(2) }, null);
      expect(await driver.run(order)).toMatchObject({
        kind: 'completed',
        output: {
          all: [{ n: 'a', attempt: 3 }, 2, { n: 'b', attempt: 2 }, 4],
          after: { n: 'c', attempt: 2 },
        },
      });
      // Every failure is followed by a retry timer whose fire time honours the interval.
      const failures = driver.history.filter((e) => e.EventType === EventType.TaskFailed);
      expect(failures).toHaveLength(4);
    },
  );

  it('fails a retried activity after its last attempt, with the last error', async () => {
    const fn: OrchestrationHandler = function* (ctx: OrchestrationContext) {
      try {
        yield ctx.df.callActivityWithRetry('flaky9', new df.RetryOptions(10, 3), 'x');
        return 'no';
      } catch (error) {
        return (error as Error).message;
      }
    };
    const driver = new Driver(fn, { flaky9: flakyUntil(9) }, null);
    const outcome = await driver.run();
    expect(outcome).toMatchObject({
      kind: 'completed',
      output: expect.stringContaining('[TRANSIENT] attempt 3') as unknown,
    });
    expect(driver.history.filter((e) => e.EventType === EventType.TaskScheduled)).toHaveLength(3);
  });

  it('splits a 10-day timer into segments (3 days while over 6 days remain) with ids the SDK expects', async () => {
    const day = 24 * 3600_000;
    const fn: OrchestrationHandler = function* (ctx: OrchestrationContext) {
      const start = ctx.df.currentUtcDateTime.getTime();
      yield ctx.df.createTimer(new Date(start + 10 * day));
      const waited = ctx.df.currentUtcDateTime.getTime() - start;
      const after = (yield ctx.df.callActivity('double', 21)) as number;
      return { days: waited / day, after };
    };
    const driver = new Driver(fn, { double }, null);
    expect(await driver.run()).toMatchObject({
      kind: 'completed',
      output: { days: 10, after: 42 },
    });
    const segments = driver.history.filter((e) => e.EventType === EventType.TimerCreated);
    expect(
      segments.map((e) => (Date.parse(e.FireAt ?? '') - Date.parse('2026-01-01T00:00:00Z')) / day),
    ).toEqual([3, 6, 10]);
  });

  it('keeps an external event raised before the wait', async () => {
    const fn: OrchestrationHandler = function* (ctx: OrchestrationContext) {
      const a = (yield ctx.df.callActivity('double', 1)) as number;
      const e = (yield ctx.df.waitForExternalEvent('go')) as string;
      return `${a}${e}`;
    };
    const driver = new Driver(fn, { double }, null);
    await driver.episode();
    driver.inbox.push(
      event(EventType.EventRaised, new Date(driver.clock), { Name: 'go', Input: '"!"' }),
    );
    driver.completeAll();
    expect(await driver.run()).toMatchObject({ kind: 'completed', output: '2!' });
  });
});
