import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { upgradeInstanceId } from '../../../src/app/ids.js';
import { productAppDir, startHostProcess, type HostProcess } from '../../support/host-process.js';
import { BAD_REQUESTS, CLUSTER, SUBSCRIPTION } from '../../support/bad-requests.js';

/** The product app in the real local host: every route, with and without the function key. */
describe('HTTP API through the local host', () => {
  let host: HostProcess;
  beforeAll(async () => {
    host = await startHostProcess({
      appDir: productAppDir,
      settings: {
        // A hub of its own: the instance list below then shows only what these tests started.
        WINSHIFT_TASK_HUB: `api${randomBytes(5).toString('hex')}`,
        WINSHIFT_SUBSCRIPTIONS: SUBSCRIPTION,
      },
    });
  });
  afterAll(async () => {
    await host.stop();
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

  it('started nothing for any of them: no instance in the hub, no upgrade row', async () => {
    const instances = (await (
      await fetch(`${host.origin}/durabletask/instances/`)
    ).json()) as unknown[];
    expect(instances).toEqual([]);
    const list = await call('/api/upgrades');
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({ items: [] });
  });

  it.each([
    ['POST', '/api/upgrades'],
    ['POST', '/api/plans'],
    ['GET', '/api/upgrades'],
    ['GET', `/api/upgrades/${upgradeInstanceId(CLUSTER, 'win19')}`],
    ['POST', `/api/upgrades/${upgradeInstanceId(CLUSTER, 'win19')}/approve`],
    ['POST', `/api/upgrades/${upgradeInstanceId(CLUSTER, 'win19')}/cancel`],
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
  ])('%s an unknown upgrade%s answers 404', async (method, suffix) => {
    const res = await call(`/api/upgrades/${upgradeInstanceId(CLUSTER, 'nope1')}${suffix}`, {
      method,
    });
    expect(res.status).toBe(404);
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
      expect.arrayContaining(['/api/plans', '/api/upgrades', '/api/upgrades/{id}', '/api/health']),
    );
    expect(doc.servers[0]?.url).toBe(host.origin);
  });

  // Last: it starts an orchestration, and shows the empty instance list above could have shown one.
  it('a valid plan request does start a dry run, seen in the same instance list', async () => {
    const res = await call('/api/plans', {
      method: 'POST',
      body: JSON.stringify({ clusterResourceId: CLUSTER, poolName: 'win19' }),
    });
    expect([200, 202, 500]).toContain(res.status);
    const instances = (await (await fetch(`${host.origin}/durabletask/instances/`)).json()) as {
      instanceId: string;
    }[];
    expect(instances.map((i) => i.instanceId)).toEqual([
      expect.stringMatching(/^plan-[0-9a-f]{32}-/),
    ]);
  });
});
