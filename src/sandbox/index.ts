// The AKS sandbox's public API (see README.md): startSandbox wires the ARM emulator to real control
// planes with simulated nodes; scenarios come from YAML files (scenarios/) or a ScenarioBuilder.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export {
  startSandbox,
  asSandboxScenario,
  type RunningSandbox,
  type SandboxCluster,
  type SandboxSettings,
  type StartSandboxOptions,
} from './sandbox.js';
export type { ExistingControlPlane } from './cluster/control-plane-access.js';
export { acquireControlPlaneLease, type ControlPlaneLease } from './cluster/lease.js';
export {
  DEFAULT_WINSHIFT_PRINCIPAL_ID,
  loadScenarioFile,
  parseScenarioYaml,
  scenarioFromObject,
  ScenarioError,
  type SandboxScenario,
} from './scenario/load.js';
export {
  LATENCY_PROFILES,
  LATENCY_PROFILE_NAMES,
  REALISTIC_TIME_SCALE,
  resolveLatency,
  type LatencyProfileName,
  type NodeLatency,
  type SandboxLatency,
} from './scenario/latency.js';
export { ScenarioBuilder } from './state/scenario-builder.js';
export type * from './state/scenario.js';
export type { RunningArmEmulator } from './arm/start.js';

/** The repository's scenarios folder (next to package.json; this file runs from dist/src/sandbox). */
export const SCENARIOS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../scenarios',
);
export const DEFAULT_SCENARIO_FILE = path.join(SCENARIOS_DIR, 'default.yaml');
