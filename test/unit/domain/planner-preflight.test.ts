// The preflight inside the planner (issue 13 items 5 and 6): its blockers make the plan
// non-executable, its warnings do not, and a substituted version is what the new pool is created with.
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CALENDAR } from '../../../src/domain/calendar.js';
import type { PlanFacts } from '../../../src/domain/planner-facts.js';
import { buildPlan } from '../../../src/domain/planner.js';
import type { PreflightFacts } from '../../../src/domain/preflight-facts.js';
import { makeFacts, OPTIONS } from './planner-fixture.js';

const SUBNET =
  '/subscriptions/sub1/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-win';

/** 10 of 100 regional vCPUs in use, 8 of the D-series family's `familyLimit`. */
const usages = (familyLimit: number): PreflightFacts['usages'] => ({
  status: 'read',
  value: [
    { name: 'cores', currentValue: 10, limit: 100 },
    { name: 'standardDSv5Family', currentValue: 8, limit: familyLimit },
  ],
});

/** The fixture's win19 (2 × Standard_D4s_v5, Kubernetes 1.30.5, in snet-win) in a region with room. */
function withPreflight(change: (p: PreflightFacts) => PreflightFacts = (p) => p): PlanFacts {
  const facts = makeFacts();
  const preflight: PreflightFacts = {
    usages: usages(100),
    vmSize: {
      status: 'read',
      value: { name: 'Standard_D4s_v5', family: 'standardDSv5Family', vCpus: 4 },
    },
    subnets: {
      [SUBNET]: {
        status: 'read',
        value: { id: SUBNET, addressPrefixes: ['10.0.0.0/24'], usedIpConfigurations: 62 },
      },
    },
    poolVersions: { status: 'read', value: [{ version: '1.30.5' }, { version: '1.30.9' }] },
  };
  const spec = { ...facts.sourcePool!.spec, vnetSubnetID: SUBNET, maxPods: 30 };
  return {
    ...facts,
    sourcePool: { ...facts.sourcePool!, spec },
    cluster: { ...facts.cluster, network: { plugin: 'azure' } },
    preflight: change(preflight),
  };
}

const plan = (facts: PlanFacts) => buildPlan(facts, OPTIONS, DEFAULT_CALENDAR);

describe('buildPlan: preflight', () => {
  it('plans a pool that fits with neither blockers nor warnings', () => {
    const planned = plan(withPreflight());
    expect(planned.blockers).toEqual([]);
    expect(planned.warnings).toEqual([]);
    expect(planned.target.spec['orchestratorVersion']).toBe('1.30.5');
  });

  it('blocks on a shortfall, with every other finding still listed', () => {
    const planned = plan(
      withPreflight((p) => ({
        ...p,
        usages: usages(12),
        subnets: {
          [SUBNET]: {
            status: 'read',
            value: { id: SUBNET, addressPrefixes: ['10.0.0.0/25'], usedIpConfigurations: 100 },
          },
        },
      })),
    );
    expect(planned.blockers.map((b) => b.code)).toEqual(['SUBNET_FULL', 'VCPU_QUOTA_EXCEEDED']);
    expect(planned.blockers[1]?.message).toContain('needs 8 vCPU of standardDSv5Family');
    expect(planned.blockers[1]?.message).toContain('4 free');
    expect(planned.blockers[0]?.message).toContain('needs 62 IP addresses in subnet snet-win');
    expect(planned.blockers[0]?.message).toContain('23 free');
  });

  it('creates the new pool on the substituted patch and says so', () => {
    const planned = plan(
      withPreflight((p) => ({
        ...p,
        poolVersions: { status: 'read', value: [{ version: '1.30.3' }, { version: '1.30.4' }] },
      })),
    );
    expect(planned.blockers).toEqual([]);
    expect(planned.target.spec['orchestratorVersion']).toBe('1.30.4');
    expect((planned.warnings ?? []).map((w) => w.code)).toEqual(['KUBERNETES_VERSION_SUBSTITUTED']);
  });

  it('only warns when the facts could not be read', () => {
    const refused = { status: 'unreadable', reason: '[FORBIDDEN] AuthorizationFailed' } as const;
    const planned = plan(
      withPreflight(() => ({
        usages: refused,
        vmSize: refused,
        subnets: { [SUBNET]: refused },
        poolVersions: refused,
      })),
    );
    expect(planned.blockers).toEqual([]);
    expect((planned.warnings ?? []).map((w) => [w.code, w.subject])).toEqual([
      ['PREFLIGHT_UNVERIFIED', 'VM size Standard_D4s_v5 (westeurope)'],
      ['PREFLIGHT_UNVERIFIED', 'pool w22a'],
      ['PREFLIGHT_UNVERIFIED', 'subnet snet-win'],
    ]);
  });

  it('checks nothing for facts gathered without the preflight (older callers)', () => {
    const planned = plan(makeFacts());
    expect(planned.blockers).toEqual([]);
    expect(planned.warnings).toEqual([]);
  });
});
