// upgradeWindowsPool on the local host's Durable engine (src/local/durable): real histories in
// Azurite, real replays and real timers of tens of milliseconds, against the unit tests' fake
// activities registered as activity functions. A representative few of the runs the unit tests make
// on the replay harness, so the engine path stays covered.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  COMPLETED_RUN_STATES,
  recordedStates,
  undoSequence,
} from '../../unit/workflow/support/fake-activities.js';
import { until, UpgradeDriver } from './support/upgrade-driver.js';

describe('upgradeWindowsPool on the local Durable engine', () => {
  let driver: UpgradeDriver;
  beforeAll(async () => {
    driver = await UpgradeDriver.start();
  });
  afterAll(() => driver.stop());

  it('replaces the pool step by step and completes', async () => {
    const { outcome, status, fake } = await driver.run({ workloads: 3, daemonSets: 1 });
    expect(outcome).toEqual({
      state: 'Completed',
      planHash: 'feedc0de12345678',
      targetPool: 'w22a',
    });
    expect(recordedStates(fake)).toEqual(COMPLETED_RUN_STATES);
    expect(fake.sequence()).toContain('deletePool(source)');
    expect(status).toMatchObject({ phase: 'Completed', workloads: { ready: 4, total: 4 } });
  });

  it('rolls back a failed patch in the order that keeps workloads served', async () => {
    const { outcome, status, fake } = await driver.run({
      fail: { patchWorkloads: 'PROTECTED_WORKLOAD' },
    });
    expect(outcome).toMatchObject({
      state: 'RolledBack',
      lastError: { code: 'PROTECTED_WORKLOAD' },
    });
    expect(undoSequence(fake)).toEqual(['restoreWorkloads', 'stopPrePull', 'deletePool(target)']);
    expect(recordedStates(fake).slice(-2)).toEqual(['RollingBack', 'RolledBack']);
    expect(status.steps.find((s) => s.name === 'patchWorkloads')?.state).toBe('failed');
  });

  it('rolls back when cancelled at the approval gate', async () => {
    const started = await driver.begin(
      {},
      { autoApproveAfterSoakInSeconds: undefined, approvalTimeoutInSeconds: 60 },
    );
    await until(async () => (await driver.status(started.id))?.awaitingApproval === true);
    await driver.raise(started.id, 'cancel', { reason: 'change freeze' });
    const { outcome, status, fake } = await driver.finish(started);
    expect(outcome).toMatchObject({
      state: 'RolledBack',
      lastError: { code: 'CANCELLED', message: 'cancelled by request: change freeze' },
    });
    expect(undoSequence(fake)).toEqual([
      'cordonPool(false)',
      'restoreWorkloads',
      'deletePool(target)',
    ]);
    expect(status.steps.find((s) => s.name === 'approval')?.state).toBe('failed');
    expect(fake.sequence()).not.toContain('deletePool(source)');
  });

  it('moves many workloads through sub-orchestrations, keeping the history small', async () => {
    const { id, outcome, status, fake } = await driver.run(
      { workloads: 150, daemonSets: 3 },
      { rolloutTimeoutInSeconds: 20 },
    );
    expect(outcome.state).toBe('Completed');
    expect(status.workloads).toEqual({ ready: 153, total: 153 });
    expect(fake.count('patchWorkloads')).toBe(Math.ceil(75 / 5) + Math.ceil(78 / 5));
    for (const child of [`${id}:patch:1`, `${id}:patch2:1`, `${id}:rollout-0:0`]) {
      expect((await driver.durable.engine.getRecord(child))?.runtimeStatus).toBe('Completed');
    }
    const history = await driver.historyOf(id);
    expect(history.filter((e) => e.Name === 'patchWorkloads')).toEqual([]);
    expect(history.length).toBeLessThan(250);
  });
});
