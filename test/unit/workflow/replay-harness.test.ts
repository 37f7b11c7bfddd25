// The replay harness itself, where a mistake would pass unnoticed: task ids (retry timers, Task.all),
// late timers, sub-orchestration failures, timed events, long timers, and a history replayed by hand.
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { OrchestrationContext } from 'durable-functions';
import { WinshiftError } from '../../../src/domain/errors.js';
import { ActionType } from '../../../src/local/durable/actions.js';
import { EventType, event, type HistoryEvent } from '../../../src/local/durable/history.js';
import { failureOf } from '../../../src/workflow/calls.js';
import {
  ORCHESTRATOR,
  type UpgradeRequest,
  type UpgradeStatus,
} from '../../../src/workflow/contracts/index.js';
import {
  loadUpgradeOrchestrations,
  replay,
  replayApp,
  runOrchestration,
  VIRTUAL_START,
} from '../../support/replay/index.js';
import { CLUSTER, OPTIONS, runUpgrade } from './support/upgrade-run.js';

const of = (history: readonly HistoryEvent[], type: number): HistoryEvent[] =>
  history.filter((e) => e.EventType === type);

describe('the replay harness', () => {
  beforeAll(async () => {
    await loadUpgradeOrchestrations();
    const { df } = await replayApp();
    df.app.orchestration('harnessChild', function* (context: OrchestrationContext) {
      yield context.df.callActivity('echo', 'child');
      throw new WinshiftError('POOL_FAILED', 'child failed on purpose');
    });
    df.app.orchestration('harnessParent', function* (context: OrchestrationContext) {
      try {
        yield context.df.callSubOrchestrator('harnessChild', {}, 'child-1');
        return 'no failure';
      } catch (error) {
        return failureOf(error);
      }
    });
    df.app.orchestration('harnessWaiter', function* (context: OrchestrationContext) {
      context.df.setCustomStatus({ blob: 'x'.repeat(Number(context.df.getInput())) });
      yield context.df.waitForExternalEvent('never');
    });
  });

  it('replays a history written by hand: history in, actions out', async () => {
    const request: UpgradeRequest = {
      clusterResourceId: CLUSTER,
      poolName: 'win19',
      options: OPTIONS,
      startedBy: 'http',
    };
    const t0 = VIRTUAL_START;
    const episode1 = [
      event(EventType.OrchestratorStarted, t0),
      event(EventType.ExecutionStarted, t0, {
        Name: ORCHESTRATOR.upgrade,
        Input: JSON.stringify(request),
      }),
    ];
    const first = await replay(episode1, request, { instanceId: 'u1' });
    expect(first).toMatchObject({ isDone: false, customStatus: { phase: 'Planning' } });
    expect(first.actions).toEqual([
      expect.objectContaining({
        actionType: ActionType.CallActivity,
        functionName: 'recordUpgrade',
        input: expect.objectContaining({ instanceId: 'u1', state: 'Planning' }) as unknown,
      }),
    ]);
    const t1 = new Date(t0.getTime() + 1000);
    const second = await replay(
      [
        ...episode1.map((e) => ({ ...e, IsPlayed: true })),
        event(EventType.TaskScheduled, t0, { EventId: 0, Name: 'recordUpgrade', IsPlayed: true }),
        event(EventType.OrchestratorCompleted, t0, { IsPlayed: true }),
        event(EventType.OrchestratorStarted, t1),
        event(EventType.TaskCompleted, t1, { TaskScheduledId: 0, Result: 'null' }),
      ],
      request,
      { instanceId: 'u1' },
    );
    expect(second.actions).toHaveLength(2);
    expect(second.actions[1]).toMatchObject({ actionType: 0, functionName: 'planUpgrade' });
  });

  it('replays a finished run to the same output and custom status', async () => {
    const { id, run } = await runUpgrade({});
    const input = JSON.parse(
      of(run.history, EventType.ExecutionStarted)[0]?.Input ?? '',
    ) as unknown;
    const again = await replay(
      run.history.map((e) => ({ ...e, IsPlayed: true })),
      input,
      { instanceId: id },
    );
    expect(again.isDone).toBe(true);
    expect(again.output).toEqual(run.outcome.kind === 'completed' && run.outcome.output);
    expect(again.customStatus).toEqual(run.customStatus);
  });

  it("gives a retry timer the task id between the failed attempt's and the next one's", async () => {
    const { run } = await runUpgrade({ transient: { copyIdentities: 1 } });
    const [failed, retried] = of(run.history, EventType.TaskScheduled).filter(
      (e) => e.Name === 'copyIdentities',
    );
    const id = failed?.EventId ?? -1;
    const failure = of(run.history, EventType.TaskFailed).find((e) => e.TaskScheduledId === id);
    // The real extension's shape: Reason and Details, no FailureDetails.
    expect(failure).toMatchObject({
      Reason: expect.stringContaining("Activity function 'copyIdentities' failed: [TRANSIENT]"),
      Details: expect.stringContaining('"$type":"System.Exception'),
    });
    expect(failure).not.toHaveProperty('FailureDetails');
    expect(failure?.FailureDetails).toBeUndefined();
    const timer = of(run.history, EventType.TimerCreated).find((e) => e.EventId === id + 1);
    expect(Date.parse(timer?.FireAt ?? '') - Date.parse(failure?.Timestamp ?? '')).toBe(5_000);
    expect(of(run.history, EventType.TimerFired).some((e) => e.TimerId === id + 1)).toBe(true);
    expect(retried?.EventId).toBe(id + 2);
  });

  it("schedules a Task.all's children in one episode with consecutive ids, answered in one batch", async () => {
    const { run } = await runUpgrade({ workloads: 19 }, { options: { prePull: false } });
    const wave = run.episodes.find((e) => e.scheduled.some((s) => s.Name === 'patchWorkloads'));
    const ids = wave?.scheduled.map((s) => s.EventId) ?? [];
    expect(ids).toHaveLength(4);
    expect(ids).toEqual(ids.map((_, i) => (ids[0] ?? 0) + i));
    const answered = run.episodes[run.episodes.indexOf(wave!) + 1]?.batch;
    expect(answered?.map((e) => e.TaskScheduledId)).toEqual(ids);
  });

  it('delivers a timer that fires after the approval won, and it schedules nothing', async () => {
    const { outcome, status, run } = await runUpgrade(
      { sourceGoneAfterPolls: Number.POSITIVE_INFINITY },
      {
        options: { autoApproveAfterSoakInSeconds: undefined, approvalTimeoutInSeconds: 120 },
        events: () => [
          {
            name: 'approve',
            data: { by: 'ada' },
            when: (view) => (view.customStatus as UpgradeStatus).awaitingApproval,
          },
        ],
      },
    );
    expect(outcome.state).toBe('Completed');
    expect(status.steps.find((s) => s.name === 'approval')?.detail).toBe('approved by ada');
    const timer = of(run.history, EventType.TimerCreated).find(
      (e) => Date.parse(e.FireAt ?? '') - Date.parse(e.Timestamp) === 120_000,
    );
    const late = run.episodes.find((e) =>
      e.batch.some((b) => b.EventType === EventType.TimerFired && b.TimerId === timer?.EventId),
    );
    expect(late?.batch).toHaveLength(1);
    expect(late?.scheduled).toEqual([]);
  });

  it("fires a 7-day timer as a 3-day segment, then the 4 days left (the binding's timer limits)", async () => {
    const { outcome, run } = await runUpgrade(
      {},
      { options: { autoApproveAfterSoakInSeconds: undefined } },
    );
    expect(outcome.lastError).toEqual({
      code: 'APPROVAL_TIMEOUT',
      message: 'no approval within 604800 s',
    });
    const day = 24 * 3_600_000;
    const segments = of(run.history, EventType.TimerCreated).filter(
      (e) => Date.parse(e.FireAt ?? '') - Date.parse(e.Timestamp) > day,
    );
    expect(segments.map((e) => Date.parse(e.FireAt ?? '') - Date.parse(e.Timestamp))).toEqual([
      3 * day,
      4 * day,
    ]);
    expect(run.elapsedInMs).toBeGreaterThan(7 * day);
  });

  it('raises a timed event at its virtual time', async () => {
    const { outcome, status, run } = await runUpgrade(
      { poolReadyAfterPolls: Number.POSITIVE_INFINITY },
      {
        timing: { poolReadyTimeoutInSeconds: 3600 },
        events: () => [{ name: 'cancel', data: { reason: 'window closed' }, atInMs: 300_000 }],
      },
    );
    expect(outcome.lastError).toEqual({
      code: 'CANCELLED',
      message: 'cancelled by request: window closed',
    });
    const raised = of(run.history, EventType.EventRaised)[0];
    expect(Date.parse(raised?.Timestamp ?? '') - VIRTUAL_START.getTime()).toBe(300_000);
    const polls = run.calls.filter((c) => c.name === 'getPoolStatus');
    expect(Math.max(...polls.map((c) => c.startedAtInMs))).toBeLessThan(300_000);
    expect(status.steps.find((s) => s.name === 'createPool')?.state).toBe('failed');
  });

  it('reports a failed sub-orchestration to its parent with its code', async () => {
    const run = await runOrchestration('harnessParent', {}, { activities: { echo: (x) => x } });
    expect(run.outcome).toEqual({
      kind: 'completed',
      output: { code: 'POOL_FAILED', message: 'child failed on purpose' },
    });
    expect(of(run.history, EventType.SubOrchestrationInstanceCreated)[0]).toMatchObject({
      Name: 'harnessChild',
      InstanceId: 'child-1',
    });
    const failed = of(run.history, EventType.SubOrchestrationInstanceFailed)[0];
    expect(failed).toMatchObject({
      Reason: "Orchestrator function 'harnessChild' failed: [POOL_FAILED] child failed on purpose",
      Details: expect.stringContaining('"$type":"System.Exception'),
    });
    expect(failed?.FailureDetails).toBeUndefined();
    expect(run.children.get('child-1')?.outcome.kind).toBe('failed');
    expect(run.calls).toMatchObject([{ name: 'echo', input: 'child', instanceId: 'child-1' }]);
  });

  it('ends a run that waits for an event nobody raises as waiting', async () => {
    const run = await runOrchestration('harnessWaiter', 10, { activities: {} });
    expect(run.outcome).toEqual({ kind: 'waiting' });
  });

  it('fails an orchestration whose custom status is over 16 KB, as Azure does', async () => {
    const run = await runOrchestration('harnessWaiter', 17_000, { activities: {} });
    expect(run.outcome).toMatchObject({
      kind: 'failed',
      message: expect.stringContaining('16 KB'),
    });
  });
});
