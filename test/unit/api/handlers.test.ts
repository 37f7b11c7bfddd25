import { describe, expect, it } from '@jest/globals';
import { healthHandler } from '../../../src/api/health.js';
import { planHandler } from '../../../src/api/plans.js';
import type { Problem } from '../../../src/api/problem.js';
import { ROUTES } from '../../../src/api/routes.js';
import { createApp } from '../../../src/app/index.js';
import { upgradeInstanceId } from '../../../src/app/ids.js';
import { startUpgrade } from '../../../src/app/start-upgrade.js';
import { settingsOf } from '../../../src/composition.js';
import {
  approveHandler,
  cancelHandler,
  getUpgradeHandler,
  listUpgradesHandler,
  startUpgradeHandler,
} from '../../../src/api/upgrades.js';
import { WinshiftError } from '../../../src/domain/errors.js';
import { loadConfig } from '../../../src/config.js';
import type { UpgradeFilter, UpgradePage } from '../../../src/ports/store.js';
import { CLUSTER, FakeStore, fakes, request, TEST_SETTINGS } from './fakes.js';

const ID = upgradeInstanceId(CLUSTER, 'win19');
const body = { clusterResourceId: CLUSTER, poolName: 'win19' };

describe('POST /api/upgrades', () => {
  it('starts under the pool id, records the row and answers 202 with links and Location', async () => {
    const { deps, client, store } = fakes();
    const answer = await startUpgradeHandler(createApp(deps), request({ body }));
    expect(answer.status).toBe(202);
    expect(ID).toMatch(/^upg-[0-9a-f]{32}$/);
    expect(answer.jsonBody).toEqual({
      id: ID,
      statusUrl: `http://localhost:7071/api/upgrades/${ID}`,
      approveUrl: `http://localhost:7071/api/upgrades/${ID}/approve`,
      cancelUrl: `http://localhost:7071/api/upgrades/${ID}/cancel`,
      dryRun: false,
    });
    expect(answer.headers?.['location']).toBe(`http://localhost:7071/api/upgrades/${ID}`);
    expect(client.started).toEqual([
      {
        orchestrator: 'upgradeWindowsPool',
        instanceId: ID,
        input: expect.objectContaining({
          clusterResourceId: CLUSTER,
          poolName: 'win19',
          startedBy: 'http',
        }),
      },
    ]);
    expect(store.upgrades.get(ID)).toMatchObject({ state: 'Planning', startedBy: 'http' });
  });

  it('gives the same id to the same pool whatever the case of the cluster id', () => {
    expect(upgradeInstanceId(CLUSTER.toUpperCase(), 'win19')).toBe(ID);
    expect(upgradeInstanceId(CLUSTER, 'win20')).not.toBe(ID);
  });

  it('answers 409 naming the running instance, starts nothing and keeps its row', async () => {
    const { deps, client, store } = fakes();
    await startUpgradeHandler(createApp(deps), request({ body }));
    const row = store.upgrades.get(ID);
    const again = await startUpgradeHandler(createApp(deps), request({ body }));
    expect(again.status).toBe(409);
    expect(again.jsonBody).toMatchObject({ instanceId: ID, detail: expect.stringContaining(ID) });
    expect(client.started).toHaveLength(1);
    expect(store.upgrades.get(ID)).toBe(row);
  });

  it('answers 409 when the host refuses the id after the status check (a race), restoring the row', async () => {
    const { deps, client, store } = fakes();
    const previous = {
      instanceId: ID,
      clusterResourceId: CLUSTER,
      poolName: 'win19',
      state: 'Running',
      startedBy: 'fleetScan',
      createdAt: 'a',
      updatedAt: 'b',
    } as const;
    await store.upsertUpgrade(previous);
    const racing = {
      ...deps,
      client: {
        ...client,
        getStatus: () => Promise.resolve(undefined),
        startNew: () => Promise.resolve('running' as const),
        raiseEvent: client.raiseEvent.bind(client),
        terminate: client.terminate.bind(client),
        listInstances: client.listInstances.bind(client),
        purge: client.purge.bind(client),
      },
    };
    const answer = await startUpgradeHandler(createApp(racing), request({ body }));
    expect(answer.status).toBe(409);
    expect(store.upgrades.get(ID)).toEqual(previous);
  });

  it.each([
    ['a first start', undefined],
    [
      'a start after an earlier run',
      {
        instanceId: ID,
        clusterResourceId: CLUSTER,
        poolName: 'win19',
        state: 'Completed',
        startedBy: 'http',
        createdAt: '2026-11-01T00:00:00.000Z',
        updatedAt: '2026-11-01T01:00:00.000Z',
      } as const,
    ],
  ])(
    '%s the host refuses for another reason: the error goes on, no Planning row stays',
    async (_name, previous) => {
      const { deps, client, store } = fakes();
      if (previous) await store.upsertUpgrade(previous);
      const failing = {
        ...deps,
        client: {
          ...client,
          getStatus: client.getStatus.bind(client),
          startNew: () => Promise.reject(new Error('[TRANSIENT] storage unavailable')),
          raiseEvent: client.raiseEvent.bind(client),
          terminate: client.terminate.bind(client),
          listInstances: client.listInstances.bind(client),
          purge: client.purge.bind(client),
        },
      };
      await expect(startUpgrade(failing, body, 'http')).rejects.toThrow('storage unavailable');
      if (previous) expect(store.upgrades.get(ID)).toEqual(previous);
      else
        expect(store.upgrades.get(ID)).toMatchObject({
          state: 'Failed',
          startedBy: 'http',
          lastError: { code: 'TRANSIENT', message: 'the start failed: storage unavailable' },
        });
      expect(store.upgrades.get(ID)?.state).not.toBe('Planning');
    },
  );

  it('starts a pool again once its last run finished', async () => {
    const { deps, client } = fakes();
    client.set({ instanceId: ID, runtimeStatus: 'Completed' });
    expect((await startUpgradeHandler(createApp(deps), request({ body }))).status).toBe(202);
  });

  it.each([
    ['carries no pacing by default (the workflow defaults)', {}, undefined],
    [
      'carries the poll settings into the upgrade',
      { WINSHIFT_POLL_INITIAL_SECONDS: '0.5', WINSHIFT_POLL_MAX_SECONDS: '5' },
      { pollInitialInSeconds: 0.5, pollMaxInSeconds: 5 },
    ],
  ])('%s', async (_name, settings, timing) => {
    const { deps, client } = fakes();
    const config = loadConfig({ ...TEST_SETTINGS, ...settings });
    await startUpgrade({ ...deps, settings: settingsOf(config) }, body, 'http');
    expect((client.started[0]?.input as { timing?: unknown }).timing).toEqual(timing);
  });

  it('is the path automatic starts take: refused with a code, or running', async () => {
    const { deps } = fakes();
    expect(await startUpgrade(deps, { ...body, poolName: 'TOOLONG' }, 'fleetScan')).toMatchObject({
      outcome: 'refused',
      code: 'INVALID_INPUT',
    });
    expect(await startUpgrade(deps, body, 'eventGrid')).toMatchObject({
      outcome: 'started',
      instanceId: ID,
    });
    expect(await startUpgrade(deps, body, 'fleetScan')).toEqual({
      outcome: 'running',
      instanceId: ID,
    });
  });
});

describe('approve and cancel', () => {
  const call = (
    handler: typeof approveHandler,
    deps: ReturnType<typeof fakes>['deps'],
    id: string,
  ): ReturnType<typeof approveHandler> => handler(createApp(deps), request({ params: { id } }));

  it.each([
    ['approve', approveHandler],
    ['cancel', cancelHandler],
  ])('%s: 404 for an unknown upgrade, 400 for a malformed id', async (_, handler) => {
    const { deps, client } = fakes();
    expect((await call(handler, deps, ID)).status).toBe(404);
    const bad = await call(handler, deps, 'upg-../../x');
    expect(bad.status).toBe(400);
    expect((bad.jsonBody as Problem).errors?.[0]?.path).toBe('id');
    expect(client.events).toEqual([]);
  });

  it.each([
    ['approve', approveHandler, 'Completed'],
    ['cancel', cancelHandler, 'Completed'],
    ['approve', approveHandler, 'Failed'],
    ['cancel', cancelHandler, 'Terminated'],
  ] as const)('%s: 409 when the upgrade is %s', async (_, handler, runtimeStatus) => {
    const { deps, client } = fakes();
    client.set({ instanceId: ID, runtimeStatus });
    const answer = await call(handler, deps, ID);
    expect(answer.status).toBe(409);
    expect((answer.jsonBody as Problem).detail).toContain(`not running (${runtimeStatus})`);
    expect(client.events).toEqual([]);
  });

  it('approve: 409 before the gate, 202 at it', async () => {
    const { deps, client } = fakes();
    client.set({ instanceId: ID, customStatus: { phase: 'Running', awaitingApproval: false } });
    const early = await call(approveHandler, deps, ID);
    expect(early.status).toBe(409);
    expect((early.jsonBody as Problem).detail).toContain('not awaiting approval (phase Running)');
    client.set({
      instanceId: ID,
      customStatus: { phase: 'AwaitingApproval', awaitingApproval: true },
    });
    expect((await call(approveHandler, deps, ID)).status).toBe(202);
    expect(client.events).toEqual([
      { instanceId: ID, eventName: 'approve', data: expect.anything() },
    ]);
  });

  it('cancel: 202 while running', async () => {
    const { deps, client } = fakes();
    client.set({ instanceId: ID, runtimeStatus: 'Running' });
    expect((await call(cancelHandler, deps, ID)).status).toBe(202);
    expect(client.events.map((e) => e.eventName)).toEqual(['cancel']);
    expect(client.events[0]?.data).not.toHaveProperty('reason');
  });

  it('cancel: passes the reason on to the upgrade', async () => {
    const { deps, client } = fakes();
    client.set({ instanceId: ID, runtimeStatus: 'Running' });
    const answer = await cancelHandler(
      createApp(deps),
      request({ params: { id: ID }, body: { reason: '  change freeze ' } }),
    );
    expect(answer.status).toBe(202);
    expect(client.events[0]?.data).toMatchObject({ reason: 'change freeze' });
  });

  it.each([
    ['an empty reason', { reason: ' ' }, 'reason', 'is empty'],
    ['a long reason', { reason: 'x'.repeat(501) }, 'reason', 'longer than 500'],
    ['an unknown field', { why: 'x' }, 'why', 'is not a known field'],
    ['a reason that is not text', { reason: 42 }, 'reason', 'string'],
  ])('cancel: 400 for %s, nothing sent', async (_name, body, path, message) => {
    const { deps, client } = fakes();
    client.set({ instanceId: ID, runtimeStatus: 'Running' });
    const answer = await cancelHandler(createApp(deps), request({ params: { id: ID }, body }));
    expect(answer.status).toBe(400);
    expect((answer.jsonBody as Problem).errors?.[0]).toMatchObject({
      path,
      message: expect.stringContaining(message),
    });
    expect(client.events).toEqual([]);
  });
});

describe('GET /api/upgrades/{id} and GET /api/upgrades', () => {
  it('404 for an unknown id', async () => {
    const { deps } = fakes();
    expect((await getUpgradeHandler(createApp(deps), request({ params: { id: ID } }))).status).toBe(
      404,
    );
  });

  it('joins the runtime status, the custom status, the plan and the progress', async () => {
    const { deps, client, store } = fakes();
    await startUpgradeHandler(createApp(deps), request({ body }));
    const status = {
      phase: 'Running',
      cluster: CLUSTER,
      sourcePool: 'win19',
      steps: [],
      workloads: { ready: 1, total: 2 },
      awaitingApproval: false,
    };
    client.set({ instanceId: ID, customStatus: status });
    const progress = [
      {
        ref: { kind: 'Deployment', namespace: 'shop', name: 'web' },
        phase: 'ready',
        ready: 2,
        desired: 2,
        message: '',
        updatedAt: 'x',
      },
    ] as const;
    await store.saveProgress(ID, progress);
    const answer = await getUpgradeHandler(createApp(deps), request({ params: { id: ID } }));
    expect(answer.status).toBe(200);
    expect(answer.jsonBody).toMatchObject({
      id: ID,
      runtimeStatus: 'Running',
      status,
      record: { state: 'Planning', clusterResourceId: CLUSTER },
      workloads: progress,
      links: { approve: `http://localhost:7071/api/upgrades/${ID}/approve` },
    });
  });

  it('passes filters to the store and links the next page', async () => {
    const { deps, store, aks, client } = fakes();
    aks.addPools('a1', 'b2', 'c3');
    for (const pool of ['a1', 'b2', 'c3']) {
      await startUpgradeHandler(createApp(deps), request({ body: { ...body, poolName: pool } }));
      // One upgrade per cluster at a time: each ends before the next pool's starts.
      client.set({ instanceId: upgradeInstanceId(CLUSTER, pool), runtimeStatus: 'Completed' });
    }
    const answer = await listUpgradesHandler(
      createApp(deps),
      request({
        query: `status=Planning&cluster=${encodeURIComponent(CLUSTER)}&since=2026-11-01T00:00:00Z&pageSize=2`,
      }),
    );
    expect(answer.status).toBe(200);
    expect(store.lastFilter).toEqual({
      state: 'Planning',
      clusterResourceId: CLUSTER,
      since: '2026-11-01T00:00:00Z',
      pageSize: 2,
    });
    const page = answer.jsonBody as { items: unknown[]; continuationToken: string; next: string };
    expect(page.items).toHaveLength(2);
    expect(page.continuationToken).toBe('next-1');
    const next = new URL(page.next);
    expect(Object.fromEntries(next.searchParams)).toEqual({
      status: 'Planning',
      cluster: CLUSTER,
      since: '2026-11-01T00:00:00Z',
      pageSize: '2',
      continuationToken: 'next-1',
    });
  });

  it.each(['pageSize=500', 'pageSize=0'])(
    '400 for a bad filter (%s) naming the range',
    async (query) => {
      const { deps } = fakes();
      const answer = await listUpgradesHandler(createApp(deps), request({ query }));
      expect(answer.status).toBe(400);
      expect((answer.jsonBody as Problem).errors).toEqual([
        { path: 'pageSize', message: 'must be from 1 to 100' },
      ]);
    },
  );

  it('400 for a continuation token the store cannot resume from; other failures go on', async () => {
    const { deps } = fakes();
    class RefusingStore extends FakeStore {
      override listUpgrades(filter: UpgradeFilter): Promise<UpgradePage> {
        const code = filter.continuationToken ? 'INVALID_INPUT' : 'TRANSIENT';
        return Promise.reject(new WinshiftError(code, 'continuationToken: not from a page'));
      }
    }
    const app = createApp({ ...deps, store: new RefusingStore() });
    const answer = await listUpgradesHandler(app, request({ query: 'continuationToken=abc' }));
    expect(answer.status).toBe(400);
    expect((answer.jsonBody as Problem).errors?.[0]?.path).toBe('continuationToken');
    await expect(listUpgradesHandler(app, request({ query: '' }))).rejects.toThrow('TRANSIENT');
  });
});

describe('POST /api/plans', () => {
  const planBody = {
    clusterResourceId: CLUSTER,
    poolName: 'win19',
    options: { targetOsSku: 'Windows2022' },
  };
  /** A dry run's plan summary as the orchestrator returns it (before warnings existed: none). */
  const SUMMARY = {
    planHash: 'abc',
    clusterResourceId: CLUSTER,
    sourcePool: 'win19',
    sourceOsSku: 'Windows2019',
    targetPool: 'w22a',
    targetOsSku: 'Windows2022',
    expectedNodes: 3,
    workloads: [],
    daemonSets: [],
    imagesToPrePull: 0,
  };

  it('runs a dry run under a plan id and answers its plan and blockers', async () => {
    const { deps, client, store } = fakes();
    const plan = {
      ...SUMMARY,
      blockers: [{ code: 'BARE_POD', message: 'pod x', subject: 'Pod shop/x' }],
      warnings: [
        { code: 'GITOPS_MANAGED', message: 'Flux will revert it', subject: 'Deployment shop/web' },
      ],
    };
    client.finishWith = {
      runtimeStatus: 'Completed',
      output: { state: 'Blocked', plan, lastError: { code: 'BARE_POD', message: '1 blocker(s)' } },
    };
    const answer = await planHandler(createApp(deps), request({ body: planBody }));
    expect(answer.status).toBe(200);
    expect(answer.jsonBody).toMatchObject({
      state: 'Blocked',
      executable: false,
      plan,
      blockers: plan.blockers,
      warnings: plan.warnings,
    });
    const started = client.started[0];
    expect(started?.instanceId).toMatch(/^plan-[0-9a-f]{32}-[0-9a-z]+$/);
    expect(started?.input).toMatchObject({
      options: { dryRun: true, targetOsSku: 'Windows2022', managedWorkloads: 'allow' },
    });
    expect(store.upgrades.size).toBe(0);
  });

  it('answers an empty warnings list for a summary from before warnings existed', async () => {
    const { deps, client } = fakes();
    client.finishWith = {
      runtimeStatus: 'Completed',
      output: {
        state: 'Completed',
        plan: { ...SUMMARY, blockers: [] },
      },
    };
    const answer = await planHandler(createApp(deps), request({ body: planBody }));
    expect(answer.jsonBody).toMatchObject({ executable: true, blockers: [], warnings: [] });
  });

  it.each<[string, Record<string, string>, Record<string, unknown>, string]>([
    ['the setting (allow) when the request does not say', {}, {}, 'allow'],
    [
      'the setting refuse when the request does not say',
      { WINSHIFT_MANAGED_WORKLOADS: 'refuse' },
      {},
      'refuse',
    ],
    [
      "the request's own policy over the setting",
      { WINSHIFT_MANAGED_WORKLOADS: 'refuse' },
      { managedWorkloads: 'allow' },
      'allow',
    ],
  ])('carries the managedWorkloads policy: %s', async (_name, settings, options, policy) => {
    const { deps, client } = fakes(loadConfig({ ...TEST_SETTINGS, ...settings }));
    await planHandler(createApp(deps), request({ body: { ...planBody, options } }));
    expect(client.started[0]?.input).toMatchObject({ options: { managedWorkloads: policy } });
  });

  it('answers 202 with the status URL when planning outlasts the wait', async () => {
    const { deps } = fakes();
    const answer = await planHandler(createApp(deps), request({ body: planBody }));
    expect(answer.status).toBe(202);
    expect(answer.headers?.['location']).toMatch(/\/api\/upgrades\/plan-/);
  });

  it.each([
    ['dryRun is not a plan option', { ...planBody, options: { dryRun: false } }, 400],
    ['bad pool', { ...planBody, poolName: 'x-y' }, 400],
    [
      'an unknown managedWorkloads policy',
      { ...planBody, options: { managedWorkloads: 'warn' } },
      400,
    ],
    [
      'foreign subscription',
      { ...planBody, clusterResourceId: CLUSTER.replace('11111111', '22222222') },
      403,
    ],
  ])('refuses %s and starts nothing', async (_, bad, status) => {
    const { deps, client } = fakes();
    expect((await planHandler(createApp(deps), request({ body: bad }))).status).toBe(status);
    expect(client.started).toEqual([]);
  });
});

describe('GET /api/health', () => {
  it('200 when configured and the store answers', async () => {
    const { deps } = fakes();
    const answer = await healthHandler(() => createApp(deps));
    expect(answer.status).toBe(200);
  });

  it('503 naming the configuration problems', async () => {
    const answer = await healthHandler(() => {
      throw new WinshiftError(
        'INVALID_INPUT',
        'configuration is invalid: WINSHIFT_SUBSCRIPTIONS: required',
      );
    });
    expect(answer.status).toBe(503);
    expect(answer.jsonBody).toMatchObject({
      problems: ['configuration is invalid: WINSHIFT_SUBSCRIPTIONS: required'],
    });
  });

  it('503 when storage fails, without the failure text (it may hold a key)', async () => {
    const { deps, store } = fakes();
    store.failing = true;
    const answer = await healthHandler(() => createApp(deps));
    expect(answer.status).toBe(503);
    expect(JSON.stringify(answer.jsonBody)).not.toContain('secret');
    expect(answer.jsonBody).toMatchObject({ checks: { storage: 'unreachable' } });
  });

  it('every other route answers 503 while the configuration is invalid', async () => {
    const load = (): never => {
      throw new WinshiftError('INVALID_INPUT', 'configuration is invalid');
    };
    for (const route of ROUTES.filter((r) => !['health', 'openApi'].includes(r.name))) {
      const answer = await route.handle(load, request({ body, params: { id: ID } }));
      expect([route.name, answer.status]).toEqual([route.name, 503]);
    }
  });
});
