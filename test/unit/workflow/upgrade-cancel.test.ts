// A `cancel` event rolls the upgrade back wherever it is waiting, and is kept when it arrives while
// no wait is open (during an activity), to be honoured at the next wait or step.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { UpgradeOptions } from '../../../src/domain/plan.js';
import type { WorkflowTiming } from '../../../src/workflow/contracts/index.js';
import type { FakeUpgrade, Scenario } from './support/fake-activities.js';
import { recordedStates, undoSequence, until, UpgradeDriver } from './support/upgrade-driver.js';

describe('upgradeWindowsPool cancel', () => {
  let driver: UpgradeDriver;
  beforeAll(async () => {
    driver = await UpgradeDriver.start();
  });
  afterAll(() => driver.stop());

  const never = Number.POSITIVE_INFINITY;
  const LONG = 60;

  const cases: [
    string,
    Scenario,
    Partial<UpgradeOptions>,
    Partial<WorkflowTiming>,
    (fake: FakeUpgrade) => boolean,
    string,
    string[],
  ][] = [
    [
      'waiting for the new pool',
      { poolReadyAfterPolls: never },
      {},
      { poolReadyTimeoutInSeconds: LONG },
      (f) => f.count('getPoolStatus') >= 2,
      'createPool',
      ['stopPrePull', 'deletePool(target)'],
    ],
    [
      'waiting for the pre-pull',
      { prePullNeverReady: true },
      {},
      { prePullTimeoutInSeconds: LONG },
      (f) => f.count('getPrePullStatus') >= 2,
      'prePull',
      // The workloads whose images were pulled had been patched: restored first.
      ['restoreWorkloads', 'stopPrePull', 'deletePool(target)'],
    ],
    [
      'waiting for the rollout',
      { rolloutDoneAfterPolls: never },
      { rolloutTimeoutInSeconds: LONG },
      {},
      (f) => f.count('getRolloutStatus') >= 2,
      'rollout',
      ['restoreWorkloads', 'deletePool(target)'],
    ],
    [
      'waiting for the drain',
      { drainPasses: never },
      { drainTimeoutInSeconds: LONG },
      {},
      (f) => f.count('drainPool') >= 2,
      'drain',
      ['cordonPool(false)', 'restoreWorkloads', 'deletePool(target)'],
    ],
    [
      'at the approval gate',
      {},
      { autoApproveAfterSoakInSeconds: undefined, approvalTimeoutInSeconds: LONG },
      {},
      (f) => recordedStates(f).includes('AwaitingApproval'),
      'approval',
      ['cordonPool(false)', 'restoreWorkloads', 'deletePool(target)'],
    ],
    [
      'during the soak before auto-approval',
      {},
      { autoApproveAfterSoakInSeconds: LONG },
      {},
      (f) => recordedStates(f).includes('AwaitingApproval'),
      'approval',
      ['cordonPool(false)', 'restoreWorkloads', 'deletePool(target)'],
    ],
  ];

  it.each(cases)(
    'rolls back when cancelled %s',
    async (_n, scenario, options, timing, ready, step, undo) => {
      const started = await driver.begin(scenario, options, timing);
      await until(() => ready(started.fake));
      await driver.raise(started.id, 'cancel', { reason: 'change freeze' });
      const { outcome, status, fake } = await driver.finish(started);
      expect(outcome).toMatchObject({
        state: 'RolledBack',
        lastError: { code: 'CANCELLED', message: 'cancelled by request: change freeze' },
      });
      expect(undoSequence(fake)).toEqual(undo);
      expect(status.steps.find((s) => s.name === step)?.state).toBe('failed');
      expect(status).toMatchObject({ phase: 'RolledBack', awaitingApproval: false });
      expect(fake.sequence()).not.toContain('deletePool(source)');
    },
  );

  it('keeps a cancel raised while an activity runs and honours it at the next step', async () => {
    // No wait is open while copyIdentities runs: the event is kept for the next step boundary.
    const started = await driver.begin({ slow: { copyIdentities: 400 } });
    await until(() => started.fake.count('copyIdentities') >= 1);
    await driver.raise(started.id, 'cancel', {});
    const { outcome, status, fake } = await driver.finish(started);
    expect(outcome.lastError).toEqual({ code: 'CANCELLED', message: 'cancelled by request' });
    expect(fake.count('getPrePullStatus')).toBe(0);
    expect(fake.count('patchWorkloads')).toBe(0);
    expect(undoSequence(fake)).toEqual(['stopPrePull', 'deletePool(target)']);
    expect(status.steps.find((s) => s.name === 'copyIdentities')?.state).toBe('succeeded');
    // The pre-pull started with the pool; its wait is where the cancel is honoured.
    expect(status.steps.find((s) => s.name === 'prePull')?.state).toBe('failed');
  });

  it('charges a cancel during the pool wait to the pool, stopping the pre-pull running alongside', async () => {
    const started = await driver.begin(
      { poolReadyAfterPolls: Number.POSITIVE_INFINITY },
      {},
      { poolReadyTimeoutInSeconds: LONG },
    );
    await until(() => started.fake.count('getPoolStatus') >= 2);
    await driver.raise(started.id, 'cancel', {});
    const { status } = await driver.finish(started);
    expect(status.steps.find((s) => s.name === 'createPool')?.state).toBe('failed');
    expect(status.steps.find((s) => s.name === 'prePull')).toMatchObject({
      state: 'stopped',
      detail: 'stopped by the rollback after [CANCELLED]',
    });
  });

  it('ignores a cancel once the old pool deletion was accepted', async () => {
    const started = await driver.begin(
      { sourceGoneAfterPolls: Number.POSITIVE_INFINITY },
      {},
      { poolDeleteTimeoutInSeconds: 0.5 },
    );
    await until(() => started.fake.count('deletePool') >= 1);
    await driver.raise(started.id, 'cancel', {});
    const { outcome, status, fake } = await driver.finish(started);
    expect(outcome.state).toBe('Completed');
    expect(undoSequence(fake)).toEqual([]);
    expect(fake.sequence()).not.toContain('cordonPool(false)');
    expect(status.steps.find((s) => s.name === 'deleteOldPool')).toMatchObject({
      state: 'succeeded',
      detail: 'deletion accepted, still running after 0.5 s',
    });
  });
});
