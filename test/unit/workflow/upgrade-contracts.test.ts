// What upgradeWindowsPool does with an answer it cannot go on with: an activity result its contract
// refuses (src/workflow/contracts), a planned workload the pre-pull does not account for, or a new
// pool whose provisioning failed. It stops there, with a code saying what was wrong, and rolls back.
import { describe, expect, it } from '@jest/globals';
import { undoSequence } from './support/fake-activities.js';
import { runUpgrade } from './support/upgrade-run.js';

describe('upgradeWindowsPool checks what the activities answer', () => {
  it('rolls back with CONTRACT_MISMATCH when startPrePull names no pullers for a planned workload', async () => {
    const { outcome, status, fake } = await runUpgrade({ prePullForgets: ['web1'] });
    expect(outcome).toMatchObject({
      state: 'RolledBack',
      lastError: { code: 'CONTRACT_MISMATCH' },
    });
    expect(outcome.lastError?.message).toContain(
      'startPrePull named no pullers for Deployment shop/web1',
    );
    // Nothing was patched on a pre-pull it cannot trust.
    expect(fake.count('patchWorkloads')).toBe(0);
    expect(undoSequence(fake)).toEqual(['stopPrePull', 'deletePool(target)']);
    expect(status.steps.find((s) => s.name === 'prePull')?.state).toBe('failed');
  });

  it('stops waiting for the new pool as soon as its provisioning failed, rolling back with POOL_FAILED', async () => {
    const { outcome, status, fake, run } = await runUpgrade({ poolFailsAtPoll: 2 });
    expect(outcome).toMatchObject({
      state: 'RolledBack',
      lastError: { code: 'POOL_FAILED', message: 'pool w22a: provisioningState Failed' },
    });
    // The second poll saw Failed: no third poll, the 5-minute wait was not sat out.
    expect(fake.sequence().filter((n) => n === 'getPoolStatus(target)')).toHaveLength(2);
    expect(run.elapsedInMs).toBeLessThan(60_000);
    expect(undoSequence(fake)).toEqual(['stopPrePull', 'deletePool(target)']);
    expect(status.steps.find((s) => s.name === 'createPool')?.state).toBe('failed');
    expect(status.steps.find((s) => s.name === 'prePull')?.state).toBe('stopped');
  });

  it.each([
    ['copyIdentities', {}, 'copyIdentities', 'copyIdentities returned: userAssignedAdded'],
    ['getRolloutStatus', [{ ready: 2 }], 'rollout', 'getRolloutStatus returned: 0.ref'],
  ] as const)(
    'rolls back with CONTRACT_MISMATCH when %s answers %j',
    async (name, answer, step, named) => {
      const { outcome, status } = await runUpgrade({ malformed: { [name]: answer } });
      expect(outcome).toMatchObject({
        state: 'RolledBack',
        lastError: { code: 'CONTRACT_MISMATCH' },
      });
      expect(outcome.lastError?.message).toContain(named);
      expect(status.steps.find((s) => s.name === step)?.state).toBe('failed');
    },
  );

  it('ends Failed with ROLLBACK_FAILED when cordonPool answers {} (its uncordon too)', async () => {
    const { outcome, fake } = await runUpgrade({ malformed: { cordonPool: {} } });
    expect(outcome).toMatchObject({ state: 'Failed', lastError: { code: 'ROLLBACK_FAILED' } });
    const message = outcome.lastError?.message ?? '';
    expect(message).toContain(
      'uncordon the old pool failed: [CONTRACT_MISMATCH] cordonPool returned: nodes',
    );
    expect(message).toContain('followed [CONTRACT_MISMATCH] cordonPool returned: nodes');
    expect(fake.sequence()).toContain('cordonPool(false)');
    expect(fake.sequence()).not.toContain('deletePool(target)');
  });
});
