// The driver: runs an orchestration to its end on virtual time, episode by episode. Each episode gets
// every event that arrived since the last one; then its work starts: activities answered by fakes,
// timers that fire at their fireAt (the clock jumps there when nothing else is due), and
// sub-orchestrations run to their end in the same harness. External events come from the test's
// script. Nothing waits for real: a whole run takes milliseconds.
import { EventType, type HistoryEvent } from '../../../src/local/durable/history.js';
import { callActivity, type ActivityCall, type ActivityTable } from './activities.js';
import { replayApp } from './app.js';
import { Arrivals } from './arrivals.js';
import { Instance, type EpisodeRecord, type RunOutcome } from './instance.js';
import { childCompleted, childFailed, executionStarted, timerFired } from './results.js';
import { EventScript, type ScriptedEvent } from './script.js';

export interface RunOptions {
  /** Default: the orchestrator's name. */
  readonly instanceId?: string;
  readonly activities: ActivityTable;
  /** Virtual time an activity call takes (default 0). */
  readonly durationInMs?: (name: string, input: unknown) => number;
  readonly events?: readonly ScriptedEvent[];
  readonly startAt?: Date;
  /** Per orchestration instance; a run past it throws (a loop that never ends). */
  readonly maxEpisodes?: number;
}

export interface InstanceResult {
  readonly name: string;
  readonly instanceId: string;
  readonly outcome: RunOutcome;
  readonly history: readonly HistoryEvent[];
  readonly episodes: readonly EpisodeRecord[];
  /** The custom status after the last episode. */
  readonly customStatus: unknown;
  /** Virtual times, in ms since the run started. */
  readonly startedAtInMs: number;
  readonly endedAtInMs: number;
}

export interface RunResult extends InstanceResult {
  /** Every activity call, sub-orchestrations' included, in call order. */
  readonly calls: readonly ActivityCall[];
  /** The sub-orchestrations, by instance id. */
  readonly children: ReadonlyMap<string, InstanceResult>;
  readonly elapsedInMs: number;
  /** What the functions logged during the run. */
  readonly logs: readonly string[];
}

export const VIRTUAL_START = new Date('2026-03-02T08:00:00.000Z');

export async function runOrchestration(
  name: string,
  input: unknown,
  options: RunOptions,
): Promise<RunResult> {
  const app = await replayApp();
  const logsFrom = app.logs.length;
  const harness = new Harness(options, (options.startAt ?? VIRTUAL_START).getTime());
  const root = await harness.run(name, options.instanceId ?? name, input, undefined);
  return {
    ...root,
    calls: harness.calls,
    children: harness.children,
    elapsedInMs: root.endedAtInMs,
    logs: app.logs.slice(logsFrom),
  };
}

interface Running {
  readonly name: string;
  readonly instance: Instance;
  readonly arrivals: Arrivals;
}

class Harness {
  readonly calls: ActivityCall[] = [];
  readonly children = new Map<string, InstanceResult>();
  private root: Running | undefined;
  private readonly script: EventScript;

  constructor(
    private readonly options: RunOptions,
    private readonly startInMs: number,
  ) {
    this.script = new EventScript(options.events ?? [], startInMs);
  }

  async run(
    name: string,
    instanceId: string,
    input: unknown,
    parent: Running | undefined,
  ): Promise<InstanceResult> {
    const startedAt = parent?.arrivals.nowInMs ?? this.startInMs;
    const parentId = parent?.instance.instanceId;
    const self: Running = {
      name,
      instance: new Instance(instanceId, input, parentId),
      arrivals: new Arrivals(startedAt),
    };
    self.arrivals.add(startedAt, executionStarted(name, new Date(startedAt), input, parentId));
    if (!parent) {
      this.root = self;
      for (const raised of this.script.timed()) self.arrivals.add(raised.atInMs, raised.event);
    }
    const episodes: EpisodeRecord[] = [];
    let outcome: RunOutcome = { kind: 'waiting' };
    for (let inbox = self.arrivals.takeDue(); inbox; inbox = self.arrivals.takeDue()) {
      if (episodes.length >= (this.options.maxEpisodes ?? 10_000)) {
        throw new Error(`replay: ${instanceId} ran more than ${episodes.length} episodes`);
      }
      const episode = await self.instance.episode(self.arrivals.nowInMs, inbox);
      episodes.push({ ...episode.record, atInMs: episode.record.atInMs - this.startInMs });
      for (const work of episode.work) await this.start(self, work);
      this.raiseDue(self.arrivals.nowInMs);
      if (episode.outcome) {
        outcome = episode.outcome;
        break;
      }
    }
    return {
      name,
      instanceId,
      outcome,
      history: self.instance.history,
      episodes,
      customStatus: self.instance.customStatus,
      startedAtInMs: startedAt - this.startInMs,
      endedAtInMs: self.arrivals.nowInMs - this.startInMs,
    };
  }

  /** Starts the work an episode scheduled; its outcome arrives at its virtual end. */
  private async start(self: Running, work: HistoryEvent): Promise<void> {
    const { arrivals, instance } = self;
    if (work.EventType === EventType.TimerCreated) {
      const fireAt = Date.parse(work.FireAt ?? '');
      arrivals.add(fireAt, timerFired(work.EventId, new Date(fireAt), work.FireAt));
    } else if (work.EventType === EventType.TaskScheduled) {
      const answered = await callActivity(
        {
          activities: this.options.activities,
          durationInMs: this.options.durationInMs,
          instanceId: instance.instanceId,
          nowInMs: arrivals.nowInMs,
          runStartInMs: this.startInMs,
        },
        work,
      );
      this.calls.push(answered.call);
      arrivals.add(answered.atInMs, answered.result);
    } else if (work.EventType === EventType.SubOrchestrationInstanceCreated) {
      await this.startChild(self, work);
    }
  }

  private async startChild(self: Running, created: HistoryEvent): Promise<void> {
    const input = created.Input === undefined ? undefined : (JSON.parse(created.Input) as unknown);
    const child = await this.run(created.Name ?? '', created.InstanceId ?? '', input, self);
    this.children.set(child.instanceId, child);
    const at = new Date(this.startInMs + child.endedAtInMs);
    const { outcome } = child;
    // A child still waiting never reports: its parent waits too.
    if (outcome.kind === 'completed') {
      self.arrivals.add(at.getTime(), childCompleted(created.EventId, at, outcome.output));
    } else if (outcome.kind === 'failed') {
      self.arrivals.add(
        at.getTime(),
        childFailed(created.EventId, at, child.name, outcome.message),
      );
    }
  }

  /** Scripted events whose condition holds now go to the orchestration under test. */
  private raiseDue(nowInMs: number): void {
    const root = this.root;
    if (!root) return;
    const view = {
      customStatus: root.instance.customStatus,
      calls: this.calls,
      elapsedInMs: nowInMs - this.startInMs,
    };
    for (const raised of this.script.due(view, nowInMs)) {
      root.arrivals.add(raised.atInMs, raised.event);
    }
  }
}
