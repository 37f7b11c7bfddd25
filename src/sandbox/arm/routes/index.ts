import type { Route } from '../router.js';
import { agentPoolRoutes } from './agent-pools.js';
import { managedClusterRoutes } from './managed-clusters.js';

/** Every ARM operation the emulator serves on management.azure.com. */
export const armRoutes: readonly Route[] = [...managedClusterRoutes, ...agentPoolRoutes];
