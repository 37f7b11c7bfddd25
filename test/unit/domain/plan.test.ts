import { describe, expect, it } from '@jest/globals';
import { isExecutable, planHash, type Plan } from '../../../src/domain/plan.js';

const plan: Plan = {
  version: 1,
  cluster: {
    resourceId:
      '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c',
    kubernetesVersion: '1.31.2',
    nodeResourceGroup: 'MC_rg_c',
  },
  sourcePool: {
    name: 'win19',
    osSku: 'Windows2019',
    build: '10.0.17763',
    nodeNames: ['akswin19000000'],
  },
  target: {
    osSku: 'Windows2022',
    build: '10.0.20348',
    poolName: 'w22a',
    spec: { vmSize: 'Standard_D4s_v5', osSKU: 'Windows2022', tags: { team: 'shop' } },
  },
  workloads: [
    {
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
      images: [{ container: 'web', init: false, from: 'app:ltsc2019', to: 'app:ltsc2022' }],
      placement: {
        patch: { nodeSelector: { agentpool: null, 'kubernetes.azure.com/os-sku': 'Windows2022' } },
        original: {
          nodeSelector: { agentpool: 'win19' },
          affinity: null,
          tolerations: null,
          runtimeClassName: null,
        },
      },
    },
  ],
  blockers: [],
  identities: [
    {
      kind: 'userAssigned',
      resourceId:
        '/subscriptions/0000/resourcegroups/id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/gmsa',
    },
  ],
  gmsa: [],
  options: {
    imageMap: {},
    prePull: true,
    drainTimeoutInSeconds: 1800,
    rolloutTimeoutInSeconds: 900,
    approvalTimeoutInSeconds: 86400,
    deleteNewPoolOnRollback: true,
    dryRun: false,
  },
};

/** Rebuilds every object with its keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reverseKeys(v)]),
  );
}

describe('planHash', () => {
  it('is 16 hex digits and stable under key order changes', () => {
    const hash = planHash(plan);
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    const reordered = reverseKeys(plan) as Plan;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(plan));
    expect(planHash(reordered)).toBe(hash);
  });

  it.each<[string, (p: Plan) => Plan]>([
    ['target pool name', (p) => ({ ...p, target: { ...p.target, poolName: 'w22b' } })],
    [
      'target spec field',
      (p) => ({
        ...p,
        target: { ...p.target, spec: { ...p.target.spec, vmSize: 'Standard_D8s_v5' } },
      }),
    ],
    [
      'an image mapping',
      (p) => ({
        ...p,
        workloads: [
          {
            ...p.workloads[0]!,
            images: [{ container: 'web', init: false, from: 'app:ltsc2019', to: 'app:v2' }],
          },
        ],
      }),
    ],
    [
      'a placement patch',
      (p) => ({
        ...p,
        workloads: [
          {
            ...p.workloads[0]!,
            placement: { ...p.workloads[0]!.placement, patch: { nodeSelector: {} } },
          },
        ],
      }),
    ],
    [
      'workload order',
      (p) => ({ ...p, workloads: [...p.workloads, { ...p.workloads[0]!, name: 'api' }] }),
    ],
    ['an option', (p) => ({ ...p, options: { ...p.options, prePull: false } })],
    [
      'a blocker',
      (p) => ({ ...p, blockers: [{ code: 'BARE_POD', message: 'shop/debug has no controller' }] }),
    ],
  ])('changes when %s changes', (_name, change) => {
    expect(planHash(change(plan))).not.toBe(planHash(plan));
  });

  it('ignores undefined optional fields (absent and undefined hash the same)', () => {
    const withUndefined: Plan = { ...plan, options: { ...plan.options, newPoolName: undefined } };
    expect(planHash(withUndefined)).toBe(planHash(plan));
  });
});

describe('isExecutable', () => {
  it.each<[Plan['blockers'], boolean]>([
    [[], true],
    [[{ code: 'IMAGE_INCOMPATIBLE', message: 'no 2022 variant', subject: 'app:v1' }], false],
  ])('blockers %p -> %s', (blockers, expected) => {
    expect(isExecutable({ ...plan, blockers })).toBe(expected);
  });
});
