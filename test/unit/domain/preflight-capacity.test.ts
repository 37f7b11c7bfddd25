// Issue 13 item 5: the new pool must fit the region's vCPU quota, its subnets' free addresses and
// AKS's node limits before anything is created; a shortfall is a blocker with the numbers, a fact
// winshift could not read a warning naming the permission.
import { describe, expect, it } from '@jest/globals';
import type { ClusterFacts } from '../../../src/domain/azure-facts.js';
import type { AgentPoolSpec } from '../../../src/domain/pool-spec.js';
import type {
  ComputeUsage,
  PreflightFacts,
  Readout,
  SubnetInfo,
} from '../../../src/domain/preflight-facts.js';
import { nodeLimitFindings } from '../../../src/domain/preflight-nodes.js';
import { quotaFindings, type QuotaCheck } from '../../../src/domain/preflight-quota.js';
import { newPoolSize } from '../../../src/domain/preflight-size.js';
import {
  subnetDemands,
  subnetFindings,
  usableAddresses,
} from '../../../src/domain/preflight-subnets.js';

const read = <T>(value: T): Readout<T> => ({ status: 'read', value });
const refused = (reason = '[FORBIDDEN] AuthorizationFailed'): Readout<never> => ({
  status: 'unreadable',
  reason,
});
const D8 = { name: 'Standard_D8s_v5', family: 'standardDSv5Family', vCpus: 8 };
const usage = (name: string, currentValue: number, limit: number): ComputeUsage => ({
  name,
  currentValue,
  limit,
});
const ROOMY = [
  usage('cores', 40, 350),
  usage('standardDSv5Family', 32, 350),
  usage('lowPriorityCores', 0, 100),
];

describe('newPoolSize', () => {
  it.each<[string, AgentPoolSpec, { initial: number; max: number }]>([
    ['a fixed count', { count: 3 }, { initial: 3, max: 3 }],
    [
      'the autoscaler: count to maxCount',
      { count: 3, enableAutoScaling: true, minCount: 2, maxCount: 6 },
      { initial: 3, max: 6 },
    ],
    [
      'the autoscaler without count: minCount',
      { enableAutoScaling: true, minCount: 2, maxCount: 5 },
      { initial: 2, max: 5 },
    ],
    [
      'a maxCount without the autoscaler is ignored',
      { count: 2, maxCount: 9 },
      { initial: 2, max: 2 },
    ],
    ['nothing stated', {}, { initial: 0, max: 0 }],
  ])('%s', (_name, spec, size) => {
    expect(newPoolSize(spec)).toEqual(size);
  });
});

describe('quotaFindings', () => {
  const check = (over: Partial<QuotaCheck> = {}): QuotaCheck => ({
    location: 'westeurope',
    vmSize: 'Standard_D8s_v5',
    spot: false,
    size: { initial: 3, max: 3 },
    ...over,
  });
  const facts = (usages: readonly ComputeUsage[]): Pick<PreflightFacts, 'usages' | 'vmSize'> => ({
    usages: read(usages),
    vmSize: read(D8),
  });

  it('lets a pool that fits both the family and the regional quota pass', () => {
    expect(quotaFindings(check(), facts(ROOMY))).toEqual({ blockers: [], warnings: [] });
  });

  it('blocks with the numbers when the family quota is short: 3 nodes of 8 vCPU need 24, 8 free', () => {
    const found = quotaFindings(
      check(),
      facts([usage('cores', 40, 350), usage('standardDSv5Family', 32, 40)]),
    );
    expect(found.warnings).toEqual([]);
    expect(found.blockers).toEqual([
      {
        code: 'VCPU_QUOTA_EXCEEDED',
        subject: 'vCPU quota standardDSv5Family (westeurope)',
        message: expect.stringContaining(
          'needs 24 vCPU of standardDSv5Family in westeurope',
        ) as unknown as string,
      },
    ]);
    expect(found.blockers[0]?.message).toContain('8 free (limit 40, 32 in use)');
    expect(found.blockers[0]?.message).toContain('3 nodes × 8 vCPU of Standard_D8s_v5');
  });

  it('blocks on the Total Regional vCPUs too, family quota notwithstanding', () => {
    const found = quotaFindings(
      check(),
      facts([usage('cores', 90, 100), usage('standardDSv5Family', 0, 350)]),
    );
    expect(found.blockers.map((b) => b.subject)).toEqual(['vCPU quota cores (westeurope)']);
    expect(found.blockers[0]?.message).toContain('needs 24 vCPU of cores');
    expect(found.blockers[0]?.message).toContain('10 free');
  });

  it('counts a Spot pool against the low-priority vCPUs only', () => {
    const usages = [
      usage('cores', 100, 100),
      usage('standardDSv5Family', 350, 350),
      usage('lowPriorityCores', 0, 20),
    ];
    const found = quotaFindings(check({ spot: true }), facts(usages));
    expect(found.blockers.map((b) => b.subject)).toEqual([
      'vCPU quota lowPriorityCores (westeurope)',
    ]);
    expect(found.blockers[0]?.message).toContain('needs 24 vCPU of lowPriorityCores');
  });

  it('matches usage names case-insensitively', () => {
    const found = quotaFindings(
      check(),
      facts([usage('Cores', 0, 350), usage('StandardDSv5Family', 0, 16)]),
    );
    expect(found.blockers.map((b) => b.code)).toEqual(['VCPU_QUOTA_EXCEEDED']);
  });

  it('warns when the autoscaler maximum does not fit, and says how far it can grow', () => {
    const found = quotaFindings(
      check({ size: { initial: 3, max: 10 } }),
      facts([usage('cores', 0, 350), usage('standardDSv5Family', 32, 80)]),
    );
    expect(found.blockers).toEqual([]);
    expect(found.warnings).toEqual([
      expect.objectContaining({
        code: 'CAPACITY_HEADROOM',
        subject: 'vCPU quota standardDSv5Family (westeurope)',
      }),
    ]);
    expect(found.warnings[0]?.message).toContain(
      '10 nodes (80 vCPU of standardDSv5Family), 48 free',
    );
    expect(found.warnings[0]?.message).toContain('it can reach 6 nodes only');
  });

  it.each<[string, Pick<PreflightFacts, 'usages' | 'vmSize'>, string]>([
    [
      'usages refused',
      { usages: refused(), vmSize: read(D8) },
      'Microsoft.Compute/locations/usages/read',
    ],
    ['SKU list refused', { usages: read(ROOMY), vmSize: refused() }, 'Microsoft.Compute/skus/read'],
    [
      'VM size not in the SKU list',
      { usages: read(ROOMY), vmSize: read(undefined) },
      'does not name Standard_D8s_v5',
    ],
    [
      'family missing from the usages',
      { usages: read([usage('cores', 0, 350)]), vmSize: read(D8) },
      'list no standardDSv5Family',
    ],
  ])('warns, never blocks, when it cannot tell: %s', (_name, given, text) => {
    const found = quotaFindings(check(), given);
    expect(found.blockers).toEqual([]);
    expect(found.warnings.map((w) => w.code)).toEqual(['PREFLIGHT_UNVERIFIED']);
    expect(found.warnings[0]?.message).toContain(text);
  });

  it('names the permission and the refusal in the warning', () => {
    const found = quotaFindings(check(), {
      usages: refused('[FORBIDDEN] no usages for you'),
      vmSize: read(D8),
    });
    expect(found.warnings[0]?.message).toMatch(
      /^the vCPU quota was not checked: \[FORBIDDEN\] no usages for you\. winshift needs Microsoft\.Compute\/locations\/usages\/read/,
    );
  });
});

const SUBNET =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-win';
const PODS =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-pods';
const subnet = (id: string, prefixes: string[], used: number): Readout<SubnetInfo> =>
  read({ id, addressPrefixes: prefixes, usedIpConfigurations: used });

describe('usableAddresses', () => {
  it.each<[string, number | undefined]>([
    ['10.0.0.0/24', 251],
    ['10.0.0.0/22', 1019],
    ['10.0.0.0/29', 3],
    ['10.0.0.0/32', 0],
    ['10.240.0.0/16', 65531],
    ['fd00::/64', undefined],
    ['not a prefix', undefined],
  ])('%s -> %s', (prefix, count) => {
    expect(usableAddresses(prefix)).toBe(count);
  });
});

describe('subnetDemands: addresses per node', () => {
  it.each<
    [string, AgentPoolSpec, ClusterFacts['network'], { subnetId: string; perNode: number }[]]
  >([
    [
      'Azure CNI node subnet: maxPods + 1',
      { vnetSubnetID: SUBNET, maxPods: 30 },
      { plugin: 'azure' },
      [{ subnetId: SUBNET, perNode: 31 }],
    ],
    [
      'Azure CNI, maxPods unstated: the default 30',
      { vnetSubnetID: SUBNET },
      { plugin: 'azure' },
      [{ subnetId: SUBNET, perNode: 31 }],
    ],
    [
      'no network profile: counted as Azure CNI',
      { vnetSubnetID: SUBNET, maxPods: 50 },
      undefined,
      [{ subnetId: SUBNET, perNode: 51 }],
    ],
    [
      'Azure CNI Overlay: the node only',
      { vnetSubnetID: SUBNET, maxPods: 250 },
      { plugin: 'azure', pluginMode: 'overlay' },
      [{ subnetId: SUBNET, perNode: 1 }],
    ],
    [
      'kubenet: the node only',
      { vnetSubnetID: SUBNET, maxPods: 110 },
      { plugin: 'kubenet' },
      [{ subnetId: SUBNET, perNode: 1 }],
    ],
    [
      'pod subnet, dynamic allocation: 1 + a batch of 16',
      { vnetSubnetID: SUBNET, podSubnetID: PODS, maxPods: 110 },
      { plugin: 'azure' },
      [
        { subnetId: SUBNET, perNode: 1 },
        { subnetId: PODS, perNode: 16 },
      ],
    ],
    [
      'pod subnet, static blocks: /28s for maxPods',
      { vnetSubnetID: SUBNET, podSubnetID: PODS, maxPods: 40, podIPAllocationMode: 'StaticBlock' },
      { plugin: 'azure' },
      [
        { subnetId: SUBNET, perNode: 1 },
        { subnetId: PODS, perNode: 48 },
      ],
    ],
    ['an AKS-managed virtual network: nothing to check', { maxPods: 30 }, { plugin: 'azure' }, []],
  ])('%s', (_name, spec, network, demands) => {
    expect(
      subnetDemands(spec, network).map(({ subnetId, perNode }) => ({ subnetId, perNode })),
    ).toEqual(demands);
  });
});

describe('subnetFindings', () => {
  const spec = { vnetSubnetID: SUBNET, maxPods: 30 };
  const azure = { plugin: 'azure' };

  it('passes a subnet with room', () => {
    const found = subnetFindings(
      spec,
      azure,
      { initial: 3, max: 3 },
      { [SUBNET]: subnet(SUBNET, ['10.0.0.0/22'], 93) },
    );
    expect(found).toEqual({ blockers: [], warnings: [] });
  });

  it('blocks a full subnet with the numbers: 3 nodes × 31 = 93 needed, 30 free', () => {
    const found = subnetFindings(
      spec,
      azure,
      { initial: 3, max: 3 },
      { [SUBNET]: subnet(SUBNET, ['10.0.0.0/25'], 93) },
    );
    expect(found.blockers).toEqual([
      expect.objectContaining({ code: 'SUBNET_FULL', subject: 'subnet snet-win' }),
    ]);
    const message = found.blockers[0]?.message ?? '';
    expect(message).toContain('needs 93 IP addresses in subnet snet-win');
    expect(message).toContain('3 nodes × 31: maxPods 30 + 1, Azure CNI');
    expect(message).toContain('30 free (10.0.0.0/25: 123 usable');
    expect(message).toContain('93 in use');
  });

  it('adds up every prefix of the subnet', () => {
    const found = subnetFindings(
      spec,
      azure,
      { initial: 3, max: 3 },
      {
        [SUBNET]: subnet(SUBNET, ['10.0.0.0/25', '10.0.1.0/25'], 93),
      },
    );
    expect(found.blockers).toEqual([]);
  });

  it('checks the pod subnet of a pod-subnet pool on its own', () => {
    const found = subnetFindings(
      { vnetSubnetID: SUBNET, podSubnetID: PODS, maxPods: 110 },
      azure,
      { initial: 4, max: 4 },
      { [SUBNET]: subnet(SUBNET, ['10.0.0.0/24'], 10), [PODS]: subnet(PODS, ['10.1.0.0/26'], 10) },
    );
    expect(found.blockers.map((b) => [b.subject, b.message.match(/needs (\d+) IP/)?.[1]])).toEqual([
      ['subnet snet-pods', '64'],
    ]);
  });

  it('warns when the autoscaler maximum overflows the subnet', () => {
    const found = subnetFindings(
      spec,
      azure,
      { initial: 3, max: 20 },
      { [SUBNET]: subnet(SUBNET, ['10.0.0.0/24'], 93) },
    );
    expect(found.blockers).toEqual([]);
    expect(found.warnings.map((w) => w.code)).toEqual(['CAPACITY_HEADROOM']);
    expect(found.warnings[0]?.message).toContain('it can reach 5 nodes only');
  });

  it.each<[string, PreflightFacts['subnets']]>([
    ['refused', { [SUBNET]: refused() }],
    ['not read at all', {}],
  ])('warns naming subnets/read when the subnet was %s', (_name, subnets) => {
    const found = subnetFindings(spec, azure, { initial: 3, max: 3 }, subnets);
    expect(found.blockers).toEqual([]);
    expect(found.warnings).toEqual([
      expect.objectContaining({ code: 'PREFLIGHT_UNVERIFIED', subject: 'subnet snet-win' }),
    ]);
    expect(found.warnings[0]?.message).toContain('Microsoft.Network/virtualNetworks/subnets/read');
  });
});

describe('nodeLimitFindings', () => {
  const pools = (...counts: number[]) =>
    counts.map((count, i) => ({ name: `p${i}`, osType: 'Windows', count }));
  const cluster = (counts: number[], network?: ClusterFacts['network']) => ({
    name: 'c1',
    pools: pools(...counts),
    ...(network ? { network } : {}),
  });

  it('passes a cluster well under the limits', () => {
    expect(nodeLimitFindings(cluster([2, 3]), { initial: 3, max: 3 })).toEqual({
      blockers: [],
      warnings: [],
    });
  });

  it.each<[string, number[], ClusterFacts['network'], { initial: number; max: number }, string]>([
    [
      '5,000 nodes per cluster',
      [4000, 998],
      { plugin: 'azure' },
      { initial: 3, max: 3 },
      '5001 nodes, more than the 5000',
    ],
    [
      '400 nodes with kubenet',
      [390, 5],
      { plugin: 'kubenet' },
      { initial: 6, max: 6 },
      '401 nodes, more than the 400',
    ],
    [
      '1,000 nodes per pool',
      [2],
      { plugin: 'azure' },
      { initial: 3, max: 1001 },
      'AKS allows 1000 per pool',
    ],
    [
      '100 pools per cluster',
      Array.from({ length: 100 }, () => 1),
      { plugin: 'azure' },
      { initial: 1, max: 1 },
      'AKS allows 100',
    ],
  ])('blocks past %s', (_name, counts, network, size, text) => {
    const found = nodeLimitFindings(cluster(counts, network), size);
    expect(found.blockers.map((b) => b.code)).toEqual(['CLUSTER_NODE_LIMIT']);
    expect(found.blockers[0]?.message).toContain(text);
  });

  it('warns when only the autoscaler maximum would pass the cluster limit', () => {
    const found = nodeLimitFindings(cluster([4990]), { initial: 3, max: 20 });
    expect(found.blockers).toEqual([]);
    expect(found.warnings[0]).toMatchObject({ code: 'CAPACITY_HEADROOM', subject: 'cluster c1' });
    expect(found.warnings[0]?.message).toContain('it can reach 10 nodes only');
  });
});
