import { describe, expect, it } from '@jest/globals';
import { recordUpgrade } from '../../../src/activities/record-upgrade.js';
import type { RecordUpgradeInput } from '../../../src/workflow/contracts/index.js';
import { CLUSTER, makePlan, makeWorld } from './fakes/world.js';

const base: RecordUpgradeInput = {
  instanceId: 'inst-1',
  request: {
    clusterResourceId: CLUSTER,
    poolName: 'win19',
    options: makePlan().options,
    startedBy: 'http',
  },
  state: 'Running',
  targetOsSku: 'Windows2022',
  newPoolName: 'w22a',
};

describe('recordUpgrade', () => {
  it('writes the row once, keeps createdAt across state changes', async () => {
    const w = makeWorld();
    let now = new Date('2026-11-28T12:00:00Z');
    const deps = { store: w.store, now: () => now };
    await recordUpgrade(deps, base);
    now = new Date('2026-11-28T12:05:00Z');
    await recordUpgrade(deps, base);
    expect(w.store.writesOf('upsertUpgrade')).toHaveLength(1);
    const lastError = { code: 'ROLLOUT_TIMEOUT', message: 'web did not become Ready' };
    await recordUpgrade(deps, {
      instanceId: 'inst-1',
      request: base.request,
      state: 'RolledBack',
      lastError,
    });
    expect(await w.store.getUpgrade('inst-1')).toEqual({
      instanceId: 'inst-1',
      clusterResourceId: CLUSTER,
      poolName: 'win19',
      targetOsSku: 'Windows2022',
      newPoolName: 'w22a',
      state: 'RolledBack',
      startedBy: 'http',
      createdAt: '2026-11-28T12:00:00.000Z',
      updatedAt: '2026-11-28T12:05:00.000Z',
      lastError,
    });
    expect(w.store.writesOf('upsertUpgrade')).toHaveLength(2);
  });

  it("leaves a Terminated row alone: a terminated run's late activity must not revive it", async () => {
    const w = makeWorld();
    const deps = { store: w.store, now: () => new Date('2026-11-28T12:10:00Z') };
    const terminated = {
      instanceId: 'inst-1',
      clusterResourceId: CLUSTER,
      poolName: 'win19',
      state: 'Terminated' as const,
      startedBy: 'http' as const,
      createdAt: '2026-11-28T12:00:00.000Z',
      updatedAt: '2026-11-28T12:09:00.000Z',
      lastError: { code: 'TERMINATED', message: 'stuck; left: new pool w22a exists' },
    };
    await w.store.upsertUpgrade(terminated);
    const writes = w.store.writesOf('upsertUpgrade').length;
    expect(await recordUpgrade(deps, { ...base, state: 'Running' })).toEqual(terminated);
    expect(await w.store.getUpgrade('inst-1')).toEqual(terminated);
    expect(w.store.writesOf('upsertUpgrade')).toHaveLength(writes);
  });
});
