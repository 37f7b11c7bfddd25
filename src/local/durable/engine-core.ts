/**
 * What the engine's collaborators (dispatcher, episode runner, recovery, queries, HTTP API) use of
 * it: an interface of its own, so they depend on this module and not on engine.ts (which builds
 * them), and no import cycle ties them together.
 */
import type { FunctionsCoreStandIn } from '../functions-core/stand-in.js';
import type { HistoryEvent } from './history.js';
import type { LiveInstance } from './live-instance.js';
import type { Semaphore } from './semaphore.js';
import type { DurableStore, InstanceRecord } from './store.js';

export interface EngineOptions {
  maxConcurrentActivityFunctions: number;
  maxConcurrentOrchestratorFunctions: number;
  log(level: 'information' | 'warning' | 'error', message: string): void;
  /**
   * Called when an activity has run, before its outcome is recorded: the crash tests kill the host
   * here, between an activity's write and its checkpoint.
   */
  afterActivity?(name: string): void;
}

export interface ParentLink {
  instanceId: string;
  taskId: number;
  executionId: string;
}

export type StartResult = 'started' | 'conflict';
export type SendResult = 'accepted' | 'notFound' | 'gone';

/** Replay-work counters (the benchmark prints them). */
export interface EngineStats {
  episodes: number;
  eventsReplayed: number;
  activitiesRun: number;
}

export interface EngineCore {
  readonly core: FunctionsCoreStandIn;
  readonly store: DurableStore;
  readonly options: EngineOptions;
  readonly live: Map<string, LiveInstance>;
  readonly stats: EngineStats;
  readonly activities: Semaphore;
  start(
    name: string,
    instanceId: string,
    input: string | undefined,
    parent?: ParentLink,
  ): Promise<StartResult>;
  executionStarted(record: InstanceRecord, input: string | undefined): HistoryEvent;
  raiseEvent(instanceId: string, name: string, input: string | undefined): Promise<SendResult>;
  terminate(instanceId: string, reason: string): Promise<SendResult>;
  getRecord(instanceId: string): Promise<InstanceRecord | undefined>;
  getHistory(record: InstanceRecord): Promise<HistoryEvent[]>;
  purge(instanceId: string): Promise<number>;
  deliver(instanceId: string, e: HistoryEvent): void;
  requestEpisode(inst: LiveInstance): void;
  dispatch(inst: LiveInstance, events: HistoryEvent[]): Promise<void>;
  nextKey(): string;
  afterCommit(record: InstanceRecord, consumedKeys: string[], wait: boolean): Promise<void>;
  background(work: Promise<unknown>, instanceId: string): void;
}
