import {
  deterministicGuid,
  deterministicHex32,
  idKey,
  clusterId,
  identityId,
  vaultId,
} from './ids.js';
import type {
  ClusterBusy,
  ClusterState,
  IdentityState,
  RoleAssignmentState,
  SubnetState,
  VaultState,
  VmssState,
} from './model.js';
import { buildPool, buildVmssForPool } from './pools.js';
import { createRoleAssignment } from './role-assignments.js';
import type {
  ClusterBusySpec,
  ClusterSpec,
  ResourceGroupSpec,
  Scenario,
  VaultSpec,
} from './scenario.js';

/** The "busy cluster" switch as state: a window from the world's creation (the start) or later. */
function busyOf(clusterId: string, spec: ClusterBusySpec): ClusterBusy {
  const from = spec.from ?? 'start';
  return {
    forMs: spec.forSeconds * 1000,
    from,
    startedAt: from === 'start' ? Date.now() : undefined,
    operationId: deterministicGuid(`busy:${idKey(clusterId)}`),
  };
}

/** The cluster's scenario switches as state (absent when off). */
function switchesOf(
  clusterId: string,
  spec: ClusterSpec,
): Pick<ClusterState, 'busy' | 'failNewPools'> {
  return {
    ...(spec.busy ? { busy: busyOf(clusterId, spec.busy) } : {}),
    ...(spec.failNewPools ? { failNewPools: spec.failNewPools } : {}),
  };
}

export const DEFAULT_TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const DEFAULT_LOCATION = 'eastus';

/** The emulated Azure world: resources by id (keys from idKey()). */
export class World {
  readonly tenantId: string;
  readonly subscriptions = new Set<string>();
  readonly resourceGroups = new Map<string, { location: string }>();
  readonly clusters = new Map<string, ClusterState>();
  readonly vmss = new Map<string, VmssState>();
  readonly identities = new Map<string, IdentityState>();
  readonly roleAssignments = new Map<string, RoleAssignmentState>();
  readonly vaults = new Map<string, VaultState>();
  /** Keyed by idKey(subnet id). */
  readonly subnets = new Map<string, SubnetState>();
  /** vCPU limits a scenario sets, keyed `<subscription>/<location>` (lowercase), by usage name. */
  readonly quotas = new Map<string, Readonly<Record<string, number>>>();
  /** Kubernetes versions AKS no longer offers (scenario `withdrawnKubernetesVersions`). */
  readonly withdrawnVersions: ReadonlySet<string>;

  /** Management groups by lower-cased name: their parent and their subscriptions (lower case). */
  readonly managementGroups = new Map<string, { parent?: string; subscriptions: Set<string> }>();

  constructor(scenario: Scenario) {
    this.tenantId = scenario.tenantId ?? DEFAULT_TENANT_ID;
    this.withdrawnVersions = new Set(scenario.withdrawnKubernetesVersions ?? []);
    for (const group of scenario.managementGroups ?? []) {
      this.managementGroups.set(group.name.toLowerCase(), {
        ...(group.parent !== undefined ? { parent: group.parent.toLowerCase() } : {}),
        subscriptions: new Set((group.subscriptions ?? []).map((id) => id.toLowerCase())),
      });
    }
    for (const subscription of scenario.subscriptions) {
      this.subscriptions.add(subscription.id.toLowerCase());
      for (const [location, limits] of Object.entries(subscription.quotas ?? {}))
        this.quotas.set(`${subscription.id}/${location}`.toLowerCase(), limits);
      for (const group of subscription.resourceGroups) this.#addGroup(subscription.id, group);
    }
    for (const spec of scenario.roleAssignments ?? []) {
      const assignment = createRoleAssignment(spec);
      this.roleAssignments.set(idKey(assignment.id), assignment);
    }
  }

  #addGroup(subscriptionId: string, group: ResourceGroupSpec): void {
    const location = group.location ?? DEFAULT_LOCATION;
    this.resourceGroups.set(
      idKey(`/subscriptions/${subscriptionId}/resourceGroups/${group.name}`),
      {
        location,
      },
    );
    for (const identity of group.identities ?? []) {
      const id = identityId(subscriptionId, group.name, identity.name);
      this.identities.set(idKey(id), {
        id,
        name: identity.name,
        location,
        principalId: identity.principalId ?? deterministicGuid(`principal:${idKey(id)}`),
        clientId: identity.clientId ?? deterministicGuid(`client:${idKey(id)}`),
        tenantId: this.tenantId,
      });
    }
    for (const vault of group.vaults ?? [])
      this.#addVault(subscriptionId, group.name, location, vault);
    for (const vnet of group.virtualNetworks ?? []) {
      for (const subnet of vnet.subnets) {
        const id = `/subscriptions/${subscriptionId}/resourceGroups/${group.name}/providers/Microsoft.Network/virtualNetworks/${vnet.name}/subnets/${subnet.name}`;
        this.subnets.set(idKey(id), {
          id,
          name: subnet.name,
          subscriptionId,
          resourceGroup: group.name,
          addressPrefix: subnet.addressPrefix,
          otherIpConfigurations: subnet.otherIpConfigurations ?? 0,
        });
      }
    }
    for (const cluster of group.clusters ?? [])
      this.#addCluster(subscriptionId, group.name, location, cluster);
  }

  #addVault(
    subscriptionId: string,
    resourceGroup: string,
    location: string,
    spec: VaultSpec,
  ): void {
    const id = vaultId(subscriptionId, resourceGroup, spec.name);
    const secrets: VaultState['secrets'] = new Map();
    for (const secret of spec.secrets ?? []) {
      const versions = secret.versions.map((version, index) => ({
        version: version.version ?? deterministicHex32(`${id}/${secret.name}/${index}`),
        value: version.value,
        enabled: version.enabled ?? true,
        contentType: version.contentType,
        created: 1_700_000_000 + index * 3600,
      }));
      secrets.set(secret.name.toLowerCase(), { name: secret.name, versions });
    }
    this.vaults.set(idKey(id), {
      id,
      name: spec.name,
      subscriptionId,
      resourceGroup,
      location,
      tenantId: this.tenantId,
      enableRbacAuthorization: spec.enableRbacAuthorization ?? false,
      accessPolicies: (spec.accessPolicies ?? []).map((policy) => ({ ...policy })),
      secrets,
    });
  }

  #addCluster(
    subscriptionId: string,
    resourceGroup: string,
    location: string,
    spec: ClusterSpec,
  ): void {
    const id = clusterId(subscriptionId, resourceGroup, spec.name);
    const cluster: ClusterState = {
      id,
      subscriptionId,
      resourceGroup,
      name: spec.name,
      location,
      kubernetesVersion: spec.kubernetesVersion,
      nodeResourceGroup: spec.nodeResourceGroup ?? `MC_${resourceGroup}_${spec.name}_${location}`,
      aadEnabled: spec.aadEnabled ?? false,
      restrictionLevel: spec.restrictionLevel ?? 'Unrestricted',
      privateCluster: spec.privateCluster ?? false,
      networkPlugin: spec.networkPlugin ?? 'azure',
      networkPluginMode: spec.networkPluginMode,
      controlPlane: spec.controlPlane,
      pools: new Map(),
      ...switchesOf(id, spec),
    };
    this.clusters.set(idKey(id), cluster);
    this.resourceGroups.set(
      idKey(`/subscriptions/${subscriptionId}/resourceGroups/${cluster.nodeResourceGroup}`),
      {
        location,
      },
    );
    const hasSystem = spec.pools.some((pool) => pool.mode === 'System');
    let systemAssigned = hasSystem;
    for (const poolSpec of spec.pools) {
      const mode =
        poolSpec.mode ?? (!systemAssigned && poolSpec.osType === 'Linux' ? 'System' : 'User');
      if (mode === 'System') systemAssigned = true;
      const pool = buildPool(cluster, { ...poolSpec, mode });
      cluster.pools.set(pool.name, pool);
      const vmss = buildVmssForPool(cluster, pool, this.tenantId);
      if (poolSpec.vmssSystemAssignedPrincipalId !== undefined) {
        vmss.systemAssignedPrincipalId =
          poolSpec.vmssSystemAssignedPrincipalId === true
            ? deterministicGuid(`system:${idKey(vmss.id)}`)
            : poolSpec.vmssSystemAssignedPrincipalId;
      }
      for (const identity of poolSpec.vmssUserAssignedIdentities ?? []) {
        vmss.userAssignedIdentities.set(identity, this.identityRef(identity));
      }
      this.vmss.set(idKey(vmss.id), vmss);
    }
  }

  /** principal/client ids of a user-assigned identity (deterministic when it is not in the world). */
  identityRef(identityArmId: string): { principalId: string; clientId: string } {
    const known = this.identities.get(idKey(identityArmId));
    return {
      principalId: known?.principalId ?? deterministicGuid(`principal:${idKey(identityArmId)}`),
      clientId: known?.clientId ?? deterministicGuid(`client:${idKey(identityArmId)}`),
    };
  }

  /** The vault served at `<name>.vault.azure.net`. */
  vaultByName(name: string): VaultState | undefined {
    return [...this.vaults.values()].find(
      (vault) => vault.name.toLowerCase() === name.toLowerCase(),
    );
  }

  /** The VMSS of a pool (tag `aks-managed-poolName` in the node resource group). */
  vmssOfPool(cluster: ClusterState, poolName: string): VmssState | undefined {
    return [...this.vmss.values()].find(
      (vmss) => idKey(vmss.clusterId) === idKey(cluster.id) && vmss.poolName === poolName,
    );
  }
}
