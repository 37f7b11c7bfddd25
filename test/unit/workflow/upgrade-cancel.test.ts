// A `cancel` event rolls the upgrade back wherever it is waiting, and is kept when it arrives while
// no wait is open (during an activity), to be honoured at the next wait or step.
import { describe, expect, it } from '@jest/globals';
import type { UpgradeOptions } from '../../../src/domain/plan.js';
import { EventType, type HistoryEvent } from '../../../src/local/durable/history.js';
import type { UpgradeRequest } from '../../../src/workflow/contracts/index.js';
import {
  recordedStates,
  undoSequence,
  type FakeUpgrade,
  type Scenario,
} from './support/fake-activities.js';
import { runUpgrade } from './support/upgrade-run.js';

describe('upgradeWindowsPool cancel', () => {
  const never = Number.POSITIVE_INFINITY;
  /** Longer than the test takes to cancel: an hour. */
  const LONG = 3600;
  /** Raises `cancel` (with `data`) as soon as `ready` holds. */
  const cancelWhen =
    (ready: (fake: FakeUpgrade) => boolean, data: unknown = {}) =>
    (fake: FakeUpgrade) => [{ name: 'cancel', data, when: () => ready(fake) }];

  const cases: [
    string,
    Scenario,
    Partial<UpgradeOptions>,
    NonNullable<UpgradeRequest['timing']>,
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
      const { outcome, status, fake } = await runUpgrade(scenario, {
        options,
        timing,
        events: cancelWhen(ready, { reason: 'change freeze' }),
      });
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
    // No wait is open while copyIdentities runs (a minute): the event is kept for the next step.
    const { outcome, status, fake, run } = await runUpgrade(
      { slow: { copyIdentities: 60_000 } },
      { events: cancelWhen((f) => f.count('copyIdentities') >= 1) },
    );
    // It arrived while copyIdentities ran: in an episode before the one with its result.
    const copy = run.calls.find((c) => c.name === 'copyIdentities');
    const episodeOf = (match: (e: HistoryEvent) => boolean): number =>
      run.episodes.findIndex((episode) => episode.batch.some(match));
    const cancelled = episodeOf((e) => e.EventType === EventType.EventRaised);
    expect(cancelled).toBeGreaterThan(0);
    expect(cancelled).toBeLessThan(episodeOf((e) => e.TaskScheduledId === copy?.taskId));
    expect(outcome.lastError).toEqual({ code: 'CANCELLED', message: 'cancelled by request' });
    expect(fake.count('getPrePullStatus')).toBe(0);
    expect(fake.count('patchWorkloads')).toBe(0);
    expect(undoSequence(fake)).toEqual(['stopPrePull', 'deletePool(target)']);
    expect(status.steps.find((s) => s.name === 'copyIdentities')?.state).toBe('succeeded');
    // The pre-pull started with the pool; its wait is where the cancel is honoured.
    expect(status.steps.find((s) => s.name === 'prePull')?.state).toBe('failed');
  });

  it('charges a cancel during the pool wait to the pool, stopping the pre-pull running alongside', async () => {
    const { status } = await runUpgrade(
      { poolReadyAfterPolls: Number.POSITIVE_INFINITY },
      {
        timing: { poolReadyTimeoutInSeconds: LONG },
        events: cancelWhen((f) => f.count('getPoolStatus') >= 2),
      },
    );
    expect(status.steps.find((s) => s.name === 'createPool')?.state).toBe('failed');
    expect(status.steps.find((s) => s.name === 'prePull')).toMatchObject({
      state: 'stopped',
      detail: 'stopped by the rollback after [CANCELLED]',
    });
  });

  it('ignores a cancel once the old pool deletion was accepted', async () => {
    const { outcome, status, fake, run } = await runUpgrade(
      { sourceGoneAfterPolls: Number.POSITIVE_INFINITY },
      { events: cancelWhen((f) => f.count('deletePool') >= 1) },
    );
    expect(run.history.filter((e) => e.Name === 'cancel')).toHaveLength(1);
    expect(outcome.state).toBe('Completed');
    expect(undoSequence(fake)).toEqual([]);
    expect(fake.sequence()).not.toContain('cordonPool(false)');
    expect(status.steps.find((s) => s.name === 'deleteOldPool')).toMatchObject({
      state: 'succeeded',
      detail: 'deletion accepted, still running after 300 s',
    });
  });
});
