// The plan activity's preflight reads (issue 13 items 5 and 6) on typed fakes: what it reads for the
// pool, how a refused read becomes a warning, and that a transient failure is retried instead.
import { describe, expect, it } from '@jest/globals';
import { planUpgrade } from '../../../src/activities/plan-upgrade.js';
import { errorCodeOf } from '../../../src/domain/errors.js';
import { makePlanningWorld, type PlanningWorld } from './fakes/planning.js';
import { CLUSTER, INSTANCE } from './fakes/world.js';

const SUBNET =
  '/subscriptions/sub1/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet-win';

/** win19 (2 x Standard_D4s_v5) in snet-win, Azure CNI with maxPods 30: 62 addresses needed. */
function inSubnet(used: number): PlanningWorld {
  const w = makePlanningWorld();
  const pool = w.arm.pools.get('win19');
  if (pool) pool.spec = { ...pool.spec, vnetSubnetID: SUBNET, maxPods: 30 };
  w.arm.cluster.network = { plugin: 'azure' };
  w.preflight.subnets.set(SUBNET, {
    id: SUBNET,
    addressPrefixes: ['10.0.0.0/25'],
    usedIpConfigurations: used,
  });
  return w;
}

describe('planUpgrade: preflight', () => {
  it("reads the region's usages, the VM size, the pool's subnet and the offered versions once", async () => {
    const w = inSubnet(0);
    const summary = await planUpgrade(w.deps, w.input);
    expect(summary.blockers).toEqual([]);
    expect(w.preflight.reads.sort()).toEqual([
      `subnet ${SUBNET}`,
      'usages sub1 westeurope',
      `versions ${CLUSTER}`,
      'vmSize westeurope Standard_D4s_v5',
    ]);
  });

  it('blocks a pool its subnet cannot hold, and saves the blocked plan', async () => {
    const w = inSubnet(100);
    const summary = await planUpgrade(w.deps, w.input);
    expect(summary.blockers.map((b) => b.code)).toEqual(['SUBNET_FULL']);
    expect(summary.blockers[0]?.message).toContain('needs 62 IP addresses in subnet snet-win');
    expect(summary.blockers[0]?.message).toContain('23 free');
    expect(w.store.plans.get(INSTANCE)?.blockers).toEqual(summary.blockers);
    expect(w.arm.writes).toEqual([]);
  });

  it.each([
    ['usages', 'Microsoft.Compute/locations/usages/read'],
    ['vmSize', 'Microsoft.Compute/skus/read'],
    ['subnet', 'Microsoft.Network/virtualNetworks/subnets/read'],
    ['poolVersions', 'Microsoft.ContainerService/managedClusters/availableAgentPoolVersions/read'],
  ] as const)('turns a refused %s read into a warning naming %s', async (read, action) => {
    const w = inSubnet(0);
    w.preflight.failures.set(read, 'FORBIDDEN');
    const summary = await planUpgrade(w.deps, w.input);
    const warnings = summary.warnings ?? [];
    expect(summary.blockers).toEqual([]);
    expect(warnings.map((x) => x.code)).toEqual(['PREFLIGHT_UNVERIFIED']);
    expect(warnings[0]?.message).toContain('[FORBIDDEN]');
    expect(warnings[0]?.message).toContain(action);
  });

  it('fails the activity on a transient failure, so its retry reads again', async () => {
    const w = inSubnet(0);
    w.preflight.failures.set('usages', 'TRANSIENT');
    const error = await planUpgrade(w.deps, w.input).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(errorCodeOf(error)).toBe('TRANSIENT');
    expect(w.store.plans.size).toBe(0);
  });
});
