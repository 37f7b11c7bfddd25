/**
 * In-memory ARM and Key Vault for activity tests: agent pools (a PUT shows up as Creating, a DELETE
 * as Deleting), pool VMSSs with their identities, role assignments and vaults. Every write is logged.
 */
import { WinshiftError } from '../../../../src/domain/errors.js';
import type { AgentPoolSpec } from '../../../../src/domain/pool-spec.js';
import type {
  AgentPool,
  AksPort,
  AuthorizationPort,
  ClusterFacts,
  ComputePort,
  IdentityPort,
  KeyVaultPort,
  PoolVmss,
  RoleAssignment,
  UserAssignedIdentity,
  VaultAccess,
} from '../../../../src/ports/azure.js';
import type { Write } from './fake-kube.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class FakeArm
  implements AksPort, ComputePort, AuthorizationPort, IdentityPort, KeyVaultPort
{
  readonly pools = new Map<string, Mutable<AgentPool>>();
  readonly vmss = new Map<string, Mutable<PoolVmss>>();
  readonly assignments: RoleAssignment[] = [];
  readonly vaults = new Map<string, Mutable<VaultAccess>>();
  readonly secrets = new Set<string>();
  readonly identities = new Map<string, UserAssignedIdentity>();
  readonly writes: Write[] = [];
  private nextPrincipal = 1;

  writesOf(op: string): Write[] {
    return this.writes.filter((w) => w.op === op);
  }

  addPool(name: string, spec: AgentPoolSpec, provisioningState = 'Succeeded'): void {
    this.pools.set(name, { name, provisioningState, spec });
  }

  addVmss(pool: string, vmss: Partial<PoolVmss> = {}): void {
    this.vmss.set(pool, {
      resourceId: `/subscriptions/sub1/resourceGroups/MC_rg/providers/Microsoft.Compute/virtualMachineScaleSets/aks-${pool}-vmss`,
      userAssignedIdentityIds: [],
      ...vmss,
    });
  }

  // AksPort
  getCluster(clusterResourceId: string): Promise<ClusterFacts> {
    return Promise.reject(new WinshiftError('NOT_FOUND', clusterResourceId));
  }
  async *listClusters(): AsyncIterable<ClusterFacts> {
    // Not used by the activities.
  }
  getPool(_cluster: string, poolName: string): Promise<AgentPool | undefined> {
    const pool = this.pools.get(poolName);
    return Promise.resolve(pool && structuredClone(pool));
  }
  beginCreatePool(_cluster: string, poolName: string, spec: AgentPoolSpec): Promise<void> {
    this.writes.push({ op: 'createPool', target: poolName, body: spec });
    this.pools.set(poolName, { name: poolName, provisioningState: 'Creating', spec });
    return Promise.resolve();
  }
  beginDeletePool(_cluster: string, poolName: string): Promise<void> {
    this.writes.push({ op: 'deletePool', target: poolName });
    const pool = this.pools.get(poolName);
    if (pool) pool.provisioningState = 'Deleting';
    return Promise.resolve();
  }
  getUserKubeconfig(): Promise<string> {
    return Promise.resolve('apiVersion: v1\nkind: Config\n');
  }

  // ComputePort
  findPoolVmss(_sub: string, _rg: string, poolName: string): Promise<PoolVmss | undefined> {
    const v = this.vmss.get(poolName);
    return Promise.resolve(v && structuredClone(v));
  }
  addUserAssignedIdentities(vmssResourceId: string, identityIds: readonly string[]): Promise<void> {
    this.writes.push({
      op: 'addUserAssignedIdentities',
      target: vmssResourceId,
      body: identityIds,
    });
    const v = [...this.vmss.values()].find((x) => x.resourceId === vmssResourceId);
    if (!v) return Promise.reject(new WinshiftError('NOT_FOUND', vmssResourceId));
    v.userAssignedIdentityIds = [...new Set([...v.userAssignedIdentityIds, ...identityIds])];
    return Promise.resolve();
  }
  enableSystemAssignedIdentity(vmssResourceId: string): Promise<string> {
    const v = [...this.vmss.values()].find((x) => x.resourceId === vmssResourceId);
    if (!v) return Promise.reject(new WinshiftError('NOT_FOUND', vmssResourceId));
    if (v.systemAssignedPrincipalId === undefined) {
      this.writes.push({ op: 'enableSystemAssignedIdentity', target: vmssResourceId });
      v.systemAssignedPrincipalId = `principal-${this.nextPrincipal++}`;
    }
    return Promise.resolve(v.systemAssignedPrincipalId);
  }

  // AuthorizationPort
  listForPrincipal(_sub: string, principalId: string): Promise<readonly RoleAssignment[]> {
    return Promise.resolve(this.assignments.filter((a) => a.principalId === principalId));
  }
  ensureAssignment(a: Omit<RoleAssignment, 'id'>): Promise<RoleAssignment> {
    this.writes.push({ op: 'ensureAssignment', target: a.scope, body: a });
    const assignment = { id: `ra-${this.assignments.length + 1}`, ...a };
    this.assignments.push(assignment);
    return Promise.resolve(assignment);
  }

  // IdentityPort
  getUserAssignedIdentity(resourceId: string): Promise<UserAssignedIdentity> {
    const identity = this.identities.get(resourceId);
    return identity
      ? Promise.resolve(identity)
      : Promise.reject(new WinshiftError('NOT_FOUND', resourceId));
  }

  // KeyVaultPort
  findVault(vaultName: string): Promise<VaultAccess | undefined> {
    const vault = this.vaults.get(vaultName);
    return Promise.resolve(vault && structuredClone(vault));
  }
  addSecretPermissions(
    vaultResourceId: string,
    objectId: string,
    permissions: readonly string[],
  ): Promise<void> {
    this.writes.push({
      op: 'addSecretPermissions',
      target: vaultResourceId,
      body: { objectId, permissions },
    });
    const vault = [...this.vaults.values()].find((v) => v.resourceId === vaultResourceId);
    if (!vault) return Promise.reject(new WinshiftError('NOT_FOUND', vaultResourceId));
    vault.accessPolicies = [...vault.accessPolicies, { objectId, secretPermissions: permissions }];
    return Promise.resolve();
  }
  secretExists(secretUri: string): Promise<boolean> {
    return Promise.resolve(this.secrets.has(secretUri));
  }
}
