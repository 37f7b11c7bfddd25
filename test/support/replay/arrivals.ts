// Virtual time: events waiting to reach an orchestration, each at its virtual arrival time. Nothing
// waits for real: the clock jumps to the next arrival when nothing is due.
import type { HistoryEvent } from '../../../src/local/durable/history.js';

interface Arrival {
  readonly atInMs: number;
  readonly seq: number;
  readonly event: HistoryEvent;
}

export class Arrivals {
  private readonly pending: Arrival[] = [];
  private seq = 0;
  /** Virtual time in epoch ms. */
  nowInMs: number;

  constructor(startInMs: number) {
    this.nowInMs = startInMs;
  }

  /** `event` arrives at `atInMs` (not before now); arrivals at one time keep their order. */
  add(atInMs: number, event: HistoryEvent): void {
    this.pending.push({ atInMs: Math.max(atInMs, this.nowInMs), seq: this.seq++, event });
  }

  /**
   * Everything due, in arrival order; when nothing is due the clock first jumps to the next
   * arrival. Undefined when nothing will ever arrive.
   */
  takeDue(): HistoryEvent[] | undefined {
    if (this.pending.length === 0) return undefined;
    const next = Math.min(...this.pending.map((a) => a.atInMs));
    this.nowInMs = Math.max(this.nowInMs, next);
    const due = this.pending
      .filter((a) => a.atInMs <= this.nowInMs)
      .sort((a, b) => a.atInMs - b.atInMs || a.seq - b.seq);
    const taken = new Set(due);
    this.pending.splice(0, this.pending.length, ...this.pending.filter((a) => !taken.has(a)));
    return due.map((a) => a.event);
  }
}
