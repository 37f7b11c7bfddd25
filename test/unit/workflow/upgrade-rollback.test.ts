// Every failure point of upgradeWindowsPool before the old pool is deleted rolls back, in the order
// that keeps workloads served; retries apply to transient failures only.
import { describe, expect, it } from '@jest/globals';
import type { UpgradeOptions } from '../../../src/domain/plan.js';
import { recordedStates, undoSequence, type Scenario } from './support/fake-activities.js';
import { runUpgrade } from './support/upgrade-run.js';

describe('upgradeWindowsPool rollback', () => {
  const RESTORE = ['restoreWorkloads'];
  const NEW_POOL = ['deletePool(target)'];
  const never = Number.POSITIVE_INFINITY;

  /** Steps running alongside the failing one (the pre-pull runs while the pool provisions). */
  const STOPPED: Record<string, string[]> = {
    'pool never ready': ['prePull'],
    'identity copy fails': ['prePull'],
    'gMSA secret unreachable': ['prePull'],
    'pre-pull start fails (while the pool provisions)': ['createPool'],
    // Workloads are patched in waves while the pre-pull still runs.
    'patch fails': ['prePull'],
    'patch fails, new pool kept by request': ['prePull'],
  };

  const cases: [string, Scenario, Partial<UpgradeOptions>, string, string, string[]][] = [
    [
      'create pool fails',
      { fail: { createPool: 'POOL_CONFLICT' } },
      {},
      'POOL_CONFLICT',
      'createPool',
      NEW_POOL,
    ],
    [
      'pool never ready',
      { poolReadyAfterPolls: never },
      {},
      'POOL_READY_TIMEOUT',
      'createPool',
      ['stopPrePull', ...NEW_POOL],
    ],
    [
      'identity copy fails',
      { fail: { copyIdentities: 'FORBIDDEN' } },
      {},
      'FORBIDDEN',
      'copyIdentities',
      ['stopPrePull', ...NEW_POOL],
    ],
    [
      'gMSA secret unreachable',
      { fail: { verifyGmsaAccess: 'GMSA_SECRET_UNREACHABLE' } },
      {},
      'GMSA_SECRET_UNREACHABLE',
      'copyIdentities',
      ['stopPrePull', ...NEW_POOL],
    ],
    [
      'pre-pull start fails (while the pool provisions)',
      { fail: { startPrePull: 'FORBIDDEN' } },
      {},
      'FORBIDDEN',
      'prePull',
      ['stopPrePull', ...NEW_POOL],
    ],
    [
      'pre-pull fails',
      { fail: { getPrePullStatus: 'IMAGE_UNRESOLVED' } },
      {},
      'IMAGE_UNRESOLVED',
      'prePull',
      ['stopPrePull', ...NEW_POOL],
    ],
    [
      'patch fails',
      { fail: { patchWorkloads: 'PROTECTED_WORKLOAD' } },
      {},
      'PROTECTED_WORKLOAD',
      'patchWorkloads',
      [...RESTORE, 'stopPrePull', ...NEW_POOL],
    ],
    [
      'rollout times out',
      { rolloutDoneAfterPolls: never },
      {},
      'ROLLOUT_TIMEOUT',
      'rollout',
      [...RESTORE, ...NEW_POOL],
    ],
    [
      'rollout fails',
      { rolloutFails: true },
      {},
      'ROLLOUT_FAILED',
      'rollout',
      [...RESTORE, ...NEW_POOL],
    ],
    [
      'unplanned workload on the old pool',
      { unplanned: ['Deployment shop/late'] },
      {},
      'UNPLANNED_WORKLOAD',
      'cordon',
      [...RESTORE, ...NEW_POOL],
    ],
    [
      'drain times out',
      { drainPasses: never },
      {},
      'DRAIN_TIMEOUT',
      'drain',
      ['cordonPool(false)', ...RESTORE, ...NEW_POOL],
    ],
    [
      'drain blocked by a PodDisruptionBudget',
      { drainPasses: never, drainBlockedByPdb: true },
      {},
      'PDB_BLOCKED',
      'drain',
      ['cordonPool(false)', ...RESTORE, ...NEW_POOL],
    ],
    [
      'approval times out',
      {},
      { autoApproveAfterSoakInSeconds: undefined },
      'APPROVAL_TIMEOUT',
      'approval',
      ['cordonPool(false)', ...RESTORE, ...NEW_POOL],
    ],
    [
      'old pool deletion refused',
      { fail: { deletePool: 'FORBIDDEN' } },
      { deleteNewPoolOnRollback: false },
      'FORBIDDEN',
      'deleteOldPool',
      ['cordonPool(false)', ...RESTORE],
    ],
    [
      'patch fails, new pool kept by request',
      { fail: { patchWorkloads: 'PLACEMENT_UNSCHEDULABLE' } },
      { deleteNewPoolOnRollback: false },
      'PLACEMENT_UNSCHEDULABLE',
      'patchWorkloads',
      [...RESTORE, 'stopPrePull'],
    ],
  ];

  it.each(cases)(
    '%s: rolls back with its code',
    async (name, scenario, options, code, step, undo) => {
      const { outcome, status, fake } = await runUpgrade(scenario, { options });
      expect(outcome).toMatchObject({ state: 'RolledBack', lastError: { code } });
      expect(undoSequence(fake)).toEqual(undo);
      expect(recordedStates(fake).slice(-2)).toEqual(['RollingBack', 'RolledBack']);
      const recorded = fake.calls.filter((c) => c.name === 'recordUpgrade').at(-1)?.input;
      expect(recorded?.lastError).toMatchObject({ code });
      expect(status).toMatchObject({
        phase: 'RolledBack',
        lastError: { code },
        awaitingApproval: false,
      });
      expect(status.steps.find((s) => s.name === step)).toMatchObject({ state: 'failed' });
      // Only the failing step is charged; a step running alongside it is marked stopped.
      expect(status.steps.filter((s) => s.state === 'failed').map((s) => s.name)).toEqual([step]);
      expect(status.steps.filter((s) => s.state === 'running')).toEqual([]);
      const alongside = status.steps.filter((s) => s.state === 'stopped').map((s) => s.name);
      expect(alongside).toEqual(STOPPED[name] ?? []);
      expect(status.steps.find((s) => s.name === 'rollback')).toMatchObject({ state: 'succeeded' });
      // The old pool is never deleted on a failed run (only its deletion may have been refused).
      expect(fake.sourceDeleted).toBe(false);
      if (!scenario.fail?.deletePool) expect(fake.sequence()).not.toContain('deletePool(source)');
      // Restored workloads are watched until they roll out again.
      if (undo.includes('restoreWorkloads')) {
        const afterRestore = fake.sequence().slice(fake.sequence().indexOf('restoreWorkloads'));
        expect(afterRestore).toContain('getRestoreStatus');
        expect(afterRestore).not.toContain('getRolloutStatus');
      }
    },
  );

  it('names what is stuck when the drain times out', async () => {
    const { outcome } = await runUpgrade({
      drainPasses: Number.POSITIVE_INFINITY,
      drainBlockedByPdb: true,
    });
    expect(outcome.lastError?.message).toContain(
      'shop/web0-abc (PodDisruptionBudget shop/web-pdb allows 0 disruptions)',
    );
    expect(outcome.lastError?.message).toContain('3 pods left on pool win19');
  });

  it('names the workloads that did not roll out', async () => {
    const { outcome } = await runUpgrade({
      workloads: 8,
      rolloutDoneAfterPolls: Number.POSITIVE_INFINITY,
    });
    expect(outcome.lastError?.message).toMatch(
      /^9 of 9 workloads not rolled out after 300 s: Deployment shop\/web0 0\/2 ready/,
    );
    expect(outcome.lastError?.message).toContain('and 4 more');
  });

  it('ends Failed with ROLLBACK_FAILED and what is left when the rollback itself fails', async () => {
    const { outcome, status, fake } = await runUpgrade({
      fail: { patchWorkloads: 'PROTECTED_WORKLOAD', restoreWorkloads: 'FORBIDDEN' },
    });
    expect(outcome).toMatchObject({ state: 'Failed', lastError: { code: 'ROLLBACK_FAILED' } });
    const message = outcome.lastError?.message ?? '';
    expect(message).toContain('restore the workloads failed: [FORBIDDEN]');
    expect(message).toContain(
      'Left to do: restore the workloads; remove the pre-pull DaemonSets; delete the new pool w22a',
    );
    expect(message).toContain('followed [PROTECTED_WORKLOAD]');
    // Stopped at the failure: the new pool was not deleted under workloads still pointing at it.
    expect(fake.sequence()).not.toContain('deletePool(target)');
    expect(recordedStates(fake).slice(-2)).toEqual(['RollingBack', 'Failed']);
    expect(status.steps.find((s) => s.name === 'rollback')?.state).toBe('failed');
  });

  it('fails the rollback when restored workloads never roll out again (bounded)', async () => {
    const { outcome } = await runUpgrade({ rolloutFails: true, restoredNeverReady: true });
    expect(outcome.lastError?.code).toBe('ROLLBACK_FAILED');
    expect(outcome.lastError?.message).toContain('[ROLLOUT_TIMEOUT]');
  });

  describe('retries', () => {
    it('retries a transient failure with backoff and goes on', async () => {
      const { outcome, fake, run } = await runUpgrade({ transient: { copyIdentities: 2 } });
      expect(outcome.state).toBe('Completed');
      expect(fake.count('copyIdentities')).toBe(3);
      // Backoff on durable timers: 5 s, then 10 s.
      const [first, second, third] = run.calls.filter((c) => c.name === 'copyIdentities');
      expect((second?.startedAtInMs ?? 0) - (first?.startedAtInMs ?? 0)).toBe(5_000);
      expect((third?.startedAtInMs ?? 0) - (second?.startedAtInMs ?? 0)).toBe(10_000);
    });

    it('rolls back with TRANSIENT once the attempts are exhausted', async () => {
      const { outcome, fake } = await runUpgrade({ transient: { copyIdentities: 99 } });
      expect(outcome).toMatchObject({ state: 'RolledBack', lastError: { code: 'TRANSIENT' } });
      expect(outcome.lastError?.message).toContain('copyIdentities (after 3 attempts)');
      expect(fake.count('copyIdentities')).toBe(3);
    });

    it.each([
      ['createPool', 'POOL_CONFLICT'],
      ['copyIdentities', 'FORBIDDEN'],
      ['verifyGmsaAccess', 'IDENTITY_UNVERIFIABLE'],
    ] as const)('calls %s once when it fails with %s (no retry)', async (name, code) => {
      const { fake } = await runUpgrade({ fail: { [name]: code } });
      expect(fake.count(name)).toBe(1);
    });

    it('retries only the chunk that failed transiently', async () => {
      // Without pre-pull: one patch wave (with it, workloads move in waves as their images arrive).
      const { outcome, fake } = await runUpgrade(
        { workloads: 12, transient: { patchWorkloads: 1 } },
        { options: { prePull: false } },
      );
      expect(outcome.state).toBe('Completed');
      // 13 workloads in 3 chunks, one of them called twice.
      expect(fake.count('patchWorkloads')).toBe(4);
    });

    it('lets every chunk of a wave finish before rolling back', async () => {
      const { outcome, fake, run } = await runUpgrade(
        { workloads: 19, patchFailsFor: 'web0', slowPatchMs: 30_000 },
        { options: { prePull: false } },
      );
      expect(outcome.lastError?.code).toBe('PROTECTED_WORKLOAD');
      // 20 workloads: one wave of 4 chunks, all called; no second wave.
      expect(fake.count('patchWorkloads')).toBe(4);
      // The failed chunk answered first; the slow ones had finished before any restore began.
      const patches = run.calls.filter((c) => c.name === 'patchWorkloads');
      const failed = patches.filter((c) => c.failed);
      const slow = patches.filter((c) => !c.failed);
      expect(failed).toHaveLength(1);
      expect(failed[0]?.endedAtInMs).toBeLessThan(Math.min(...slow.map((c) => c.endedAtInMs)));
      const restore = run.calls.find((c) => c.name === 'restoreWorkloads');
      expect(Math.max(...slow.map((c) => c.endedAtInMs))).toBeLessThanOrEqual(
        restore?.startedAtInMs ?? -1,
      );
    });
  });
});
