/**
 * What winshift needs from Azure Resource Manager and Key Vault, in its own terms. Adapters over the
 * real SDKs implement these (src/adapters); activity tests use typed fakes. Every method throws
 * `WinshiftError` with a code (429/5xx/timeouts -> TRANSIENT, 404 -> NOT_FOUND, 403 -> FORBIDDEN).
 */
import type { AgentPoolSpec } from '../domain/pool-spec.js';
import type {
  AgentPool,
  ClusterFacts,
  PoolSummary,
  PoolVmss,
  RoleAssignment,
  UserAssignedIdentity,
  VaultAccess,
} from '../domain/azure-facts.js';

export type {
  AgentPool,
  ClusterFacts,
  PoolSummary,
  PoolVmss,
  RoleAssignment,
  UserAssignedIdentity,
  VaultAccess,
};

export interface ListClustersOptions {
  /**
   * Awaited before each page request (the first and every `nextLink`), so a caller can pace ARM:
   * the fleet scan's rate limiter takes a token here and counts the requests.
   */
  readonly beforePageRequest?: () => Promise<void>;
}

export interface AksPort {
  getCluster(clusterResourceId: string): Promise<ClusterFacts>;
  /** Every cluster of a subscription (paged by the adapter; one list call per page). */
  listClusters(subscriptionId: string, options?: ListClustersOptions): AsyncIterable<ClusterFacts>;
  /** undefined when the pool does not exist. */
  getPool(clusterResourceId: string, poolName: string): Promise<AgentPool | undefined>;
  /** Starts the PUT and returns once ARM accepted it; the workflow polls `getPool` with durable timers. */
  beginCreatePool(clusterResourceId: string, poolName: string, spec: AgentPoolSpec): Promise<void>;
  /** Starts the DELETE; resolves when accepted (or already gone). */
  beginDeletePool(clusterResourceId: string, poolName: string): Promise<void>;
  /** The cluster-user kubeconfig (YAML text). */
  getUserKubeconfig(clusterResourceId: string): Promise<string>;
}

export interface ComputePort {
  findPoolVmss(
    subscriptionId: string,
    nodeResourceGroup: string,
    poolName: string,
  ): Promise<PoolVmss | undefined>;
  /** Adds identities to the VMSS (PATCH, keeping the ones it has). Idempotent. */
  addUserAssignedIdentities(vmssResourceId: string, identityIds: readonly string[]): Promise<void>;
  /**
   * Turns on the VMSS's system-assigned identity (PATCH `identity.type` adding `SystemAssigned`,
   * keeping its user-assigned ones) and returns its principal id; an existing one is returned as is.
   * A new pool's VMSS has none, so a system-assigned identity of the old pool cannot be copied
   * without it.
   */
  enableSystemAssignedIdentity(vmssResourceId: string): Promise<string>;
}

export interface AuthorizationPort {
  /** Role assignments of a principal anywhere in the subscription. */
  listForPrincipal(subscriptionId: string, principalId: string): Promise<readonly RoleAssignment[]>;
  /** Creates an assignment; an existing identical one counts as done. */
  ensureAssignment(
    assignment: Omit<RoleAssignment, 'id'> & { readonly principalType?: string },
  ): Promise<RoleAssignment>;
}

export interface IdentityPort {
  getUserAssignedIdentity(resourceId: string): Promise<UserAssignedIdentity>;
}

export interface KeyVaultPort {
  /** The vault a secret URI points at (found by name in the allowed subscriptions). */
  findVault(vaultName: string): Promise<VaultAccess | undefined>;
  /** Adds secret permissions for an object id (access policy `add`). Idempotent. */
  addSecretPermissions(
    vaultResourceId: string,
    objectId: string,
    permissions: readonly string[],
  ): Promise<void>;
  /** Whether the secret exists, from its properties only: the value is never read. */
  secretExists(secretUri: string): Promise<boolean>;
}
