// Issue 12 item 17: a way out of a stuck run. POST /api/upgrades/{id}/terminate stops it without
// rollback and records on its row what the custom status says was done and not undone.
import { describe, expect, it } from '@jest/globals';
import type { Problem } from '../../../src/api/problem.js';
import { terminateHandler } from '../../../src/api/upgrades.js';
import { upgradeInstanceId } from '../../../src/app/ids.js';
import { createApp } from '../../../src/app/index.js';
import { leftBehind } from '../../../src/app/left-behind.js';
import type { UpgradeRecord } from '../../../src/ports/store.js';
import type { StepName, StepState, UpgradeStatus } from '../../../src/workflow/contracts/index.js';
import { CLUSTER, fakes, request } from '../api/fakes.js';

const ID = upgradeInstanceId(CLUSTER, 'win19');
const PLAN_ID = `plan-${'b'.repeat(32)}-abc`;

type Steps = Partial<Record<StepName, StepState | [StepState, string]>>;

function status(steps: Steps, over: Partial<UpgradeStatus> = {}): UpgradeStatus {
  return {
    phase: 'Running',
    cluster: CLUSTER,
    sourcePool: 'win19',
    targetPool: 'w22a',
    targetOsSku: 'Windows2022',
    steps: Object.entries(steps).map(([name, value]) => {
      const [state, detail] = Array.isArray(value) ? value : [value, undefined];
      return { name: name as StepName, state, ...(detail ? { detail } : {}) };
    }),
    workloads: { ready: 3, total: 3 },
    awaitingApproval: false,
    ...over,
  };
}

const AT_THE_GATE = status(
  {
    plan: 'succeeded',
    createPool: 'succeeded',
    copyIdentities: 'succeeded',
    prePull: 'succeeded',
    patchWorkloads: ['succeeded', '3 patched, 0 unchanged, 0 gone since planning'],
    rollout: 'succeeded',
    cordon: ['succeeded', '3 nodes cordoned'],
    drain: 'running',
  },
  { phase: 'Running' },
);

const row: UpgradeRecord = {
  instanceId: ID,
  clusterResourceId: CLUSTER,
  poolName: 'win19',
  newPoolName: 'w22a',
  state: 'Running',
  startedBy: 'http',
  createdAt: '2026-11-28T09:00:00.000Z',
  updatedAt: '2026-11-28T09:30:00.000Z',
};

describe('leftBehind: what the custom status says was done and not undone', () => {
  it.each<[string, unknown, string]>([
    ['no status yet', undefined, 'unknown (the run had published no status)'],
    ['still planning', status({ plan: 'running' }), 'nothing changed yet'],
    [
      'waiting for the pool',
      status({ plan: 'succeeded', createPool: 'running', prePull: 'running' }),
      'new pool w22a requested (it may exist), pre-pull DaemonSets on w22a',
    ],
    [
      'patching',
      status({
        createPool: 'succeeded',
        copyIdentities: 'succeeded',
        prePull: 'succeeded',
        patchWorkloads: ['running', '2/5 patched'],
      }),
      'new pool w22a exists, identities copied to w22a, pre-pull DaemonSets on w22a, 2 workloads patched',
    ],
    [
      'draining',
      AT_THE_GATE,
      'new pool w22a exists, identities copied to w22a, 3 workloads patched, old pool win19 cordoned, old pool win19 partly drained',
    ],
    [
      'at the gate',
      status({
        createPool: 'succeeded',
        patchWorkloads: ['succeeded', '4 patched in 2 waves, 1 unchanged, 0 gone since planning'],
        rollout: 'succeeded',
        cordon: 'succeeded',
        drain: 'succeeded',
        approval: 'running',
      }),
      'new pool w22a exists, 4 workloads patched, old pool win19 cordoned, old pool win19 drained, DaemonSets narrowed to w22a',
    ],
    [
      'rolling back',
      status({
        createPool: 'succeeded',
        patchWorkloads: ['stopped', '5 workloads'],
        rollback: ['running', '1/5 workloads restored'],
      }),
      'new pool w22a exists, up to 5 workloads patched, rollback cut short (1/5 workloads restored)',
    ],
  ])('%s', (_name, custom, expected) => {
    expect(leftBehind(custom)).toBe(expected);
  });
});

describe('POST /api/upgrades/{id}/terminate', () => {
  const call = (
    app: ReturnType<typeof fakes>['app'],
    id: string,
    body?: unknown,
    rawBody?: string,
  ): ReturnType<typeof terminateHandler> =>
    terminateHandler(
      app,
      request({ params: { id }, ...(rawBody !== undefined ? { rawBody } : { body }) }),
    );

  it('terminates a running upgrade without rollback and records what it left', async () => {
    const { app, client, store } = fakes();
    client.set({ instanceId: ID, runtimeStatus: 'Running', customStatus: AT_THE_GATE });
    await store.upsertUpgrade(row);
    const answer = await call(app, ID, { reason: '  drain stuck on payroll PDB ' });
    const message =
      'drain stuck on payroll PDB; left: new pool w22a exists, identities copied to w22a, 3 workloads patched, old pool win19 cordoned, old pool win19 partly drained';
    expect(answer.status).toBe(202);
    expect(answer.jsonBody).toEqual({
      id: ID,
      state: 'Terminated',
      lastError: { code: 'TERMINATED', message },
      statusUrl: `http://localhost:7071/api/upgrades/${ID}`,
    });
    expect(client.terminated).toEqual([{ instanceId: ID, reason: 'drain stuck on payroll PDB' }]);
    expect(client.events).toEqual([]); // no cancel: nothing is rolled back
    expect(store.upgrades.get(ID)).toEqual({
      ...row,
      state: 'Terminated',
      lastError: { code: 'TERMINATED', message },
      updatedAt: '2026-11-28T10:00:00.000Z',
    });
  });

  it('a dry run is terminated too; it has no row to record on', async () => {
    const { app, client, store } = fakes();
    client.set({ instanceId: PLAN_ID, runtimeStatus: 'Running' });
    expect((await call(app, PLAN_ID, { reason: 'slow' })).status).toBe(202);
    expect(store.upgrades.size).toBe(0);
  });

  it('404 for an unknown upgrade', async () => {
    const { app, client } = fakes();
    expect((await call(app, ID, { reason: 'x' })).status).toBe(404);
    expect(client.terminated).toEqual([]);
  });

  it.each(['Completed', 'Failed', 'Terminated', 'Canceled'] as const)(
    '409 when the upgrade is %s',
    async (runtimeStatus) => {
      const { app, client } = fakes();
      client.set({ instanceId: ID, runtimeStatus });
      const answer = await call(app, ID, { reason: 'x' });
      expect(answer.status).toBe(409);
      expect((answer.jsonBody as Problem).detail).toContain(`not running (${runtimeStatus})`);
      expect(client.terminated).toEqual([]);
    },
  );

  it('409 when the run ended on its own before the terminate took effect; its row is kept', async () => {
    const { app, client, store } = fakes();
    client.set({ instanceId: ID, runtimeStatus: 'Running', customStatus: AT_THE_GATE });
    await store.upsertUpgrade(row);
    client.terminateTakesEffect = false;
    const original = client.getStatus.bind(client);
    let reads = 0;
    client.getStatus = async (id) => {
      const found = await original(id);
      reads += 1;
      return reads > 1 && found ? { ...found, runtimeStatus: 'Completed' } : found;
    };
    const answer = await call(app, ID, { reason: 'x' });
    expect(answer.status).toBe(409);
    expect((answer.jsonBody as Problem).detail).toContain('not running (Completed)');
    expect(store.upgrades.get(ID)).toEqual(row);
  });

  it('records a termination the host has queued but not carried out within the wait', async () => {
    const { deps, client, store } = fakes();
    const app = createApp({ ...deps, terminateWaitMs: 0 });
    client.set({ instanceId: ID, runtimeStatus: 'Running', customStatus: AT_THE_GATE });
    await store.upsertUpgrade(row);
    client.terminateTakesEffect = false;
    expect((await call(app, ID, { reason: 'x' })).status).toBe(202);
    expect(store.upgrades.get(ID)?.state).toBe('Terminated');
  });

  it.each<[string, unknown, string | undefined, string, string]>([
    ['no body', undefined, '', '', 'a JSON body is required'],
    ['no reason', {}, undefined, 'reason', 'is required'],
    ['an empty reason', { reason: '   ' }, undefined, 'reason', 'is empty'],
    ['a long reason', { reason: 'x'.repeat(501) }, undefined, 'reason', 'longer than 500'],
    ['a reason that is not text', { reason: 7 }, undefined, 'reason', 'must be a string'],
    ['an unknown field', { reason: 'x', force: true }, undefined, 'force', 'not a known field'],
  ])('400 for %s, nothing terminated', async (_name, body, raw, path, message) => {
    const { app, client } = fakes();
    client.set({ instanceId: ID, runtimeStatus: 'Running' });
    const answer = await call(app, ID, body, raw);
    expect(answer.status).toBe(400);
    expect((answer.jsonBody as Problem).errors).toEqual([
      { path, message: expect.stringContaining(message) },
    ]);
    expect(client.terminated).toEqual([]);
  });

  it('400 for a malformed id', async () => {
    const { app } = fakes();
    const answer = await call(app, 'upg-../x', { reason: 'x' });
    expect(answer.status).toBe(400);
    expect((answer.jsonBody as Problem).errors?.[0]?.path).toBe('id');
  });
});
