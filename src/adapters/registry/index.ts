// RegistryPort over the distribution API (anonymous, ACR Entra exchange, anonymous Bearer tokens).
export {
  createRegistryAdapter,
  locate,
  type RegistryAdapterOptions,
  type RegistryLocation,
} from './registry.js';
export {
  MANIFEST_ACCEPT,
  MEDIA_TYPES,
  parseManifest,
  variantOf,
  variantsOfIndex,
} from './manifest.js';
export { isAcrHost, parseBearerChallenge, type BearerChallenge } from './challenge.js';
export { createRegistryAgent, type RegistryConnectionOptions } from './connection.js';
export { addressProblem } from './addresses.js';
export { REGISTRY_LIMITS } from './http.js';
