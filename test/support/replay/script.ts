// The external events a test scripts: raised at a virtual time, or as soon as a condition on the
// run holds (the custom status, the activity calls so far, the time elapsed).
import type { HistoryEvent } from '../../../src/local/durable/history.js';
import type { ActivityCall } from './activities.js';
import { eventRaised } from './results.js';

export interface RunView {
  /** The custom status the orchestration under test published last. */
  readonly customStatus: unknown;
  readonly calls: readonly ActivityCall[];
  readonly elapsedInMs: number;
}

/** An external event for the orchestration under test; at the start unless timed or conditional. */
export interface ScriptedEvent {
  readonly name: string;
  readonly data?: unknown;
  /** Raised at this virtual time (ms after the start). */
  readonly atInMs?: number;
  /**
   * Raised once this holds, checked after every episode (of the orchestration or of one of its
   * sub-orchestrations) once the work that episode started was dispatched: the event arrives after
   * the results of activities that take no time, and before those of activities that take some.
   */
  readonly when?: (view: RunView) => boolean;
}

export interface Raised {
  readonly atInMs: number;
  readonly event: HistoryEvent;
}

export class EventScript {
  private readonly waiting: ScriptedEvent[];

  constructor(
    private readonly events: readonly ScriptedEvent[],
    private readonly startInMs: number,
  ) {
    this.waiting = events.filter((e) => e.when);
  }

  /** The events raised at a time (epoch ms), known from the start. */
  timed(): Raised[] {
    return this.events
      .filter((e) => !e.when)
      .map((e) => {
        const atInMs = this.startInMs + (e.atInMs ?? 0);
        return { atInMs, event: eventRaised(e.name, new Date(atInMs), e.data) };
      });
  }

  /** The conditional events whose condition holds now (each is raised once). */
  due(view: RunView, nowInMs: number): Raised[] {
    const due = this.waiting.filter((e) => e.when?.(view));
    for (const e of due) this.waiting.splice(this.waiting.indexOf(e), 1);
    return due.map((e) => ({
      atInMs: nowInMs,
      event: eventRaised(e.name, new Date(nowInMs), e.data),
    }));
  }
}
