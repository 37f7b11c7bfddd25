import { z } from 'zod';
import { LATENCY_PROFILE_NAMES } from './latency.js';

// The scenario file's shape (YAML, see scenarios/default.yaml and src/sandbox/README.md). Objects are
// strict so a misspelt key is an error, not a silently ignored setting; Kubernetes manifests are loose
// because they are applied as written.

const guid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'expected a GUID');
const armId = z.string().regex(/^\/subscriptions\/[^/]+\/.+/, 'expected a full ARM resource id');
const positiveInt = z.number().int().positive();
const millis = z.number().int().min(0);
const dnsName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'expected a lowercase DNS name (RFC 1123)')
  .max(253);

const pool = z.strictObject({
  name: z.string().min(1),
  osType: z.enum(['Linux', 'Windows']),
  osSKU: z.enum(['Ubuntu', 'AzureLinux', 'Windows2019', 'Windows2022', 'Windows2025']).optional(),
  mode: z.enum(['System', 'User']).optional(),
  vmSize: z.string().min(1).optional(),
  count: z.number().int().min(0).max(1000).optional(),
  orchestratorVersion: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/, 'expected major.minor.patch')
    .optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
  vmssUserAssignedIdentities: z.array(armId).optional(),
  vmssSystemAssignedPrincipalId: z.union([guid, z.literal(true)]).optional(),
});

export const manifestSchema = z.looseObject({
  apiVersion: z.string().min(1),
  kind: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'expected a Kubernetes kind (e.g. Deployment)'),
  metadata: z.looseObject({ name: dnsName, namespace: dnsName.optional() }),
});

const cluster = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9][-_a-zA-Z0-9]{0,62}$/, 'expected an AKS cluster name'),
  kubernetesVersion: z.string().regex(/^\d+\.\d+\.\d+$/, 'expected major.minor.patch'),
  nodeResourceGroup: z.string().min(1).optional(),
  aadEnabled: z.boolean().optional(),
  restrictionLevel: z.enum(['Unrestricted', 'ReadOnly']).optional(),
  privateCluster: z.boolean().optional(),
  pools: z.array(pool).min(1),
  networkPlugin: z.enum(['azure', 'kubenet', 'none']).optional(),
  networkPluginMode: z.literal('overlay').optional(),
  kubernetes: z.strictObject({ objects: z.array(manifestSchema).optional() }).optional(),
  /** Switch "busy cluster" (state/scenario.ts ClusterSpec.busy). */
  busy: z
    .strictObject({
      forSeconds: z.number().positive(),
      from: z.enum(['start', 'firstWrite']).optional(),
    })
    .optional(),
  /** Switch: new pools end Failed with this provisioning error. */
  failNewPools: z
    .union([
      z.enum(['quota', 'allocation']),
      z.strictObject({ code: z.string().min(1), message: z.string().min(1) }),
    ])
    .optional(),
});

const secretPermission = z.enum([
  'get',
  'list',
  'set',
  'delete',
  'backup',
  'restore',
  'recover',
  'purge',
  'all',
]);

const vault = z.strictObject({
  name: z.string().regex(/^[a-zA-Z][-a-zA-Z0-9]{2,23}$/, 'expected a Key Vault name (3-24 chars)'),
  enableRbacAuthorization: z.boolean().optional(),
  accessPolicies: z
    .array(
      z.strictObject({
        objectId: guid,
        tenantId: guid.optional(),
        permissions: z.strictObject({
          secrets: z.array(secretPermission).optional(),
          keys: z.array(z.string()).optional(),
          certificates: z.array(z.string()).optional(),
        }),
      }),
    )
    .optional(),
  secrets: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[-a-zA-Z0-9]{1,127}$/, 'expected a secret name'),
        versions: z
          .array(
            z.strictObject({
              value: z.string(),
              version: z
                .string()
                .regex(/^[0-9a-f]{32}$/, 'expected 32 hex characters')
                .optional(),
              enabled: z.boolean().optional(),
              contentType: z.string().optional(),
            }),
          )
          .min(1),
      }),
    )
    .optional(),
});

const resourceGroup = z.strictObject({
  name: z.string().min(1),
  location: z.string().min(1).optional(),
  clusters: z.array(cluster).optional(),
  identities: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        principalId: guid.optional(),
        clientId: guid.optional(),
      }),
    )
    .optional(),
  vaults: z.array(vault).optional(),
  virtualNetworks: z
    .array(
      z.strictObject({
        name: z
          .string()
          .regex(/^[a-zA-Z0-9][-_.a-zA-Z0-9]{0,62}$/, 'expected a virtual network name'),
        subnets: z
          .array(
            z.strictObject({
              name: z.string().regex(/^[a-zA-Z0-9][-_.a-zA-Z0-9]{0,79}$/, 'expected a subnet name'),
              addressPrefix: z
                .string()
                .regex(
                  /^\d{1,3}(\.\d{1,3}){3}\/([0-9]|[12][0-9]|3[0-2])$/,
                  'expected an IPv4 CIDR',
                ),
              otherIpConfigurations: z.number().int().min(0).optional(),
            }),
          )
          .min(1),
      }),
    )
    .optional(),
});

const image = z.strictObject({
  repository: z.string().regex(/^[a-z0-9]+([._/-][a-z0-9]+)*$/, 'expected a repository path'),
  tag: z.string().regex(/^[\w][\w.-]{0,127}$/, 'expected an image tag'),
  indexFormat: z.enum(['oci', 'docker']).optional(),
  variants: z
    .array(
      z.strictObject({
        os: z.enum(['windows', 'linux']),
        osVersion: z
          .string()
          .regex(/^10\.0\.\d+(\.\d+)?$/, 'expected a Windows build like 10.0.17763.6414')
          .optional(),
        architecture: z.string().optional(),
        sizeBytes: positiveInt,
      }),
    )
    .min(1),
});

const latencyOverrides = {
  requestMs: millis.optional(),
  operationMs: z.record(z.string(), millis).optional(),
  poolProvisioningMs: millis.optional(),
  poolDeletionMs: millis.optional(),
  lroRetryAfterSeconds: z.number().int().min(0).optional(),
  imagePullBytesPerSecond: positiveInt.optional(),
  containerStartMs: millis.optional(),
  gracePeriodScale: z.number().min(0).optional(),
  backoffScale: z.number().min(0).optional(),
};

const fault = z.strictObject({
  operationId: z.string().min(1),
  kind: z.enum(['latency', 'throttle', 'serverError', 'conflict', 'lroFailed', 'forbidden']),
  count: positiveInt.optional(),
  delayMs: millis.optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
  status: z.union([z.literal(500), z.literal(503)]).optional(),
  code: z.string().optional(),
  message: z.string().optional(),
});

export const scenarioFileSchema = z.strictObject({
  /** Free text shown by `npm run sandbox`. */
  description: z.string().optional(),
  tenantId: guid.optional(),
  /** winshift's own principal: WINSHIFT_SANDBOX_TOKEN is `sandbox:<principalId>`. */
  winshift: z.strictObject({ principalId: guid }).optional(),
  latency: z
    .union([
      z.enum(LATENCY_PROFILE_NAMES),
      z.strictObject({ profile: z.enum(LATENCY_PROFILE_NAMES).optional(), ...latencyOverrides }),
    ])
    .optional(),
  subscriptions: z
    .array(
      z.strictObject({
        id: guid,
        /** Switch: left out of WINSHIFT_SUBSCRIPTIONS (a shared subscription winshift does not manage). */
        outsideWinshift: z.boolean().optional(),
        resourceGroups: z.array(resourceGroup),
        /** location -> usage name -> vCPU limit (state/compute-capacity.ts has the defaults). */
        quotas: z.record(z.string(), z.record(z.string(), z.number().int().min(0))).optional(),
      }),
    )
    .min(1),
  /** Management groups (the scopes of inherited role assignments): name, parent, subscriptions. */
  managementGroups: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[-\w.()]{1,90}$/, 'expected a management group id'),
        parent: z.string().min(1).optional(),
        subscriptions: z.array(guid).optional(),
      }),
    )
    .optional(),
  roleAssignments: z
    .array(
      z.strictObject({
        scope: z.string().startsWith('/', 'expected a full ARM scope starting with /'),
        roleDefinitionId: z.string().min(1),
        principalId: guid,
        principalType: z.enum(['ServicePrincipal', 'User', 'Group']).optional(),
        name: guid.optional(),
      }),
    )
    .optional(),
  registries: z
    .array(
      z.strictObject({
        host: z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'expected a registry host name'),
        auth: z.enum(['anonymous', 'acr', 'token']),
        /** The ACR's ARM id (Registries_List / Registries_Get serve it); acr registries only. */
        resourceId: armId.optional(),
        /** Switch: `AbacRepositoryPermissions` pulls need an ABAC role (Repository Reader). */
        roleAssignmentMode: z
          .enum(['LegacyRegistryPermissions', 'AbacRepositoryPermissions'])
          .optional(),
        /** Switch: `disabled` refuses ARM-audience Entra tokens at the token exchange. */
        azureADAuthenticationAsArmPolicy: z.enum(['enabled', 'disabled']).optional(),
        /** Switch "a registry realm on another host" (state/scenario.ts RegistrySpec.realmHost). */
        realmHost: z
          .string()
          .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'expected a realm host name')
          .optional(),
        images: z.array(image),
      }),
    )
    .optional(),
  faults: z.array(fault).optional(),
  clusterPageSize: positiveInt.optional(),
  /** Switch: AKS errors in ARM's `{ error: {...} }` shape (default: AKS's own, unwrapped). */
  aksErrorsWrapped: z.boolean().optional(),
  /** Versions AKS no longer offers for new pools (adversarial; off in scenarios/default.yaml). */
  withdrawnKubernetesVersions: z
    .array(z.string().regex(/^\d+\.\d+\.\d+$/, 'expected major.minor.patch'))
    .optional(),
});

export type ScenarioFile = z.infer<typeof scenarioFileSchema>;
