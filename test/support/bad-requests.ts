/** The allowed subscription of the API tests, another one, and a cluster in the first. */
export const SUBSCRIPTION = '11111111-2222-3333-4444-555555555555';
export const OTHER_SUBSCRIPTION = '99999999-2222-3333-4444-555555555555';
export const CLUSTER = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-shop/providers/Microsoft.ContainerService/managedClusters/aks-shop`;

/**
 * Bad POST /api/upgrades requests, each with the answer expected: the status, the field named and a
 * piece of the rule's message. Shared by the unit tests and the HTTP tests through the local host.
 */
export interface BadRequest {
  readonly name: string;
  /** A JSON value, or raw text when `raw` is set. */
  readonly body?: unknown;
  readonly raw?: string;
  readonly status: 400 | 403 | 413;
  readonly path?: string;
  readonly message: string;
}

const valid = { clusterResourceId: CLUSTER, poolName: 'win19' };
const withOptions = (options: Record<string, unknown>): unknown => ({ ...valid, options });
const withCluster = (clusterResourceId: unknown): unknown => ({ ...valid, clusterResourceId });

export const BAD_REQUESTS: readonly BadRequest[] = [
  { name: 'empty body', raw: '', status: 400, path: '', message: 'a JSON body is required' },
  {
    name: 'invalid JSON',
    raw: '{"clusterResourceId": ',
    status: 400,
    path: '',
    message: 'not valid JSON',
  },
  { name: 'a JSON array', body: [valid], status: 400, path: '', message: 'expected object' },
  {
    name: 'a JSON string',
    body: 'upgrade please',
    status: 400,
    path: '',
    message: 'expected object',
  },
  {
    name: 'missing clusterResourceId',
    body: { poolName: 'win19' },
    status: 400,
    path: 'clusterResourceId',
    message: 'expected string',
  },
  {
    name: 'missing poolName',
    body: { clusterResourceId: CLUSTER },
    status: 400,
    path: 'poolName',
    message: 'expected string',
  },
  {
    name: 'clusterResourceId a number',
    body: withCluster(42),
    status: 400,
    path: 'clusterResourceId',
    message: 'expected string',
  },
  {
    name: 'clusterResourceId not a resource id',
    body: withCluster('aks-shop'),
    status: 400,
    path: 'clusterResourceId',
    message: 'AKS cluster resource id',
  },
  {
    name: 'subscription not a GUID',
    body: withCluster(CLUSTER.replace(/subscriptions\/[^/]+/, 'subscriptions/not-a-guid')),
    status: 400,
    path: 'clusterResourceId',
    message: 'AKS cluster resource id',
  },
  {
    name: 'a VM, not a cluster',
    body: withCluster(
      CLUSTER.replace(
        'Microsoft.ContainerService/managedClusters',
        'Microsoft.Compute/virtualMachines',
      ),
    ),
    status: 400,
    path: 'clusterResourceId',
    message: 'AKS cluster resource id',
  },
  {
    name: 'an agent pool id, not a cluster',
    body: withCluster(`${CLUSTER}/agentPools/win19`),
    status: 400,
    path: 'clusterResourceId',
    message: 'AKS cluster resource id',
  },
  {
    name: 'no resource group',
    body: withCluster(CLUSTER.replace('/resourceGroups/rg-shop', '')),
    status: 400,
    path: 'clusterResourceId',
    message: 'AKS cluster resource id',
  },
  {
    name: 'cluster name with a space',
    body: withCluster(CLUSTER.replace('aks-shop', 'aks shop')),
    status: 400,
    path: 'clusterResourceId',
    message: 'AKS cluster resource id',
  },
  {
    name: 'cluster name over 63 characters',
    body: withCluster(CLUSTER.replace('aks-shop', 'a'.repeat(64))),
    status: 400,
    path: 'clusterResourceId',
    message: 'AKS cluster resource id',
  },
  {
    name: 'subscription outside the allow list',
    body: withCluster(
      CLUSTER.replace(/subscriptions\/[^/]+/, `subscriptions/${OTHER_SUBSCRIPTION}`),
    ),
    status: 403,
    path: 'clusterResourceId',
    message: 'not in WINSHIFT_SUBSCRIPTIONS',
  },
  {
    name: 'poolName over 6 characters',
    body: { ...valid, poolName: 'windows19' },
    status: 400,
    path: 'poolName',
    message: '1-6 lowercase letters and digits',
  },
  {
    name: 'poolName in upper case',
    body: { ...valid, poolName: 'WIN19' },
    status: 400,
    path: 'poolName',
    message: '1-6 lowercase',
  },
  {
    name: 'poolName starting with a digit',
    body: { ...valid, poolName: '1win' },
    status: 400,
    path: 'poolName',
    message: 'starting with a letter',
  },
  {
    name: 'poolName empty',
    body: { ...valid, poolName: '' },
    status: 400,
    path: 'poolName',
    message: '1-6 lowercase',
  },
  {
    name: 'unknown top-level field',
    body: { ...valid, pool: 'win19' },
    status: 400,
    path: 'pool',
    message: 'is not a known field',
  },
  {
    name: 'unknown option',
    body: withOptions({ dryrun: true }),
    status: 400,
    path: 'options.dryrun',
    message: 'is not a known field',
  },
  {
    name: 'options not an object',
    body: withOptions('fast' as never),
    status: 400,
    path: 'options',
    message: 'expected object',
  },
  {
    name: 'unknown OS SKU',
    body: withOptions({ targetOsSku: 'Windows2016' }),
    status: 400,
    path: 'options.targetOsSku',
    message: 'must be one of Windows2019, Windows2022, Windows2025',
  },
  {
    name: 'OS SKU in the wrong case',
    body: withOptions({ targetOsSku: 'windows2022' }),
    status: 400,
    path: 'options.targetOsSku',
    message: 'must be one of',
  },
  {
    name: 'newPoolName over 6 characters',
    body: withOptions({ newPoolName: 'win2022' }),
    status: 400,
    path: 'options.newPoolName',
    message: '1-6 lowercase letters and digits',
  },
  {
    name: 'newPoolName with a hyphen',
    body: withOptions({ newPoolName: 'w-22' }),
    status: 400,
    path: 'options.newPoolName',
    message: '1-6 lowercase',
  },
  {
    name: 'prePull a string',
    body: withOptions({ prePull: 'yes' }),
    status: 400,
    path: 'options.prePull',
    message: 'expected boolean',
  },
  {
    name: 'dryRun a number',
    body: withOptions({ dryRun: 1 }),
    status: 400,
    path: 'options.dryRun',
    message: 'expected boolean',
  },
  {
    name: 'drain timeout a string',
    body: withOptions({ drainTimeoutInSeconds: '1800' }),
    status: 400,
    path: 'options.drainTimeoutInSeconds',
    message: 'whole number of seconds',
  },
  {
    name: 'drain timeout fractional',
    body: withOptions({ drainTimeoutInSeconds: 90.5 }),
    status: 400,
    path: 'options.drainTimeoutInSeconds',
    message: 'whole number of seconds',
  },
  {
    name: 'drain timeout below 60',
    body: withOptions({ drainTimeoutInSeconds: 10 }),
    status: 400,
    path: 'options.drainTimeoutInSeconds',
    message: 'must be at least 60 seconds',
  },
  {
    name: 'rollout timeout over a day',
    body: withOptions({ rolloutTimeoutInSeconds: 86_401 }),
    status: 400,
    path: 'options.rolloutTimeoutInSeconds',
    message: 'must be at most 86400 seconds',
  },
  {
    name: 'negative soak',
    body: withOptions({ autoApproveAfterSoakInSeconds: -1 }),
    status: 400,
    path: 'options.autoApproveAfterSoakInSeconds',
    message: 'must be at least 0 seconds',
  },
  {
    name: 'approval timeout over 30 days',
    body: withOptions({ approvalTimeoutInSeconds: 2_592_001 }),
    status: 400,
    path: 'options.approvalTimeoutInSeconds',
    message: 'must be at most 2592000 seconds',
  },
  {
    name: 'deleteNewPoolOnRollback null',
    body: withOptions({ deleteNewPoolOnRollback: null }),
    status: 400,
    path: 'options.deleteNewPoolOnRollback',
    message: 'expected boolean',
  },
  {
    name: 'imageMap a list',
    body: withOptions({ imageMap: ['a=b'] }),
    status: 400,
    path: 'options.imageMap',
    message: 'expected record',
  },
  {
    name: 'imageMap value not a string',
    body: withOptions({ imageMap: { 'mcr.microsoft.com/app:1': 2 } }),
    status: 400,
    path: 'options.imageMap.mcr.microsoft.com/app:1',
    message: 'expected string',
  },
  {
    name: 'imageMap with an invalid reference',
    body: withOptions({ imageMap: { 'shop/app:1.0': 'Not An Image!' } }),
    status: 400,
    path: 'options.imageMap',
    message: 'imageMap entry "shop/app:1.0"',
  },
  {
    name: 'imageMap repository mapped to a tagged image',
    body: withOptions({
      imageMap: { 'registry.example.com/shop': 'registry.example.com/shop2:1.0' },
    }),
    status: 400,
    path: 'options.imageMap',
    message: 'a repository prefix maps to a repository',
  },
  {
    name: 'oversized body',
    body: {
      ...valid,
      options: {
        imageMap: Object.fromEntries(
          Array.from({ length: 900 }, (_, i) => [
            `registry.example.com/app${i}:1.0-ltsc2019`,
            `registry.example.com/app${i}:1.0-ltsc2022`,
          ]),
        ),
      },
    },
    status: 413,
    message: 'at most 65536 are accepted',
  },
];
