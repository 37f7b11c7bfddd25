import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { upgradeInstanceId } from '../../../src/app/ids.js';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { armOnlyDefaultScenario, PAYMENTS } from '../../support/arm-only-scenario.js';
import { productAppDir, startHostProcess, type HostProcess } from '../../support/host-process.js';
import { BAD_REQUESTS, CLUSTER, SUBSCRIPTION } from '../../support/bad-requests.js';

const PROBLEMS = 'https://winshift.dev/problems/';

/** The product app in the real local host: every route, with and without the function key. */
describe('HTTP API through the local host', () => {
  let sandbox: RunningSandbox;
  let host: HostProcess;
  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: await armOnlyDefaultScenario() });
    host = await startHostProcess({
      appDir: productAppDir,
      settings: {
        ...sandbox.settings,
        // A hub of its own: the instance list below then shows only what these tests started.
        WINSHIFT_TASK_HUB: `api${randomBytes(5).toString('hex')}`,
        WINSHIFT_SUBSCRIPTIONS: `${SUBSCRIPTION},${sandbox.settings.WINSHIFT_SUBSCRIPTIONS}`,
      },
    });
  });
  afterAll(async () => {
    await host?.stop();
    await sandbox?.stop();
  });

  const call = (path: string, init: RequestInit & { key?: boolean } = {}): Promise<Response> =>
    fetch(`${host.origin}${path}`, {
      ...init,
      headers: {
        ...(init.key === false ? {} : { 'x-functions-key': host.keys.function }),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
    });

  it.each(BAD_REQUESTS.map((c) => [c.name, c] as const))(
    'POST /api/upgrades refuses %s',
    async (_, bad) => {
      const res = await call('/api/upgrades', {
        method: 'POST',
        body: bad.raw ?? JSON.stringify(bad.body),
      });
      expect(res.status).toBe(bad.status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const body = (await res.json()) as { detail: string; errors?: { path: string }[] };
      expect(body.detail).toContain(bad.message);
      if (bad.path !== undefined) expect(body.errors?.map((e) => e.path)).toContain(bad.path);
      expect(JSON.stringify(body)).not.toMatch(/\n\s+at /);
    },
  );

  // Issue 12 item 10: one ARM read, and nothing written or started for a request that cannot run.
  const payments = { clusterResourceId: PAYMENTS, poolName: 'win19' };
  it.each([
    [
      'a cluster ARM does not have',
      { ...payments, clusterResourceId: CLUSTER },
      404,
      'cluster-not-found',
      'NOT_FOUND',
    ],
    [
      'a pool the cluster does not have',
      { ...payments, poolName: 'win20' },
      404,
      'pool-not-found',
      'NOT_FOUND',
    ],
    [
      'the Linux system pool',
      { ...payments, poolName: 'system' },
      422,
      'pool-not-windows',
      'INVALID_INPUT',
    ],
    [
      "the pool's own OS as target",
      { ...payments, options: { targetOsSku: 'Windows2019' } },
      422,
      'target-os-not-newer',
      'INVALID_INPUT',
    ],
    [
      'Windows2025 on Kubernetes 1.31',
      { ...payments, options: { targetOsSku: 'Windows2025' } },
      422,
      'target-os-unsupported',
      'OS_SKU_UNSUPPORTED',
    ],
    [
      'a newPoolName the cluster already has',
      { ...payments, options: { newPoolName: 'system' } },
      409,
      'pool-name-taken',
      'POOL_EXISTS',
    ],
  ])('POST /api/upgrades refuses %s', async (_name, body, status, type, code) => {
    const res = await call('/api/upgrades', { method: 'POST', body: JSON.stringify(body) });
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await res.json()).toMatchObject({ type: `${PROBLEMS}${type}`, status, code });
  });

  it.each([
    ['a pool the cluster does not have', { ...payments, poolName: 'win20' }, 404],
    ['the Linux system pool', { ...payments, poolName: 'system' }, 422],
  ])('POST /api/plans refuses %s', async (_name, body, status) => {
    const res = await call('/api/plans', { method: 'POST', body: JSON.stringify(body) });
    expect(res.status).toBe(status);
  });

  it('started nothing for any of them: no instance in the hub, no upgrade row', async () => {
    const instances = (await (
      await fetch(`${host.origin}/durabletask/instances/`)
    ).json()) as unknown[];
    expect(instances).toEqual([]);
    const list = await call('/api/upgrades');
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ items: [] });
    // Only the refusals read the cluster: one read each.
    const reads = sandbox.arm.operations().filter((o) => o.operationId === 'ManagedClusters_Get');
    expect(reads.length).toBe(8);
  });

  it.each([
    ['continuationToken=garbage', 'continuationToken', 'is not a token from a previous page'],
    ['pageSize=0', 'pageSize', 'must be from 1 to 100'],
  ])('GET /api/upgrades?%s answers 400 naming the field', async (query, path, message) => {
    const res = await call(`/api/upgrades?${query}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ path, message }] });
  });

  it.each([
    ['POST', '/api/upgrades'],
    ['POST', '/api/plans'],
    ['GET', '/api/upgrades'],
    ['GET', `/api/upgrades/${upgradeInstanceId(CLUSTER, 'win19')}`],
    ['POST', `/api/upgrades/${upgradeInstanceId(CLUSTER, 'win19')}/approve`],
    ['POST', `/api/upgrades/${upgradeInstanceId(CLUSTER, 'win19')}/cancel`],
    ['POST', `/api/upgrades/${upgradeInstanceId(CLUSTER, 'win19')}/terminate`],
    ['GET', '/api/health'],
  ])('%s %s needs the function key (401 without)', async (method, path) => {
    const res = await call(path, {
      method,
      key: false,
      ...(method === 'POST'
        ? { body: JSON.stringify({ clusterResourceId: CLUSTER, poolName: 'win19' }) }
        : {}),
    });
    expect(res.status).toBe(401);
  });

  it.each([
    ['GET', ''],
    ['POST', '/approve'],
    ['POST', '/cancel'],
    ['POST', '/terminate'],
  ])('%s an unknown upgrade%s answers 404', async (method, suffix) => {
    const res = await call(`/api/upgrades/${upgradeInstanceId(CLUSTER, 'nope1')}${suffix}`, {
      method,
      ...(suffix === '/terminate' ? { body: JSON.stringify({ reason: 'stuck' }) } : {}),
    });
    expect(res.status).toBe(404);
  });

  it('terminate needs a reason (400), before it looks for the upgrade', async () => {
    const res = await call(`/api/upgrades/${upgradeInstanceId(CLUSTER, 'nope1')}/terminate`, {
      method: 'POST',
      body: JSON.stringify({}),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      errors: [{ path: 'reason', message: expect.stringContaining('is required') }],
    });
  });

  it('answers a malformed id 400 naming the id', async () => {
    const res = await call('/api/upgrades/not-an-id');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ path: 'id' }] });
  });

  it('is healthy: configuration valid, storage reachable', async () => {
    const res = await call('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      checks: { configuration: 'valid', storage: 'reachable' },
    });
  });

  it('serves the OpenAPI document without a key', async () => {
    const res = await call('/api/openapi.json', { key: false });
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      servers: { url: string }[];
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/plans',
        '/api/upgrades',
        '/api/upgrades/{id}',
        '/api/upgrades/{id}/terminate',
        '/api/health',
      ]),
    );
    expect(doc.servers[0]?.url).toBe(host.origin);
  });

  // Last: it starts an orchestration, and shows the empty instance list above could have shown one.
  it('a valid plan request does start a dry run, seen in the same instance list', async () => {
    const res = await call('/api/plans', { method: 'POST', body: JSON.stringify(payments) });
    expect([200, 202, 500]).toContain(res.status);
    const instances = (await (await fetch(`${host.origin}/durabletask/instances/`)).json()) as {
      instanceId: string;
    }[];
    expect(instances.map((i) => i.instanceId)).toEqual([
      expect.stringMatching(/^plan-[0-9a-f]{32}-/),
    ]);
  });
});
