// upgradeWindowsPool version 2 (docs/adr/0006) on the replay harness, each against version 1 where
// the two differ: the re-check before the deletion, the point of no return, the approval wait in
// pieces, and a cancel that arrives while the gate is being recorded.
import { describe, expect, it } from '@jest/globals';
import { EventType, type HistoryEvent } from '../../../src/local/durable/history.js';
import { MAX_TIMER_PIECE_IN_SECONDS } from '../../../src/workflow/steps-approval.js';
import { recordedStates, undoSequence } from './support/fake-activities.js';
import { runUpgrade } from './support/upgrade-run.js';

const HOUR_IN_MS = 3600 * 1000;
const DAY_IN_MS = 24 * HOUR_IN_MS;

describe('upgradeWindowsPool version 2', () => {
  it('re-checks every moved workload before the point of no return, recorded before the DELETE', async () => {
    const { outcome, fake } = await runUpgrade({ workloads: 3, daemonSets: 1 }, { version: 2 });
    expect(outcome.state).toBe('Completed');
    const sequence = fake.sequence();
    const recheck = sequence.indexOf('recheckPlacements');
    const pointOfNoReturn = fake.calls.findIndex(
      (c) => c.name === 'recordUpgrade' && c.input.state === 'DeletingOldPool',
    );
    const deletion = sequence.indexOf('deletePool(source)');
    expect(recheck).toBeGreaterThan(sequence.indexOf('narrowDaemonSets'));
    // The rollouts are read again between the re-check and the point of no return.
    expect(sequence.slice(recheck, pointOfNoReturn)).toContain('getRolloutStatus');
    expect(recheck).toBeLessThan(pointOfNoReturn);
    expect(pointOfNoReturn).toBeLessThan(deletion);
    // Every moved workload, the narrowed DaemonSet too, is re-checked.
    const rechecked = fake.calls
      .filter((c) => c.name === 'recheckPlacements')
      .flatMap((c) => (c.input.workloads as { name: string }[]).map((w) => w.name));
    expect(rechecked.sort()).toEqual(['agent0', 'web0', 'web1', 'web2']);
    expect(recordedStates(fake)).toEqual([
      'Planning',
      'Running',
      'AwaitingApproval',
      'Running',
      'DeletingOldPool',
      'Completed',
    ]);
    // A Completed run takes its original annotations off every moved workload, after the deletion.
    const released = fake.calls
      .filter((c) => c.name === 'releaseWorkloads')
      .flatMap((c) => (c.input.workloads as { name: string }[]).map((w) => w.name));
    expect(released.sort()).toEqual(['agent0', 'web0', 'web1', 'web2']);
    expect(sequence.indexOf('releaseWorkloads')).toBeGreaterThan(deletion);
  });

  it('stops before the DELETE when a workload was put back on the old pool, names it and rolls back', async () => {
    const { outcome, fake, status } = await runUpgrade(
      { workloads: 3, reverted: ['web1'] },
      { version: 2 },
    );
    expect(outcome.state).toBe('RolledBack');
    expect(outcome.lastError).toMatchObject({
      code: 'WORKLOAD_REVERTED',
      message: expect.stringContaining(
        'web1 (mayLandOnOldPool: old pool: agentpool=win19 is back)',
      ),
    });
    expect(fake.sequence()).not.toContain('deletePool(source)');
    // The new pool is cordoned before the restore: no old-image pod may land on it.
    expect(undoSequence(fake)).toEqual([
      'cordonPool(false)',
      'cordonPool(true, target)',
      'restoreWorkloads',
      'deletePool(target)',
    ]);
    expect(status.steps.find((s) => s.name === 'deleteOldPool')?.state).toBe('failed');
  });

  it('version 1 deletes the old pool without re-checking (the same put-back workload)', async () => {
    const { outcome, fake } = await runUpgrade({ workloads: 3, reverted: ['web1'] });
    expect(outcome.state).toBe('Completed');
    expect(fake.count('recheckPlacements')).toBe(0);
  });

  it.each([
    ['the DELETE is refused', { fail: { deletePool: 'POOL_CONFLICT' as const } }, 'POOL_CONFLICT'],
  ])(
    'past the point of no return (%s) the run ends Failed with both pools, never rolling back',
    async (_name, scenario, code) => {
      const { outcome, fake, status } = await runUpgrade(
        { workloads: 2, ...scenario },
        { version: 2 },
      );
      expect(outcome.state).toBe('Failed');
      expect(outcome.lastError?.code).toBe(code);
      expect(outcome.lastError?.message).toMatch(/old pool win19: .*; new pool w22a: /);
      expect(undoSequence(fake)).toEqual([]);
      expect(fake.sequence()).not.toContain('cordonPool(false)');
      expect(fake.sequence()).not.toContain('restoreWorkloads');
      expect(recordedStates(fake).slice(-2)).toEqual(['DeletingOldPool', 'Failed']);
      expect(status.steps.find((s) => s.name === 'rollback')?.state).toBe('pending');
    },
  );

  it('version 1 rolls back onto the old pool when its DELETE is refused (what version 2 fixes)', async () => {
    const { fake } = await runUpgrade({ workloads: 2, fail: { deletePool: 'POOL_CONFLICT' } });
    expect(undoSequence(fake)).toContain('restoreWorkloads');
  });

  it('waits for approval in pieces of at most 3 days; a piece firing after the approval schedules nothing', async () => {
    // Approved an hour before the first piece ends; the deletion is then watched for 4 hours, so the
    // cancelled piece fires while the run goes on.
    const approveAt = 3 * DAY_IN_MS - HOUR_IN_MS;
    const { outcome, run, status } = await runUpgrade(
      { workloads: 1, sourceGoneAfterPolls: Infinity },
      {
        version: 2,
        options: {
          autoApproveAfterSoakInSeconds: undefined,
          approvalTimeoutInSeconds: 7 * 24 * 3600,
        },
        timing: { poolDeleteTimeoutInSeconds: 4 * 3600, pollMaxInSeconds: 3600 },
        events: () => [{ name: 'approve', data: { by: 'ada' }, atInMs: approveAt }],
      },
    );
    expect(outcome.state).toBe('Completed');
    expect(status.steps.find((s) => s.name === 'approval')?.detail).toBe('approved by ada');
    const length = (e: HistoryEvent): number =>
      Date.parse(String(e.FireAt)) - Date.parse(String(e.Timestamp));
    const created = run.history.filter((e) => e.EventType === EventType.TimerCreated);
    // Every timer of the run is at most one piece long: no LongTimerTask exists to be cancelled.
    expect(Math.max(...created.map(length))).toBeLessThanOrEqual(MAX_TIMER_PIECE_IN_SECONDS * 1000);
    const piece = created.find((e) => length(e) === MAX_TIMER_PIECE_IN_SECONDS * 1000);
    const approved = run.history.findIndex((e) => e.EventType === EventType.EventRaised);
    const pieceFired = run.history.findIndex(
      (e) => e.EventType === EventType.TimerFired && e.TimerId === piece?.EventId,
    );
    expect(pieceFired).toBeGreaterThan(approved);
    // Nothing longer than a poll was scheduled after the approval: the late piece started no other.
    const after = run.history.slice(approved).filter((e) => e.EventType === EventType.TimerCreated);
    expect(after.every((e) => length(e) <= HOUR_IN_MS)).toBe(true);
  });

  it('version 1: the cancelled 7-day timer schedules its next piece after the approval (what version 2 avoids)', async () => {
    // durable-functions 3.5's LongTimerTask.trySetValue has no cancel check (DESIGN section 7): its
    // first 3-day piece fires after the approval and it creates the next one anyway.
    const { outcome, run } = await runUpgrade(
      { workloads: 1, sourceGoneAfterPolls: Infinity },
      {
        options: {
          autoApproveAfterSoakInSeconds: undefined,
          approvalTimeoutInSeconds: 7 * 24 * 3600,
        },
        timing: { poolDeleteTimeoutInSeconds: 4 * 3600, pollMaxInSeconds: 3600 },
        events: () => [{ name: 'approve', atInMs: 3 * DAY_IN_MS - HOUR_IN_MS }],
      },
    );
    expect(outcome.state).toBe('Completed');
    const approved = run.history.findIndex((e) => e.EventType === EventType.EventRaised);
    const after = run.history.slice(approved).filter((e) => e.EventType === EventType.TimerCreated);
    const length = (e: HistoryEvent): number =>
      Date.parse(String(e.FireAt)) - Date.parse(String(e.Timestamp));
    expect(after.some((e) => length(e) > DAY_IN_MS)).toBe(true);
  });

  it('times out the approval after the pieces add up to the timeout, then rolls back', async () => {
    const { outcome, run } = await runUpgrade(
      { workloads: 1 },
      {
        version: 2,
        options: {
          autoApproveAfterSoakInSeconds: undefined,
          approvalTimeoutInSeconds: 7 * 24 * 3600,
        },
      },
    );
    expect(outcome.state).toBe('RolledBack');
    expect(outcome.lastError?.code).toBe('APPROVAL_TIMEOUT');
    expect(run.elapsedInMs).toBeGreaterThanOrEqual(7 * DAY_IN_MS);
    expect(run.elapsedInMs).toBeLessThan(8 * DAY_IN_MS);
  });

  it('does not lose a cancel that arrives while the gate records AwaitingApproval', async () => {
    const { outcome, run } = await runUpgrade(
      { workloads: 1, slow: { recordUpgrade: 1000 } },
      {
        version: 2,
        options: { autoApproveAfterSoakInSeconds: undefined },
        events: () => [
          {
            name: 'cancel',
            data: { reason: 'change freeze' },
            when: (view) =>
              view.calls.some(
                (c) =>
                  c.name === 'recordUpgrade' &&
                  (c.input as { state?: string }).state === 'AwaitingApproval',
              ),
          },
        ],
      },
    );
    expect(outcome.state).toBe('RolledBack');
    expect(outcome.lastError).toMatchObject({ code: 'CANCELLED' });
    // Rolled back at once, not after the 7-day approval timeout.
    expect(run.elapsedInMs).toBeLessThan(DAY_IN_MS);
  });

  it('version 1 restores without cordoning the new pool, and completes without releasing', async () => {
    const rolled = await runUpgrade({ workloads: 2, rolloutFails: true });
    expect(undoSequence(rolled.fake)).not.toContain('cordonPool(true, target)');
    const completed = await runUpgrade({ workloads: 2 });
    expect(completed.fake.count('releaseWorkloads')).toBe(0);
  });

  it('keeps a Completed run Completed when releasing its annotations fails', async () => {
    const { outcome, status } = await runUpgrade(
      { workloads: 2, fail: { releaseWorkloads: 'FORBIDDEN' } },
      { version: 2 },
    );
    expect(outcome.state).toBe('Completed');
    expect(status.steps.find((s) => s.name === 'deleteOldPool')?.detail).toContain(
      'the original annotations stay on some workloads: [FORBIDDEN]',
    );
  });
});
