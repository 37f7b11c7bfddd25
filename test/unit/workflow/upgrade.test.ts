// upgradeWindowsPool on the replay harness (history in, actions out, virtual time) against fake
// activities: the forward path, dry runs, blockers, the approval gate and many workloads.
import { describe, expect, it } from '@jest/globals';
import { EventType } from '../../../src/local/durable/history.js';
import type { UpgradeStatus } from '../../../src/workflow/contracts/index.js';
import {
  COMPLETED_RUN_STATES,
  recordedStates,
  type FakeUpgrade,
} from './support/fake-activities.js';
import { runUpgrade } from './support/upgrade-run.js';

describe('upgradeWindowsPool', () => {
  const POLLS = new Set([
    'getPoolStatus(target)',
    'getPoolStatus(source)',
    'getPrePullStatus',
    'getRolloutStatus',
    'drainPool',
    'recordUpgrade',
  ]);

  it('replaces the pool step by step and completes', async () => {
    const { outcome, status, fake } = await runUpgrade({ workloads: 3, daemonSets: 1 });
    expect(outcome).toEqual({
      state: 'Completed',
      planHash: 'feedc0de12345678',
      targetPool: 'w22a',
    });
    expect(fake.sequence().filter((n) => !POLLS.has(n))).toEqual([
      'planUpgrade',
      'createPool',
      'startPrePull',
      'copyIdentities',
      'verifyGmsaAccess',
      // Two waves: the workloads of the first puller done, then the rest.
      'patchWorkloads',
      'patchWorkloads',
      'stopPrePull',
      'checkSourcePool',
      'cordonPool(true)',
      'narrowDaemonSets',
      'deletePool(source)',
    ]);
    // Polled until ready, not just once.
    expect(fake.count('getPoolStatus')).toBeGreaterThanOrEqual(3);
    expect(fake.count('drainPool')).toBe(2);
    expect(recordedStates(fake)).toEqual(COMPLETED_RUN_STATES);
    expect(status).toMatchObject({
      phase: 'Completed',
      targetPool: 'w22a',
      targetOsSku: 'Windows2022',
      workloads: { ready: 4, total: 4 },
      awaitingApproval: false,
    });
    expect(status.lastError).toBeUndefined();
    const states = Object.fromEntries(status.steps.map((s) => [s.name, s.state]));
    expect(states).toEqual({
      plan: 'succeeded',
      createPool: 'succeeded',
      copyIdentities: 'succeeded',
      prePull: 'succeeded',
      patchWorkloads: 'succeeded',
      rollout: 'succeeded',
      cordon: 'succeeded',
      drain: 'succeeded',
      approval: 'succeeded',
      deleteOldPool: 'succeeded',
      rollback: 'pending',
    });
    for (const step of status.steps.filter((s) => s.state === 'succeeded')) {
      expect(Date.parse(step.endedAt ?? '')).toBeGreaterThanOrEqual(
        Date.parse(step.startedAt ?? ''),
      );
    }
  });

  it('passes the plan reference to every activity after planning', async () => {
    const { fake, id } = await runUpgrade({});
    const after = fake.calls.filter((c) => c.name !== 'planUpgrade' && c.name !== 'recordUpgrade');
    for (const call of after)
      expect(call.input).toMatchObject({ instanceId: id, planHash: 'feedc0de12345678' });
  });

  it.each([
    ['disabled by request', { prePull: false }, {}],
    ['no new images', {}, { imagesToPrePull: 0 }],
  ])('skips the pre-pull when %s', async (detail, options, scenario) => {
    const { outcome, status, fake } = await runUpgrade(scenario, { options });
    expect(outcome.state).toBe('Completed');
    expect(fake.count('startPrePull')).toBe(0);
    expect(status.steps.find((s) => s.name === 'prePull')).toMatchObject({
      state: 'skipped',
      detail,
    });
  });

  const waves = (fake: FakeUpgrade): string[][] =>
    fake.calls
      .filter((c) => c.name === 'patchWorkloads')
      .map((c) => (c.input.workloads as { name: string }[]).map((w) => w.name));

  it('completes only once the narrowed DaemonSets are Ready again, watched during the deletion', async () => {
    const { outcome, fake } = await runUpgrade({ daemonSets: 2 });
    expect(outcome.state).toBe('Completed');
    const deleted = fake.sequence().indexOf('deletePool(source)');
    const watched = fake.calls
      .slice(deleted)
      .filter((c) => c.name === 'getRolloutStatus')
      .flatMap((c) => (c.input.workloads as { name: string }[]).map((w) => w.name));
    expect(watched).toEqual(['agent0', 'agent1']);
  });

  it("patches each workload once its own puller is done on every node, before the others' end", async () => {
    const { outcome, status, fake } = await runUpgrade({ workloads: 4 });
    expect(outcome.state).toBe('Completed');
    // Puller 0 (web0, web2) is done at the first status poll; puller 1 (web1, web3, agent0) next.
    expect(waves(fake)).toEqual([
      ['web0', 'web2'],
      ['web1', 'web3', 'agent0'],
    ]);
    const sequence = fake.sequence();
    expect(sequence.indexOf('patchWorkloads')).toBeLessThan(
      sequence.lastIndexOf('getPrePullStatus'),
    );
    expect(status.steps.find((s) => s.name === 'patchWorkloads')).toMatchObject({
      state: 'succeeded',
      detail: '5 patched in 2 waves, 0 unchanged, 0 gone since planning',
    });
  });

  it('patches the rest when the pre-pull times out, and goes on', async () => {
    const { outcome, status, fake, run } = await runUpgrade(
      { workloads: 2, prePullNeverReady: true },
      { timing: { prePullTimeoutInSeconds: 120 } },
    );
    expect(outcome.state).toBe('Completed');
    expect(waves(fake)).toEqual([['web0'], ['web1', 'agent0']]);
    expect(status.steps.find((s) => s.name === 'prePull')).toMatchObject({
      state: 'succeeded',
      detail: '1/2 nodes pulled; timed out, going on without it',
    });
    expect(fake.count('stopPrePull')).toBe(1);
    // Polled until its timeout, not longer.
    const polls = run.calls.filter((c) => c.name === 'getPrePullStatus');
    expect(polls.at(-1)?.startedAtInMs ?? 0).toBeGreaterThanOrEqual(120_000);
    expect(polls.at(-2)?.startedAtInMs ?? 0).toBeLessThan(120_000);
  });

  it('does not watch workloads that disappeared since planning', async () => {
    const { fake, status } = await runUpgrade({ workloads: 3, missing: ['web1'] });
    const watched = fake.calls
      .filter((c) => c.name === 'getRolloutStatus')
      .flatMap((c) => (c.input.workloads as { name: string }[]).map((w) => w.name));
    expect(watched).not.toContain('web1');
    expect(status.workloads).toEqual({ ready: 3, total: 3 });
  });

  it('ends a dry run after planning with the plan summary, changing and recording nothing', async () => {
    const { outcome, status, fake } = await runUpgrade(
      { workloads: 2 },
      { options: { dryRun: true } },
    );
    expect(fake.sequence()).toEqual(['planUpgrade']);
    expect(outcome.state).toBe('Completed');
    expect(outcome.plan).toMatchObject({
      targetPool: 'w22a',
      targetOsSku: 'Windows2022',
      blockers: [],
    });
    expect(outcome.plan?.workloads).toHaveLength(2);
    expect(status.steps[0]).toMatchObject({ name: 'plan', state: 'succeeded' });
  });

  it('stops at a blocked plan with nothing changed', async () => {
    const blockers = [
      {
        code: 'IMAGE_INCOMPATIBLE' as const,
        message: 'no 10.0.20348 variant',
        subject: 'Deployment shop/web0',
      },
      { code: 'BARE_POD' as const, message: 'pod without a controller', subject: 'shop/debug' },
    ];
    const { outcome, status, fake } = await runUpgrade({ blockers });
    expect(fake.sequence()).toEqual(['recordUpgrade', 'planUpgrade', 'recordUpgrade']);
    expect(recordedStates(fake)).toEqual(['Planning', 'Blocked']);
    expect(outcome).toMatchObject({ state: 'Blocked', lastError: { code: 'IMAGE_INCOMPATIBLE' } });
    expect(outcome.lastError?.message).toContain('2 blocker(s); first: Deployment shop/web0');
    expect(outcome.plan?.blockers).toHaveLength(2);
    expect(status).toMatchObject({ phase: 'Blocked', lastError: { code: 'IMAGE_INCOMPATIBLE' } });
  });

  it('reports a blocked dry run as Blocked, recording nothing', async () => {
    const blockers = [{ code: 'OS_SKU_UNSUPPORTED' as const, message: 'Kubernetes 1.31 < 1.32' }];
    const { outcome, status, fake } = await runUpgrade({ blockers }, { options: { dryRun: true } });
    expect(fake.sequence()).toEqual(['planUpgrade']);
    expect(outcome).toMatchObject({ state: 'Blocked', lastError: { code: 'OS_SKU_UNSUPPORTED' } });
    expect(status.phase).toBe('Blocked');
  });

  it('writes each log line once, not again on every replay', async () => {
    const { id, run } = await runUpgrade({});
    expect(run.episodes.length).toBeGreaterThan(10);
    const lines = run.logs.filter((l) => l.includes(`instanceId=${id} `));
    expect(lines.filter((l) => l.includes('step=createPool'))).toEqual([
      expect.stringContaining('pool w22a created') as unknown,
    ]);
    expect(lines.filter((l) => l.includes('step=done'))).toHaveLength(1);
  });

  it('reports a planning failure as Failed with its code, nothing changed', async () => {
    const { outcome, fake } = await runUpgrade({ fail: { planUpgrade: 'NOT_FOUND' } });
    expect(outcome).toMatchObject({ state: 'Failed', lastError: { code: 'NOT_FOUND' } });
    expect(fake.count('planUpgrade')).toBe(1);
    expect(fake.sequence().filter((n) => n !== 'recordUpgrade')).toEqual(['planUpgrade']);
  });

  it('shows a person at the gate what they need, then completes on approve', async () => {
    // What the person sees when they approve: the status, and whether the old pool is still there.
    const gate: { status?: UpgradeStatus; deletes?: number } = {};
    const { outcome, status, run } = await runUpgrade(
      { workloads: 4, daemonSets: 2 },
      {
        options: { autoApproveAfterSoakInSeconds: undefined },
        events: (fake) => [
          {
            name: 'approve',
            data: { by: 'ada' },
            when: (view) => {
              const seen = view.customStatus as UpgradeStatus | undefined;
              if (!seen?.awaitingApproval) return false;
              Object.assign(gate, { status: seen, deletes: fake.count('deletePool') });
              return true;
            },
          },
        ],
      },
    );
    expect(gate.status).toMatchObject({
      phase: 'AwaitingApproval',
      cluster: expect.stringContaining('managedClusters/c1') as unknown,
      sourcePool: 'win19',
      targetPool: 'w22a',
      targetOsSku: 'Windows2022',
      planHash: 'feedc0de12345678',
      workloads: { ready: 6, total: 6 },
      awaitingApproval: true,
    });
    const approval = gate.status?.steps.find((s) => s.name === 'approval');
    expect(approval).toMatchObject({ state: 'running', detail: 'waiting up to 604800 s' });
    expect(Date.parse(approval?.startedAt ?? '')).not.toBeNaN();
    expect(gate.status?.steps.find((s) => s.name === 'drain')?.state).toBe('succeeded');
    expect(gate.status?.steps.find((s) => s.name === 'deleteOldPool')?.state).toBe('pending');
    expect(gate.deletes).toBe(0);
    expect(outcome.state).toBe('Completed');
    expect(status.steps.find((s) => s.name === 'approval')?.detail).toBe('approved by ada');
    // Approved at once, well before the 7-day timeout.
    expect(run.elapsedInMs).toBeLessThan(24 * 3_600_000);
  });

  it('auto-approves after the soak', async () => {
    const { outcome, status, run } = await runUpgrade(
      {},
      { options: { autoApproveAfterSoakInSeconds: 3600 } },
    );
    expect(outcome.state).toBe('Completed');
    expect(status.steps.find((s) => s.name === 'approval')?.detail).toBe(
      'auto-approved after a 3600 s soak',
    );
    expect(run.elapsedInMs).toBeGreaterThan(3_600_000);
  });

  it('moves many workloads through sub-orchestrations, keeping the history and status small', async () => {
    const { id, outcome, status, run, fake } = await runUpgrade({ workloads: 150, daemonSets: 3 });
    expect(outcome.state).toBe('Completed');
    expect(status.workloads).toEqual({ ready: 153, total: 153 });
    // Every workload patched exactly once, 5 per call.
    const patched = fake.calls
      .filter((c) => c.name === 'patchWorkloads')
      .flatMap((c) => (c.input.workloads as { name: string }[]).map((w) => w.name));
    expect(patched).toHaveLength(153);
    expect(new Set(patched).size).toBe(153);
    // Two waves as the fake's two pullers finish: 75 workloads, then 75 and the DaemonSets.
    expect(fake.count('patchWorkloads')).toBe(Math.ceil(75 / 5) + Math.ceil(78 / 5));
    // Batches ran as sub-orchestrations (groups of 50), not in the upgrade's own history.
    for (const child of [`${id}:patch:1`, `${id}:patch2:1`, `${id}:rollout-0:0`]) {
      expect(run.children.get(child)?.outcome.kind).toBe('completed');
    }
    const history = run.history;
    const names = history.filter((e) => e.EventType === EventType.TaskScheduled).map((e) => e.Name);
    expect(names).not.toContain('patchWorkloads');
    // Only the 3 narrowed DaemonSets are watched inline (one poll), the 153 workloads were not.
    expect(names.filter((n) => n === 'getRolloutStatus')).toHaveLength(1);
    expect(history.length).toBeLessThan(250);
    expect(Buffer.byteLength(JSON.stringify(run.customStatus))).toBeLessThan(4096);
  });
});
