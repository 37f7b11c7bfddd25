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
} from './scenario.js';

interface MutableGroup {
  name: string;
  location?: string;
  clusters: ClusterSpec[];
  identities: IdentitySpec[];
  vaults: VaultSpec[];
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

  constructor(readonly subscriptionId = '00000000-0000-0000-0000-000000000001') {}

  #group(resourceGroup: string, subscriptionId: string): MutableGroup {
    let groups = this.#subscriptions.get(subscriptionId);
    if (!groups) {
      groups = new Map();
      this.#subscriptions.set(subscriptionId, groups);
    }
    let group = groups.get(resourceGroup);
    if (!group) {
      group = { name: resourceGroup, clusters: [], identities: [], vaults: [] };
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

  build(): Scenario {
    return {
      ...(this.#tenantId ? { tenantId: this.#tenantId } : {}),
      ...(this.#clusterPageSize ? { clusterPageSize: this.#clusterPageSize } : {}),
      ...(this.#managementGroups.length > 0
        ? { managementGroups: [...this.#managementGroups] }
        : {}),
      subscriptions: [...this.#subscriptions.entries()].map(([id, groups]) => ({
        id,
        resourceGroups: [...groups.values()].map((group) => ({ ...group })),
      })),
      roleAssignments: [...this.#roleAssignments],
      registries: [...this.#registries],
      faults: [...this.#faults],
      latency: { ...this.#latency },
    };
  }
}
