// A cluster AKS is busy with (issue 13 item 2): a write refused with CLUSTER_OPERATION_IN_PROGRESS
// is retried with the policy's backoff for the busy budget (30 minutes), not the three attempts a
// TRANSIENT failure gets here; the status says why the run waits; a cancel stops the wait. And a
// failed pool's reason reaches lastError (item 3). On the replay harness, virtual time.
import { describe, expect, it } from '@jest/globals';
import type { UpgradeStatus } from '../../../src/workflow/contracts/index.js';
import { undoSequence } from './support/fake-activities.js';
import { runUpgrade } from './support/upgrade-run.js';

const MINUTE = 60_000;

function createPoolTimes(calls: readonly { name: string; startedAtInMs: number }[]): number[] {
  return calls.filter((c) => c.name === 'createPool').map((c) => c.startedAtInMs);
}

describe('a cluster busy with another operation', () => {
  it('is waited out with backoff, past the attempts a transient failure gets, and the run goes on', async () => {
    const { outcome, fake, run, status } = await runUpgrade({ busy: { createPool: 8 } });
    expect(outcome.state).toBe('Completed');
    expect(fake.count('createPool')).toBe(9);
    // 5, 10, 20, 40 s, then the policy's 60 s cap.
    const times = createPoolTimes(run.calls);
    expect(times.slice(1).map((t, i) => t - (times[i] ?? 0))).toEqual([
      5_000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000, 60_000,
    ]);
    // While it waited, the status said why; once through, the error is gone.
    const waiting = run.episodes
      .map((e) => e.customStatus as UpgradeStatus | undefined)
      .find((s) => s?.lastError?.code === 'CLUSTER_OPERATION_IN_PROGRESS');
    expect(waiting?.phase).toBe('Running');
    expect(waiting?.lastError?.message).toMatch(
      /^createPool attempt \d+: HTTP 409 OperationNotAllowed: Operation is not allowed: Another agentpool operation .*; attempt \d+ at \d{4}-\d\d-\d\dT[\d:.]+Z$/,
    );
    expect(waiting?.steps.find((s) => s.name === 'createPool')?.state).toBe('running');
    expect(status.lastError).toBeUndefined();
  });

  it('is waited for 30 minutes at most, then rolls back with CLUSTER_OPERATION_IN_PROGRESS', async () => {
    const { outcome, fake, run } = await runUpgrade({ busy: { createPool: Infinity } });
    expect(outcome).toMatchObject({
      state: 'RolledBack',
      lastError: { code: 'CLUSTER_OPERATION_IN_PROGRESS' },
    });
    const times = createPoolTimes(run.calls);
    // The last attempt is made when the budget ends, not later: 1 + 4 + 28 + 1 calls.
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBe(30 * MINUTE);
    expect(fake.count('createPool')).toBe(34);
    expect(outcome.lastError?.message).toContain('createPool (after 34 attempts over 1800 s)');
    expect(undoSequence(fake)).toEqual(['deletePool(target)']);
  });

  it('stops waiting when the run is cancelled', async () => {
    const { outcome, fake, run } = await runUpgrade(
      { busy: { createPool: Infinity } },
      { events: () => [{ name: 'cancel', data: { reason: 'change freeze' }, atInMs: 4 * MINUTE }] },
    );
    expect(outcome).toMatchObject({ state: 'RolledBack', lastError: { code: 'CANCELLED' } });
    expect(run.elapsedInMs).toBeLessThan(10 * MINUTE);
    expect(fake.count('createPool')).toBeLessThan(10);
  });

  it('is waited out during a rollback too (the new pool is deleted once AKS lets it)', async () => {
    const { outcome, fake } = await runUpgrade({
      rolloutFails: true,
      busy: { deletePool: 3 },
    });
    expect(outcome).toMatchObject({ state: 'RolledBack', lastError: { code: 'ROLLOUT_FAILED' } });
    expect(fake.sequence().filter((n) => n === 'deletePool(target)')).toHaveLength(4);
  });
});

describe('a new pool that ends Failed', () => {
  it("rolls back with AKS's reason in lastError", async () => {
    const { outcome, status } = await runUpgrade({
      poolFailsAtPoll: 2,
      poolError: {
        code: 'AllocationFailed',
        message:
          'Allocation failed. We do not have sufficient capacity for the requested VM size in this region.',
      },
    });
    const lastError = {
      code: 'POOL_FAILED',
      message:
        'pool w22a: provisioningState Failed: AllocationFailed: Allocation failed. We do not have sufficient capacity for the requested VM size in this region.',
    };
    expect(outcome).toMatchObject({ state: 'RolledBack', lastError });
    expect(status.lastError).toEqual(lastError);
  });

  it('is QUOTA_EXCEEDED when AKS says a quota is exhausted', async () => {
    const { outcome } = await runUpgrade({
      poolFailsAtPoll: 2,
      poolError: {
        code: 'QuotaExceeded',
        message:
          'Operation could not be completed as it results in exceeding approved Total Regional Cores quota.',
      },
    });
    expect(outcome).toMatchObject({ state: 'RolledBack', lastError: { code: 'QUOTA_EXCEEDED' } });
    expect(outcome.lastError?.message).toContain('w22a: provisioningState Failed: QuotaExceeded');
  });
});
