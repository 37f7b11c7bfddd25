import type {
  ClusterSpec,
  FaultSpec,
  IdentitySpec,
  LatencyProfile,
  ManagementGroupSpec,
  RegistrySpec,
  RoleAssignmentSpec,
  Scenario,
  VaultSpec,
  VirtualNetworkSpec,
} from './scenario.js';

interface MutableGroup {
  name: string;
  location?: string;
  clusters: ClusterSpec[];
  identities: IdentitySpec[];
  vaults: VaultSpec[];
  virtualNetworks: VirtualNetworkSpec[];
}

/** Builds a Scenario step by step (tests); groups appear on first use, in one subscription by default. */
export class ScenarioBuilder {
  readonly #subscriptions = new Map<string, Map<string, MutableGroup>>();
  readonly #roleAssignments: RoleAssignmentSpec[] = [];
  readonly #registries: RegistrySpec[] = [];
  readonly #faults: FaultSpec[] = [];
  readonly #managementGroups: ManagementGroupSpec[] = [];
  #latency: LatencyProfile = {
    poolProvisioningMs: 30,
    poolDeletionMs: 30,
    lroRetryAfterSeconds: 0,
  };
  #tenantId: string | undefined;
  #clusterPageSize: number | undefined;
  #aksErrorsWrapped = false;
  readonly #quotas = new Map<string, Record<string, Record<string, number>>>();
  readonly #withdrawn: string[] = [];

  constructor(readonly subscriptionId = '00000000-0000-0000-0000-000000000001') {}

  #group(resourceGroup: string, subscriptionId: string): MutableGroup {
    let groups = this.#subscriptions.get(subscriptionId);
    if (!groups) {
      groups = new Map();
      this.#subscriptions.set(subscriptionId, groups);
    }
    let group = groups.get(resourceGroup);
    if (!group) {
      group = {
        name: resourceGroup,
        clusters: [],
        identities: [],
        vaults: [],
        virtualNetworks: [],
      };
      groups.set(resourceGroup, group);
    }
    return group;
  }

  resourceGroup(name: string, location: string, subscriptionId = this.subscriptionId): this {
    this.#group(name, subscriptionId).location = location;
    return this;
  }

  cluster(resourceGroup: string, spec: ClusterSpec, subscriptionId = this.subscriptionId): this {
    this.#group(resourceGroup, subscriptionId).clusters.push(spec);
    return this;
  }

  identity(resourceGroup: string, spec: IdentitySpec, subscriptionId = this.subscriptionId): this {
    this.#group(resourceGroup, subscriptionId).identities.push(spec);
    return this;
  }

  vault(resourceGroup: string, spec: VaultSpec, subscriptionId = this.subscriptionId): this {
    this.#group(resourceGroup, subscriptionId).vaults.push(spec);
    return this;
  }

  virtualNetwork(
    resourceGroup: string,
    spec: VirtualNetworkSpec,
    subscriptionId = this.subscriptionId,
  ): this {
    this.#group(resourceGroup, subscriptionId).virtualNetworks.push(spec);
    return this;
  }

  /** A vCPU quota limit (`cores`, `standardDSv5Family`, ...) in a location of a subscription. */
  quota(
    location: string,
    usage: string,
    limit: number,
    subscriptionId = this.subscriptionId,
  ): this {
    const limits = this.#quotas.get(subscriptionId) ?? {};
    limits[location] = { ...limits[location], [usage]: limit };
    this.#quotas.set(subscriptionId, limits);
    return this;
  }

  /** Kubernetes versions AKS no longer offers. */
  withdrawKubernetesVersions(...versions: string[]): this {
    this.#withdrawn.push(...versions);
    return this;
  }

  roleAssignment(spec: RoleAssignmentSpec): this {
    this.#roleAssignments.push(spec);
    return this;
  }

  registry(spec: RegistrySpec): this {
    this.#registries.push(spec);
    return this;
  }

  fault(spec: FaultSpec): this {
    this.#faults.push(spec);
    return this;
  }

  /** Merged over the builder's fast defaults (30 ms provisioning, Retry-After 0). */
  latency(profile: LatencyProfile): this {
    this.#latency = { ...this.#latency, ...profile };
    return this;
  }

  tenant(tenantId: string): this {
    this.#tenantId = tenantId;
    return this;
  }

  managementGroup(spec: ManagementGroupSpec): this {
    this.#managementGroups.push(spec);
    return this;
  }

  clusterPageSize(size: number): this {
    this.#clusterPageSize = size;
    return this;
  }

  /** The switch: AKS's errors in ARM's `{ error }` envelope instead of AKS's own unwrapped body. */
  aksErrorsWrapped(wrapped = true): this {
    this.#aksErrorsWrapped = wrapped;
    return this;
  }

  build(): Scenario {
    return {
      ...(this.#tenantId ? { tenantId: this.#tenantId } : {}),
      ...(this.#clusterPageSize ? { clusterPageSize: this.#clusterPageSize } : {}),
      ...(this.#aksErrorsWrapped ? { aksErrorsWrapped: true } : {}),
      ...(this.#withdrawn.length > 0 ? { withdrawnKubernetesVersions: [...this.#withdrawn] } : {}),
      ...(this.#managementGroups.length > 0
        ? { managementGroups: [...this.#managementGroups] }
        : {}),
      subscriptions: [...this.#subscriptions.entries()].map(([id, groups]) => ({
        id,
        resourceGroups: [...groups.values()].map((group) => ({ ...group })),
        ...(this.#quotas.has(id) ? { quotas: this.#quotas.get(id) } : {}),
      })),
      roleAssignments: [...this.#roleAssignments],
      registries: [...this.#registries],
      faults: [...this.#faults],
      latency: { ...this.#latency },
    };
  }
}
