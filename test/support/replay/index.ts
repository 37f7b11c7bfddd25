// The replay harness: orchestrators driven by history in, actions out, on virtual time (no host, no
// storage, no timers). `replay` runs one episode; `runOrchestration` runs one to its end.
export type { ActivityCall, ActivityFake, ActivityTable } from './activities.js';
export {
  loadFleetScanOrchestration,
  loadUpgradeOrchestrations,
  replayApp,
  type DurableModule,
  type ReplayApp,
} from './app.js';
export type { EpisodeRecord, RunOutcome } from './instance.js';
export { replay, type ReplayOptions, type ReplayResult } from './replay.js';
export {
  runOrchestration,
  VIRTUAL_START,
  type InstanceResult,
  type RunOptions,
  type RunResult,
} from './run.js';
export type { RunView, ScriptedEvent } from './script.js';
