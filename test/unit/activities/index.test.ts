import { describe, expect, it } from '@jest/globals';
import { createActivities } from '../../../src/activities/index.js';
import { jsonLineLog } from '../../../src/activities/shared/log.js';
import { ACTIVITY } from '../../../src/workflow/contracts.js';
import { ALL, makeWorld, STALE_REF } from './fakes/world.js';

const planUpgrade = (): Promise<unknown> => Promise.resolve('planned');

const stale: Record<string, unknown> = {
  [ACTIVITY.poolStatus]: { ...STALE_REF, pool: 'target' },
  [ACTIVITY.cordonPool]: { ...STALE_REF, unschedulable: true },
  [ACTIVITY.deletePool]: { ...STALE_REF, pool: 'target' },
  [ACTIVITY.patchWorkloads]: { ...STALE_REF, workloads: ALL },
  [ACTIVITY.rolloutStatus]: { ...STALE_REF, workloads: ALL },
  [ACTIVITY.restoreStatus]: { ...STALE_REF, workloads: ALL },
  [ACTIVITY.restoreWorkloads]: { ...STALE_REF, workloads: ALL },
};

const planBound = Object.values(ACTIVITY).filter(
  (name) => name !== ACTIVITY.plan && name !== ACTIVITY.recordUpgrade,
);

describe('createActivities', () => {
  it('binds every activity name', () => {
    const activities = createActivities(makeWorld().deps, planUpgrade);
    expect(Object.keys(activities).sort()).toEqual(Object.values(ACTIVITY).sort());
  });

  it.each(planBound)(
    '%s refuses a plan hash that is not the stored plan’s, and logs the code',
    async (name) => {
      const w = makeWorld();
      const activities = createActivities(w.deps, planUpgrade);
      await expect(activities[name](stale[name] ?? STALE_REF)).rejects.toThrow('[PLAN_CHANGED]');
      expect(w.logs).toEqual([
        {
          level: 'warn',
          message: `activity ${name} failed`,
          step: name,
          instanceId: 'inst-1',
          code: 'PLAN_CHANGED',
        },
      ]);
      expect([...w.kube.writes, ...w.arm.writes]).toEqual([]);
    },
  );

  it.each([
    [ACTIVITY.createPool, { instanceId: 'inst-1' }, 'planHash'],
    [ACTIVITY.patchWorkloads, { instanceId: 'inst-1', planHash: 'x' }, 'workloads'],
    [ACTIVITY.recordUpgrade, null, 'instanceId, request, state'],
  ])('%s rejects input without its fields', async (name, input, missing) => {
    const activities = createActivities(makeWorld().deps, planUpgrade);
    await expect(activities[name](input)).rejects.toThrow(
      `[INVALID_INPUT] ${name}: input lacks ${missing}`,
    );
  });

  it('passes planUpgrade through', async () => {
    const activities = createActivities(makeWorld().deps, planUpgrade);
    await expect(activities[ACTIVITY.plan]({})).resolves.toBe('planned');
  });
});

describe('jsonLineLog', () => {
  it('writes one JSON object per event with the structured fields', () => {
    const lines: string[] = [];
    jsonLineLog((l) => lines.push(l)).info('pool creation accepted', {
      step: 'createPool',
      instanceId: 'i',
      pool: 'w22a',
    });
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      {
        level: 'info',
        message: 'pool creation accepted',
        step: 'createPool',
        instanceId: 'i',
        pool: 'w22a',
      },
    ]);
  });
});
