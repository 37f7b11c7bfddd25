import { describe, expect, it } from '@jest/globals';
import {
  decideExistingPool,
  newPoolSpec,
  ownedBy,
  plannedFieldDifferences,
  withOwnershipTags,
  type AgentPoolSpec,
} from '../../../src/domain/pool-spec.js';

const subnet =
  '/subscriptions/0000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/win';
const oldPool: AgentPoolSpec = {
  id: '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c/agentPools/win19',
  name: 'win19',
  type: 'Microsoft.ContainerService/managedClusters/agentPools',
  etag: 'abc',
  osType: 'Windows',
  osSKU: 'Windows2019',
  vmSize: 'Standard_D4s_v5',
  count: 3,
  enableAutoScaling: true,
  minCount: 2,
  maxCount: 6,
  maxPods: 30,
  availabilityZones: ['1', '2', '3'],
  vnetSubnetID: subnet,
  nodeLabels: { tier: 'web' },
  nodeTaints: ['os=windows:NoSchedule'],
  tags: {
    team: 'shop',
    'winshift-instance': 'old-run',
    'winshift-run': 'r-old',
    'winshift-plan-hash': 'deadbeef',
  },
  mode: 'User',
  osDiskSizeGB: 128,
  osDiskType: 'Ephemeral',
  orchestratorVersion: '1.30',
  currentOrchestratorVersion: '1.30.5',
  nodeImageVersion: 'AKSWindows-2019-containerd-17763.6054.240710',
  provisioningState: 'Succeeded',
  powerState: { code: 'Running' },
  upgradeSettings: { maxSurge: '33%' },
  windowsProfile: { disableOutboundNat: false },
  enableEncryptionAtHost: true,
  creationData: { sourceResourceId: '/subscriptions/0000/snapshots/win2019' },
  someFutureProperty: { enabled: true },
};

describe('newPoolSpec', () => {
  const spec = newPoolSpec({
    oldPool,
    targetSku: 'Windows2022',
    requiresFips: false,
    controlPlaneVersion: '1.31.2',
  });

  it.each([
    'id',
    'name',
    'type',
    'etag',
    'currentOrchestratorVersion',
    'nodeImageVersion',
    'provisioningState',
    'powerState',
    'creationData',
  ])('drops %s', (key) => {
    expect(spec).not.toHaveProperty(key);
  });

  it.each([
    ['vmSize', 'Standard_D4s_v5'],
    ['count', 3],
    ['minCount', 2],
    ['maxCount', 6],
    ['availabilityZones', ['1', '2', '3']],
    ['vnetSubnetID', subnet],
    ['nodeLabels', { tier: 'web' }],
    ['nodeTaints', ['os=windows:NoSchedule']],
    ['upgradeSettings', { maxSurge: '33%' }],
    ['windowsProfile', { disableOutboundNat: false }],
    ['someFutureProperty', { enabled: true }],
    ['orchestratorVersion', '1.30'],
    ['osSKU', 'Windows2022'],
    ['tags', { team: 'shop' }],
  ])('sets %s', (key, value) => {
    expect(spec[key]).toEqual(value);
  });

  it.each<
    [string | undefined, string | undefined, boolean, string | undefined, boolean | undefined]
  >([
    ['1.30', '1.32', true, '1.33.1', true],
    ['1.32.4', '1.32', true, '1.32.4', true],
    ['1.33', '1.32', true, '1.33', true],
    [undefined, '1.32', true, undefined, true],
    ['1.30', undefined, false, '1.30', undefined],
  ])(
    'orchestratorVersion %s with min %s -> %s',
    (version, minKubernetes, requiresFips, expected, fips) => {
      const rest = Object.fromEntries(
        Object.entries(oldPool).filter(([k]) => k !== 'orchestratorVersion'),
      );
      const pool = version === undefined ? rest : { ...rest, orchestratorVersion: version };
      const input = {
        oldPool: pool,
        targetSku: 'Windows2025' as const,
        requiresFips,
        controlPlaneVersion: '1.33.1',
      };
      const result = newPoolSpec(minKubernetes === undefined ? input : { ...input, minKubernetes });
      expect(result['orchestratorVersion']).toBe(expected);
      expect(result['enableFIPS']).toBe(fips);
    },
  );

  it('adds ownership tags naming the run on top of the copied ones', () => {
    expect(withOwnershipTags(spec, { instanceId: 'upg-1', runId: 'r1' }, 'f00d')['tags']).toEqual({
      team: 'shop',
      'winshift-instance': 'upg-1',
      'winshift-run': 'r1',
      'winshift-plan-hash': 'f00d',
    });
  });

  it.each([
    ['too long a value', { team: 'x'.repeat(257) }, 'the value of tag team is longer than 256'],
    ['too long a name', { ['n'.repeat(513)]: 'x' }, 'is longer than 512'],
    [
      'too many tags with the three of winshift',
      Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`t${i}`, 'x'])),
      '51 tags, more than the 50 Azure allows',
    ],
  ])('refuses tags over Azure’s limits: %s', (_name, tags, message) => {
    expect(() =>
      withOwnershipTags({ ...spec, tags }, { instanceId: 'upg-1', runId: 'r1' }, 'f00d'),
    ).toThrow(message);
  });
});

describe('ownedBy', () => {
  const run = { instanceId: 'upg-1', runId: 'r1' };
  const tagged = (tags: Record<string, string>): AgentPoolSpec => ({ osType: 'Windows', tags });
  it.each<[string, AgentPoolSpec, { instanceId: string; runId: string }, boolean]>([
    ['this run’s pool', withOwnershipTags(tagged({}), run, 'f00d'), run, true],
    [
      'a pool an earlier run of the same pool left',
      withOwnershipTags(tagged({}), { ...run, runId: 'r0' }, 'f00d'),
      run,
      false,
    ],
    [
      'another pool’s upgrade',
      withOwnershipTags(tagged({}), { ...run, instanceId: 'upg-2' }, 'f'),
      run,
      false,
    ],
    ['untagged', tagged({ team: 'shop' }), run, false],
    [
      'an older version’s pool, to a run with a run id',
      tagged({ 'winshift-instance': 'upg-1' }),
      run,
      false,
    ],
    [
      'an older version’s pool, to a run of an older starter (run id = instance id)',
      tagged({ 'winshift-instance': 'upg-1' }),
      { instanceId: 'upg-1', runId: 'upg-1' },
      true,
    ],
  ])('%s', (_name, pool, owner, expected) => {
    expect(ownedBy(pool, owner)).toBe(expected);
  });
});

const RUN_1 = { instanceId: 'upg-1', runId: 'run-1' };

describe('plannedFieldDifferences / decideExistingPool', () => {
  const planned = withOwnershipTags(
    newPoolSpec({
      oldPool,
      targetSku: 'Windows2022',
      requiresFips: false,
      controlPlaneVersion: '1.31',
    }),
    RUN_1,
    'f00d',
  );
  const serverView: AgentPoolSpec = {
    ...planned,
    id: '/x',
    provisioningState: 'Succeeded',
    currentOrchestratorVersion: '1.30.5',
    orchestratorVersion: '1.30.5',
    vnetSubnetID: subnet.toUpperCase(),
    availabilityZones: ['3', '1', '2'],
    count: 5,
    kubeletDiskType: 'OS',
    upgradeSettings: { maxSurge: '33%', drainTimeoutInMinutes: 30 },
    tags: { ...(planned['tags'] as object), 'aks-managed-extra': 'x' },
  };

  it('ignores server defaults, casing of ARM ids, zone order, autoscaled count and patch versions', () => {
    expect(plannedFieldDifferences(planned, serverView)).toEqual([]);
    expect(decideExistingPool(planned, serverView, RUN_1)).toEqual({ action: 'adopt' });
  });

  it.each<[string, AgentPoolSpec, string[]]>([
    ['vmSize changed', { vmSize: 'Standard_D8s_v5' }, ['vmSize']],
    ['osSKU changed', { osSKU: 'Windows2019' }, ['osSKU']],
    [
      'a nested planned field',
      { upgradeSettings: { maxSurge: '1' } },
      ['upgradeSettings.maxSurge'],
    ],
    ['a label missing', { nodeLabels: {} }, ['nodeLabels.tier']],
    ['taints differ', { nodeTaints: [] }, ['nodeTaints']],
    ['another minor version', { orchestratorVersion: '1.31.0' }, ['orchestratorVersion']],
    [
      'plan hash tag differs',
      {
        tags: {
          team: 'shop',
          'winshift-instance': 'upg-1',
          'winshift-run': 'run-1',
          'winshift-plan-hash': 'beef',
        },
      },
      ['tags.winshift-plan-hash'],
    ],
  ])('%s is a POOL_CONFLICT', (_name, change, paths) => {
    const actual = { ...serverView, ...change };
    expect(plannedFieldDifferences(planned, actual)).toEqual(paths);
    const decision = decideExistingPool(planned, actual, RUN_1);
    expect(decision).toMatchObject({ action: 'conflict', code: 'POOL_CONFLICT' });
  });

  it('a fixed count is compared when autoscaling is off', () => {
    const fixed = { ...planned, enableAutoScaling: false };
    expect(plannedFieldDifferences(fixed, { ...serverView, enableAutoScaling: false })).toEqual([
      'count',
    ]);
  });

  it("someone else's pool, or an earlier run's of the same pool, is POOL_EXISTS, even when identical", () => {
    expect(decideExistingPool(planned, serverView, { ...RUN_1, runId: 'run-2' })).toMatchObject({
      action: 'conflict',
      code: 'POOL_EXISTS',
    });
    expect(
      decideExistingPool(planned, serverView, { ...RUN_1, instanceId: 'upg-2' }),
    ).toMatchObject({ action: 'conflict', code: 'POOL_EXISTS' });
    const untagged = { ...serverView, tags: { team: 'shop' } };
    expect(decideExistingPool(planned, untagged, RUN_1)).toMatchObject({
      action: 'conflict',
      code: 'POOL_EXISTS',
    });
  });
});
