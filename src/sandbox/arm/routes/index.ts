import type { Route } from '../router.js';
import { agentPoolRoutes } from './agent-pools.js';
import { authorizationRoutes } from './authorization.js';
import { capacityRoutes } from './capacity.js';
import { computeRoutes } from './compute.js';
import { containerRegistryRoutes } from './container-registry.js';
import { keyVaultManagementRoutes } from './keyvault-mgmt.js';
import { managedClusterRoutes } from './managed-clusters.js';
import { msiRoutes } from './msi.js';

/** Every ARM operation the emulator serves on management.azure.com (role assignments last: `{scope}`). */
export const armRoutes: readonly Route[] = [
  ...managedClusterRoutes,
  ...agentPoolRoutes,
  ...computeRoutes,
  ...capacityRoutes,
  ...msiRoutes,
  ...keyVaultManagementRoutes,
  ...containerRegistryRoutes,
  ...authorizationRoutes,
];
