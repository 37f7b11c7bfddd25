/**
 * Every wait of the upgrade listens for `cancel`: a durable timer raced against the one cancel
 * event task of the run (Task.any). The event task is created once and reused, so a cancel raised
 * while an activity runs is kept and seen at the next wait or step boundary; a fresh task per wait
 * would leave earlier, abandoned waiters that swallow the event. Reusing it is safe: an event wait
 * takes no task id, so re-listing it in a new Task.any shifts no ids.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import { WinshiftError } from '../domain/errors.js';
import { after, type Step } from './calls.js';
import { pollDelayInSeconds } from './timing.js';
import type { WorkflowTiming } from './contracts/index.js';

export interface PollOptions<T> {
  readonly timeoutInSeconds: number;
  readonly probe: () => Step<T>;
  readonly done: (value: T) => boolean;
  /** Cancel is not listened for while rolling back. */
  readonly cancellable?: boolean;
}

export interface PollResult<T> {
  readonly value: T;
  readonly timedOut: boolean;
}

export class Waits {
  constructor(
    private readonly context: OrchestrationContext,
    readonly cancel: Task,
    private readonly timing: WorkflowTiming,
  ) {}

  get cancelled(): boolean {
    return this.cancel.isCompleted;
  }

  throwIfCancelled(): void {
    if (!this.cancelled) return;
    const reason = (this.cancel.result as { reason?: unknown } | undefined)?.reason;
    const why = typeof reason === 'string' && reason ? `: ${reason}` : '';
    throw new WinshiftError('CANCELLED', `cancelled by request${why}`);
  }

  /** A durable timer; throws CANCELLED if the cancel event comes first (when cancellable). */
  *sleep(seconds: number, cancellable = true): Step<void> {
    const timer = this.context.df.createTimer(after(this.context, seconds * 1000));
    if (!cancellable) {
      yield timer;
      return;
    }
    this.throwIfCancelled();
    const winner = yield this.context.df.Task.any([timer, this.cancel]);
    if (winner !== timer) {
      timer.cancel();
      this.throwIfCancelled();
    }
  }

  /** Probes until `done`, spacing probes with timers that grow with the time waited, until the timeout. */
  *poll<T>(options: PollOptions<T>): Step<PollResult<T>> {
    const cancellable = options.cancellable ?? true;
    const startedAt = this.now();
    for (;;) {
      if (cancellable) this.throwIfCancelled();
      const value = yield* options.probe();
      if (options.done(value)) return { value, timedOut: false };
      const waited = (this.now() - startedAt) / 1000;
      const left = options.timeoutInSeconds - waited;
      if (left <= 0) return { value, timedOut: true };
      yield* this.sleep(Math.min(pollDelayInSeconds(this.timing, waited), left), cancellable);
    }
  }

  private now(): number {
    return this.context.df.currentUtcDateTime.getTime();
  }
}
