import { describe, expect, it } from '@jest/globals';
import { createPool } from '../../../src/activities/create-pool.js';
import { deletePool } from '../../../src/activities/delete-pool.js';
import { getPoolStatus } from '../../../src/activities/pool-status.js';
import { withOwnershipTags } from '../../../src/domain/pool-spec.js';
import { planHash } from '../../../src/domain/plan.js';
import { INSTANCE, makePlan, makeWorld, RUN, STALE_REF } from './fakes/world.js';

/** The ownership tags a run of this world's plan puts on its pool. */
const ownership = (runId: string): Record<string, string> => ({
  'winshift-instance': INSTANCE,
  'winshift-run': runId,
  'winshift-plan-hash': planHash(makePlan()),
});

describe('createPool', () => {
  it('PUTs the planned spec with ownership tags, and adopts it when repeated', async () => {
    const w = makeWorld();
    expect(await createPool(w.deps, w.ref)).toEqual({ outcome: 'created' });
    expect(await createPool(w.deps, w.ref)).toEqual({ outcome: 'adopted' });
    const puts = w.arm.writesOf('createPool');
    expect(puts).toHaveLength(1);
    expect(puts[0]?.body).toEqual(withOwnershipTags(w.plan.target.spec, w.ref, w.hash));
    expect((puts[0]?.body as { tags: Record<string, string> }).tags).toMatchObject({
      team: 'shop',
      'winshift-instance': INSTANCE,
      'winshift-run': RUN,
      'winshift-plan-hash': w.hash,
    });
  });

  it('adopts its pool after AKS filled in server-side defaults', async () => {
    const w = makeWorld();
    const ours = withOwnershipTags(w.plan.target.spec, w.ref, w.hash);
    w.arm.addPool('w22a', { ...ours, kubeletDiskType: 'OS', upgradeSettings: { maxSurge: '10%' } });
    expect(await createPool(w.deps, w.ref)).toEqual({ outcome: 'adopted' });
    expect(w.arm.writesOf('createPool')).toHaveLength(0);
  });

  it.each([
    ['someone else’s pool', { tags: { team: 'other' } }, 'POOL_EXISTS'],
    ['another upgrade’s pool', { tags: { 'winshift-instance': 'inst-0' } }, 'POOL_EXISTS'],
    [
      'the pool an earlier run of the same pool left',
      { tags: { team: 'shop', ...ownership('r-old') } },
      'POOL_EXISTS',
    ],
    ['our pool with other settings', { vmSize: 'Standard_D8s_v5' }, 'POOL_CONFLICT'],
  ])('refuses %s and leaves it untouched', async (_name, change, code) => {
    const w = makeWorld();
    const existing = { ...withOwnershipTags(w.plan.target.spec, w.ref, w.hash), ...change };
    w.arm.addPool('w22a', existing);
    await expect(createPool(w.deps, w.ref)).rejects.toMatchObject({ code });
    expect(w.arm.writes).toHaveLength(0);
    expect(w.arm.pools.get('w22a')?.spec).toEqual(existing);
  });

  it('refuses a plan hash that is not the stored plan’s', async () => {
    const w = makeWorld();
    await expect(createPool(w.deps, STALE_REF)).rejects.toThrow('[PLAN_CHANGED]');
    expect(w.arm.writes).toHaveLength(0);
  });
});

describe('getPoolStatus', () => {
  it.each([
    ['no pool yet', undefined, [true, true], { exists: false, nodesReady: 0, nodesExpected: 2 }],
    [
      'creating, one node Ready',
      'Creating',
      [true, false],
      { exists: true, provisioningState: 'Creating', nodesReady: 1, nodesExpected: 2 },
    ],
    [
      'succeeded, all Ready',
      'Succeeded',
      [true, true],
      { exists: true, provisioningState: 'Succeeded', nodesReady: 2, nodesExpected: 2 },
    ],
  ])('%s', async (_name, state, ready, expected) => {
    const w = makeWorld();
    if (state) w.arm.addPool('w22a', w.plan.target.spec, state);
    ['aksw22a000000', 'aksw22a000001'].forEach((n, i) => {
      const node = w.kube.nodes.get(n);
      if (node) node.ready = ready[i] ?? false;
    });
    expect(await getPoolStatus(w.deps, { ...w.ref, pool: 'target' })).toEqual(expected);
  });

  it('counts only the asked pool’s nodes (source)', async () => {
    const w = makeWorld();
    w.kube.addNode('aksother000000', 'other');
    const status = await getPoolStatus(w.deps, { ...w.ref, pool: 'source' });
    expect(status).toMatchObject({ exists: true, nodesReady: 2, nodesExpected: 2 });
  });

  it('reports a Failed pool as a value (the orchestrator stops on it with POOL_FAILED)', async () => {
    const w = makeWorld();
    w.arm.addPool('w22a', w.plan.target.spec, 'Failed');
    await expect(getPoolStatus(w.deps, { ...w.ref, pool: 'target' })).resolves.toMatchObject({
      exists: true,
      provisioningState: 'Failed',
    });
  });
});

describe('deletePool', () => {
  it('deletes the new pool only when this run created it', async () => {
    const w = makeWorld();
    w.arm.addPool('w22a', withOwnershipTags(w.plan.target.spec, w.ref, w.hash));
    expect(await deletePool(w.deps, { ...w.ref, pool: 'target' })).toEqual({ outcome: 'deleting' });
    expect(await deletePool(w.deps, { ...w.ref, pool: 'target' })).toEqual({ outcome: 'deleting' });
    expect(w.arm.writesOf('deletePool')).toHaveLength(1);
    w.arm.pools.delete('w22a');
    expect(await deletePool(w.deps, { ...w.ref, pool: 'target' })).toEqual({ outcome: 'gone' });
  });

  it.each([
    ['untagged', w22aSpec({})],
    ['another instance', w22aSpec({ 'winshift-instance': 'inst-0' })],
    [
      'an earlier run of the same pool',
      w22aSpec({ 'winshift-instance': INSTANCE, 'winshift-run': 'r-old' }),
    ],
  ])('leaves a new-pool name it does not own (%s)', async (_name, spec) => {
    const w = makeWorld();
    w.arm.addPool('w22a', spec);
    expect(await deletePool(w.deps, { ...w.ref, pool: 'target' })).toEqual({ outcome: 'notOwned' });
    expect(w.arm.writes).toHaveLength(0);
    expect(w.logs.some((l) => l.level === 'warn' && l.outcome === 'notOwned')).toBe(true);
  });

  it('deletes the old pool, and never one carrying this run’s tags', async () => {
    const w = makeWorld();
    expect(await deletePool(w.deps, { ...w.ref, pool: 'source' })).toEqual({ outcome: 'deleting' });
    expect(w.arm.writesOf('deletePool').map((x) => x.target)).toEqual(['win19']);
    const crossed = makeWorld();
    crossed.arm.addPool('win19', w22aSpec({ 'winshift-instance': INSTANCE, 'winshift-run': RUN }));
    await expect(deletePool(crossed.deps, { ...crossed.ref, pool: 'source' })).rejects.toThrow(
      '[POOL_NOT_OWNED]',
    );
  });
});

function w22aSpec(tags: Record<string, string>): Record<string, unknown> {
  return { osType: 'Windows', osSKU: 'Windows2022', tags };
}
