import type { EntraIssuer } from '../entra/issuer.js';
import type { PoolHooks } from '../state/pool-hooks.js';
import type { ControlPlaneSpec, LatencyProfile } from '../state/scenario.js';
import type { RegistryContent } from '../state/images.js';
import type { World } from '../state/world.js';
import type { FaultBook } from './faults.js';
import type { AsyncOperations } from './lro.js';
import type { OperationLog } from './operation-log.js';

export const ARM_BASE_URL = 'https://management.azure.com';

/** Everything route handlers share. */
export interface EmulatorContext {
  readonly world: World;
  readonly registries: ReadonlyMap<string, RegistryContent>;
  readonly faults: FaultBook;
  readonly operations: OperationLog;
  readonly lro: AsyncOperations;
  readonly hooks: PoolHooks;
  /** The scenario tenant's token issuer (login.microsoftonline.com, the admin API's tokens). */
  readonly entra: EntraIssuer;
  latency: Required<Omit<LatencyProfile, 'operationMs'>> & Pick<LatencyProfile, 'operationMs'>;
  readonly clusterPageSize: number;
  /** Control plane for clusters that name none (set at run time, e.g. when it finishes starting). */
  defaultControlPlane?: ControlPlaneSpec | undefined;
  /** The scenario switch: AKS's errors in ARM's `{ error }` envelope (aks-errors.ts). */
  readonly aksErrorsWrapped: boolean;
}
