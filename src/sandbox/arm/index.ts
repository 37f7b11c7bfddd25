// Public API of the ARM + Key Vault + registry emulator.
export {
  startArmEmulator,
  ARM_HOST,
  type ArmEmulatorOptions,
  type RunningArmEmulator,
} from './start.js';
export { ADMIN_PREFIX } from './admin.js';
export { ACCEPTED_API_VERSIONS } from './api-versions.js';
export type { ArmedFault } from './faults.js';
export type { OperationRecord } from './operation-log.js';
export type * from '../state/scenario.js';
export { ScenarioBuilder } from '../state/scenario-builder.js';
export {
  createRecordingPoolHooks,
  noPoolHooks,
  type PoolHookEvent,
  type PoolHooks,
  type PoolNodesSpec,
} from '../state/pool-hooks.js';
export { createImageLookup, type ImageLookup, type ImageVariant } from '../state/images.js';
