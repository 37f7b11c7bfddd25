/**
 * The scenario: the emulated Azure world as plain data. A YAML file or a test builder produces one;
 * the emulator copies it into mutable state at start. Every field not marked required has a default
 * (see world.ts), so small scenarios stay small.
 */
export interface Scenario {
  /** Entra tenant of everything (default a fixed GUID). */
  readonly tenantId?: string;
  readonly subscriptions: readonly SubscriptionSpec[];
  /** Role assignments anywhere in the world (scope is a full ARM id). */
  readonly roleAssignments?: readonly RoleAssignmentSpec[];
  /** Container registries, by host name. */
  readonly registries?: readonly RegistrySpec[];
  readonly latency?: LatencyProfile;
  /** Faults armed at start (more can be added at run time, see FaultSpec). */
  readonly faults?: readonly FaultSpec[];
  /** Page size of managed cluster lists (default 100), so a fleet of thousands pages via nextLink. */
  readonly clusterPageSize?: number;
  /**
   * Switch: the AKS resource provider's errors in ARM's common shape, `{ error: { code, message } }`
   * (what the spec declares). Off (default): `{ code, message, subcode, details }` at the top level,
   * as AKS really answers (src/sandbox/arm/aks-errors.ts has the evidence).
   */
  readonly aksErrorsWrapped?: boolean;
  /**
   * Kubernetes versions AKS no longer offers (adversarial, off by default): left out of the region's
   * list and every cluster's availableAgentPoolVersions, and refused in a pool PUT.
   */
  readonly withdrawnKubernetesVersions?: readonly string[];
  /** Management groups: role assignments at their scope apply to their subscriptions (and below). */
  readonly managementGroups?: readonly ManagementGroupSpec[];
}

export interface ManagementGroupSpec {
  /** The group's id (`/providers/Microsoft.Management/managementGroups/<name>`). */
  readonly name: string;
  /** The parent group's name (default: the tenant root group). */
  readonly parent?: string;
  readonly subscriptions?: readonly string[];
}

export interface SubscriptionSpec {
  /** Subscription GUID. */
  readonly id: string;
  /** Left out of the sandbox's WINSHIFT_SUBSCRIPTIONS (a shared subscription winshift does not manage). */
  readonly outsideWinshift?: boolean;
  readonly resourceGroups: readonly ResourceGroupSpec[];
  /**
   * vCPU quota limits by location and usage name (`cores`, `lowPriorityCores`, `standardDSv5Family`,
   * ...), replacing the sandbox's generous defaults (state/compute-capacity.ts). Adversarial when set
   * below what the scenario runs plus a new pool.
   */
  readonly quotas?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export interface ResourceGroupSpec {
  readonly name: string;
  /** Default `eastus`. */
  readonly location?: string;
  readonly clusters?: readonly ClusterSpec[];
  readonly identities?: readonly IdentitySpec[];
  readonly vaults?: readonly VaultSpec[];
  readonly virtualNetworks?: readonly VirtualNetworkSpec[];
}

/** A virtual network whose subnets pools name in `vnetSubnetID` / `podSubnetID`. */
export interface VirtualNetworkSpec {
  readonly name: string;
  readonly subnets: readonly SubnetSpec[];
}

export interface SubnetSpec {
  readonly name: string;
  /** IPv4 CIDR, e.g. `10.224.0.0/22`. */
  readonly addressPrefix: string;
  /**
   * Addresses other resources take (private endpoints, internal load balancers): served as that many
   * more `ipConfigurations`. Adversarial when it fills the subnet (default 0).
   */
  readonly otherIpConfigurations?: number;
}

export interface ClusterSpec {
  readonly name: string;
  /** e.g. `1.31.5`. */
  readonly kubernetesVersion: string;
  /** Default `MC_<rg>_<name>_<location>`, as AKS names it. */
  readonly nodeResourceGroup?: string;
  /** Entra ID integration (the kubeconfig user is then a kubelogin `exec`). */
  readonly aadEnabled?: boolean;
  /** `nodeResourceGroupProfile.restrictionLevel` (default `Unrestricted`). */
  readonly restrictionLevel?: 'Unrestricted' | 'ReadOnly';
  /** Private API server (`apiServerAccessProfile.enablePrivateCluster`). */
  readonly privateCluster?: boolean;
  /** `networkProfile.networkPlugin` (default `azure`) and `networkPluginMode` (`overlay`). */
  readonly networkPlugin?: 'azure' | 'kubenet' | 'none';
  readonly networkPluginMode?: 'overlay';
  readonly pools: readonly PoolSpec[];
  /** The control plane listClusterUserCredentials points at; absent for ARM-only clusters. */
  readonly controlPlane?: ControlPlaneSpec;
  /**
   * A real Kubernetes control plane with simulated nodes behind this cluster (startSandbox), and the
   * objects applied to it at start. Clusters without it are ARM-only (fleet scans).
   */
  readonly kubernetes?: ClusterKubernetesSpec;
  /**
   * Switch "busy cluster": an operation of AKS's own (an add-on update, say) runs on the cluster for
   * `forSeconds`, from the sandbox's start or from the first pool write (which it refuses), and every
   * pool PUT/DELETE meanwhile answers 409 OperationNotAllowed. Off: only winshift's own operations
   * make the cluster busy.
   */
  readonly busy?: ClusterBusySpec;
  /**
   * Switch: every pool created from now on ends Failed with this provisioning error (AKS keeps it
   * in the pool's `properties.status.provisioningError` and the operation's status): `quota`,
   * `allocation`, or a code and message of one's own. Off: new pools succeed.
   */
  readonly failNewPools?: NewPoolFailureSpec;
}

export interface ClusterBusySpec {
  readonly forSeconds: number;
  /** Default `start`. */
  readonly from?: 'start' | 'firstWrite';
}

export type NewPoolFailureSpec =
  'quota' | 'allocation' | { readonly code: string; readonly message: string };

/** A plain Kubernetes manifest (`apiVersion`, `kind`, `metadata.name`, ...), applied as written. */
export type KubernetesManifest = Readonly<Record<string, unknown>> & {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: Readonly<Record<string, unknown>> & {
    readonly name: string;
    readonly namespace?: string;
  };
};

export interface ClusterKubernetesSpec {
  /** Applied in dependency order (CRDs, namespaces, cluster-scoped, then the rest). */
  readonly objects?: readonly KubernetesManifest[];
}

/** A Kubernetes API server reachable by the client: what goes into the kubeconfig. */
export interface ControlPlaneSpec {
  /** `https://127.0.0.1:6443`. */
  readonly server: string;
  /** PEM of the API server's CA. */
  readonly caPem: string;
  /** Bearer token of the cluster user (local accounts); ignored when the cluster is Entra-enabled. */
  readonly token?: string;
}

export type OsType = 'Linux' | 'Windows';
export type OsSku = 'Ubuntu' | 'AzureLinux' | 'Windows2019' | 'Windows2022' | 'Windows2025';

export interface PoolSpec {
  readonly name: string;
  readonly osType: OsType;
  /** Default `Ubuntu` (Linux) or `Windows2022` (Windows). */
  readonly osSKU?: OsSku;
  /** Default `User` (`System` for the first Linux pool if none is marked). */
  readonly mode?: 'System' | 'User';
  /** Default `Standard_D4s_v5`. */
  readonly vmSize?: string;
  /** Default 3. */
  readonly count?: number;
  /** Default: the cluster's Kubernetes version. */
  readonly orchestratorVersion?: string;
  /** Further AgentPool properties, served verbatim (nodeLabels, nodeTaints, availabilityZones...). */
  readonly properties?: Readonly<Record<string, unknown>>;
  /** ARM ids of user-assigned identities on the pool's VMSS (the gMSA v2 pattern). */
  readonly vmssUserAssignedIdentities?: readonly string[];
  /** Give the VMSS a system-assigned identity (a principal id is generated unless given). */
  readonly vmssSystemAssignedPrincipalId?: string | true;
}

export interface IdentitySpec {
  readonly name: string;
  /** Generated (deterministically from the name) unless given. */
  readonly principalId?: string;
  readonly clientId?: string;
}

export interface RoleAssignmentSpec {
  /** Full ARM id of the scope, e.g. `/subscriptions/<id>/resourceGroups/<rg>`. */
  readonly scope: string;
  /** Full id or bare GUID of the role definition. */
  readonly roleDefinitionId: string;
  readonly principalId: string;
  readonly principalType?: 'ServicePrincipal' | 'User' | 'Group';
  /** Assignment GUID (generated unless given). */
  readonly name?: string;
}

export type SecretPermission =
  'get' | 'list' | 'set' | 'delete' | 'backup' | 'restore' | 'recover' | 'purge' | 'all';

export interface AccessPolicySpec {
  readonly objectId: string;
  readonly tenantId?: string;
  readonly permissions: {
    readonly secrets?: readonly SecretPermission[];
    readonly keys?: readonly string[];
    readonly certificates?: readonly string[];
  };
}

export interface VaultSpec {
  /** The vault name (host `<name>.vault.azure.net`). */
  readonly name: string;
  readonly enableRbacAuthorization?: boolean;
  readonly accessPolicies?: readonly AccessPolicySpec[];
  readonly secrets?: readonly SecretSpec[];
}

export interface SecretSpec {
  readonly name: string;
  /** Oldest first; the last one is the current version. */
  readonly versions: readonly SecretVersionSpec[];
}

export interface SecretVersionSpec {
  readonly value: string;
  /** 32 hex chars; generated unless given. */
  readonly version?: string;
  readonly enabled?: boolean;
  readonly contentType?: string;
}

export interface RegistrySpec {
  /** `mcr.microsoft.com`, `contoso.azurecr.io`. */
  readonly host: string;
  /**
   * `anonymous` pulls freely; `acr` requires the Entra -> ACR token exchange; `token` answers 401 with
   * a Bearer challenge whose realm hands out anonymous pull tokens (Docker Hub's way: registry
   * `registry-1.docker.io`, realm `https://auth.docker.io/token`; distribution/distribution
   * docs/spec/auth/token.md).
   */
  readonly auth: 'anonymous' | 'acr' | 'token';
  /** The ACR's ARM id: Registries_List / Registries_Get serve it (acr registries only). */
  readonly resourceId?: string;
  /**
   * `properties.roleAssignmentMode` (default `LegacyRegistryPermissions`). In
   * `AbacRepositoryPermissions` mode a pull needs an ABAC role's data action (Container Registry
   * Repository Reader/Writer/Contributor); AcrPull, Owner and Contributor grant none.
   */
  readonly roleAssignmentMode?: 'LegacyRegistryPermissions' | 'AbacRepositoryPermissions';
  /** `properties.policies.azureADAuthenticationAsArmPolicy.status` (default `enabled`). */
  readonly azureADAuthenticationAsArmPolicy?: 'enabled' | 'disabled';
  /**
   * Adversarial switch "a registry realm on another host" (off when absent): the 401 challenge names
   * a realm on this host instead of the registry's own (`acr`: `https://<realmHost>/oauth2/token`;
   * `token`: `https://<realmHost>/token`), and the sandbox serves that token endpoint there, recording
   * whatever reaches it. A realm under the registry's domain (auth.docker.io for
   * registry-1.docker.io) is what Docker Hub really does; one elsewhere is what winshift refuses.
   */
  readonly realmHost?: string;
  readonly images: readonly ImageSpec[];
}

export interface ImageSpec {
  /** `windows/servercore/iis` (no host). */
  readonly repository: string;
  readonly tag: string;
  /** One variant: a single-platform manifest; several: an image index. */
  readonly variants: readonly ImageVariantSpec[];
  /** Media type of the index: `oci` (default) or `docker` (a manifest list, as MCR serves Windows images). */
  readonly indexFormat?: 'oci' | 'docker';
}

export interface ImageVariantSpec {
  readonly os: 'windows' | 'linux';
  /** Windows: full build, e.g. `10.0.17763.6189`. */
  readonly osVersion?: string;
  /** Default `amd64`. */
  readonly architecture?: string;
  readonly sizeBytes: number;
}

/** Durations of emulated work. All default small so tests stay fast. */
export interface LatencyProfile {
  /** Added to every ARM/data-plane response (default 0). */
  readonly requestMs?: number;
  /** Per operation id, replacing requestMs. */
  readonly operationMs?: Readonly<Record<string, number>>;
  /** Agent pool create/update until Succeeded (default 50). */
  readonly poolProvisioningMs?: number;
  /** Agent pool delete until gone (default 50). */
  readonly poolDeletionMs?: number;
  /** `Retry-After` seconds on LRO responses (default 1, as AKS; tests use 0). */
  readonly lroRetryAfterSeconds?: number;
}

export type FaultKind =
  'latency' | 'throttle' | 'serverError' | 'conflict' | 'lroFailed' | 'forbidden';

/**
 * A fault armed for an operation id (`AgentPools_CreateOrUpdate`, `GetSecret`, ...). It applies to
 * the next `count` calls (default: every call until cleared).
 */
export interface FaultSpec {
  readonly operationId: string;
  readonly kind: FaultKind;
  readonly count?: number;
  /** latency: extra delay. */
  readonly delayMs?: number;
  /** throttle: Retry-After seconds (default 1). */
  readonly retryAfterSeconds?: number;
  /** serverError: 500 (default) or 503. */
  readonly status?: 500 | 503;
  /**
   * lroFailed / conflict / serverError / forbidden: error code (defaults QuotaExceeded / Conflict /
   * InternalServerError / AuthorizationFailed).
   */
  readonly code?: string;
  readonly message?: string;
}
