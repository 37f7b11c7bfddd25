import { describe, expect, it } from '@jest/globals';
import { createActivities } from '../../../src/activities/index.js';
import { jsonLineLog } from '../../../src/activities/shared/log.js';
import { DEFAULT_CALENDAR } from '../../../src/domain/calendar.js';
import { ACTIVITY } from '../../../src/workflow/contracts/index.js';
import { FakePreflight } from './fakes/fake-preflight.js';
import { FakeAccess } from './fakes/fake-access.js';
import { FakeRegistry } from './fakes/planning.js';
import { ALL, makeWorld, STALE_REF, type World } from './fakes/world.js';

const tableOf = (w: World): ReturnType<typeof createActivities> =>
  createActivities({
    ...w.deps,
    registry: new FakeRegistry(),
    preflight: new FakePreflight(),
    access: new FakeAccess(),
    containerRegistries: new FakeAccess(),
    calendar: DEFAULT_CALENDAR,
  });

const stale: Record<string, unknown> = {
  [ACTIVITY.poolStatus]: { ...STALE_REF, pool: 'target' },
  [ACTIVITY.cordonPool]: { ...STALE_REF, unschedulable: true },
  [ACTIVITY.deletePool]: { ...STALE_REF, pool: 'target' },
  [ACTIVITY.patchWorkloads]: { ...STALE_REF, workloads: ALL },
  [ACTIVITY.rolloutStatus]: { ...STALE_REF, workloads: ALL },
  [ACTIVITY.restoreStatus]: { ...STALE_REF, workloads: ALL },
  [ACTIVITY.restoreWorkloads]: { ...STALE_REF, workloads: ALL },
  [ACTIVITY.recheckPlacements]: { ...STALE_REF, workloads: ALL },
  [ACTIVITY.releaseWorkloads]: { ...STALE_REF, workloads: ALL },
};

const planBound = Object.values(ACTIVITY).filter(
  (name) => name !== ACTIVITY.plan && name !== ACTIVITY.recordUpgrade,
);

describe('createActivities', () => {
  it('binds every activity name', () => {
    const activities = tableOf(makeWorld());
    expect(Object.keys(activities).sort()).toEqual(Object.values(ACTIVITY).sort());
  });

  it.each(planBound)(
    '%s refuses a plan hash that is not the stored plan’s, and logs the code',
    async (name) => {
      const w = makeWorld();
      const activities = tableOf(w);
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
    [ACTIVITY.createPool, { instanceId: 'inst-1' }, ['planHash']],
    [ACTIVITY.patchWorkloads, { instanceId: 'inst-1', planHash: 'x' }, ['workloads']],
    [ACTIVITY.recordUpgrade, null, ['(value)']],
    [ACTIVITY.recordUpgrade, { instanceId: 'i' }, ['request', 'state']],
    [ACTIVITY.poolStatus, { ...STALE_REF, pool: 'both' }, ['pool']],
    [
      ACTIVITY.plan,
      { instanceId: 'i', request: { poolName: 'win19' } },
      ['request.clusterResourceId'],
    ],
  ])(
    '%s refuses input that breaks its contract, naming the fields, before any read',
    async (name, input, fields) => {
      const w = makeWorld();
      const handler = tableOf(w)[name];
      const error = await handler(input).catch((e: unknown) => e);
      expect(String(error)).toContain(`[CONTRACT_MISMATCH] ${name} was given: `);
      for (const field of fields) expect(String(error)).toContain(`${field}: `);
      expect([...w.kube.writes, ...w.arm.writes]).toEqual([]);
      expect(w.logs).toEqual([expect.objectContaining({ step: name, code: 'CONTRACT_MISMATCH' })]);
    },
  );
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
