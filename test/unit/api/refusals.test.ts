// Issue 12 item 10: nothing starts on a request that cannot run. The cluster is read once; each
// refusal has its status and problem type, and writes and starts nothing (HTTP, dry runs alike).
import { describe, expect, it } from '@jest/globals';
import { planHandler } from '../../../src/api/plans.js';
import type { Problem } from '../../../src/api/problem.js';
import { startUpgradeHandler } from '../../../src/api/upgrades.js';
import { WinshiftError } from '../../../src/domain/errors.js';
import { CLUSTER, fakes, request, SUBSCRIPTION } from './fakes.js';

const OTHER_CLUSTER = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-shop/providers/Microsoft.ContainerService/managedClusters/aks-gone`;
const PROBLEMS = 'https://winshift.dev/problems/';

interface Case {
  readonly name: string;
  readonly body: Record<string, unknown>;
  readonly status: number;
  readonly type: string;
  readonly code: string;
  readonly path: string;
  readonly message: string;
}

const win19 = { clusterResourceId: CLUSTER, poolName: 'win19' };

const CASES: readonly Case[] = [
  {
    name: 'a cluster that does not exist',
    body: { ...win19, clusterResourceId: OTHER_CLUSTER },
    status: 404,
    type: 'cluster-not-found',
    code: 'NOT_FOUND',
    path: 'clusterResourceId',
    message: 'Azure has no AKS cluster',
  },
  {
    name: 'a pool that does not exist',
    body: { ...win19, poolName: 'win20' },
    status: 404,
    type: 'pool-not-found',
    code: 'NOT_FOUND',
    path: 'poolName',
    message: 'has no pool win20 (its pools: system, win19, w22a)',
  },
  {
    name: 'a Linux pool',
    body: { ...win19, poolName: 'system' },
    status: 422,
    type: 'pool-not-windows',
    code: 'INVALID_INPUT',
    path: 'poolName',
    message: 'pool system runs Linux, not Windows',
  },
  {
    name: "a target OS that is the pool's own",
    body: { ...win19, options: { targetOsSku: 'Windows2019' } },
    status: 422,
    type: 'target-os-not-newer',
    code: 'INVALID_INPUT',
    path: 'options.targetOsSku',
    message: "not newer than the pool's Windows2019",
  },
  {
    name: "a target OS the cluster's Kubernetes does not support",
    body: { ...win19, options: { targetOsSku: 'Windows2025' } },
    status: 422,
    type: 'target-os-unsupported',
    code: 'OS_SKU_UNSUPPORTED',
    path: 'options.targetOsSku',
    message: 'Windows2025 needs Kubernetes 1.32 or newer',
  },
  {
    name: 'a pool with no newer OS the cluster supports',
    body: { ...win19, poolName: 'w22a' },
    status: 422,
    type: 'target-os-unsupported',
    code: 'OS_SKU_UNSUPPORTED',
    path: 'poolName',
    message: 'no newer Windows OS SKU fits Kubernetes 1.31.5',
  },
];

const NAME_TAKEN: Case = {
  name: 'a newPoolName the cluster already has',
  body: { ...win19, options: { newPoolName: 'w22a' } },
  status: 409,
  type: 'pool-name-taken',
  code: 'POOL_EXISTS',
  path: 'options.newPoolName',
  message: 'already has a pool w22a',
};

function expectRefusal(answer: { status: number; jsonBody?: unknown }, c: Case): void {
  expect(answer.status).toBe(c.status);
  const body = answer.jsonBody as Problem;
  expect(body).toMatchObject({
    type: `${PROBLEMS}${c.type}`,
    status: c.status,
    code: c.code,
    detail: expect.stringContaining(c.message),
    errors: [{ path: c.path, message: expect.stringContaining(c.message) }],
  });
}

describe('POST /api/upgrades: refused before anything is written or started', () => {
  it.each([...CASES, NAME_TAKEN].map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const { app, client, store, aks } = fakes();
    const answer = await startUpgradeHandler(app, request({ body: c.body }));
    expectRefusal(answer, c);
    expect(answer.headers?.['content-type']).toBe('application/problem+json');
    expect(client.started).toEqual([]);
    expect(store.upgrades.size).toBe(0);
    expect(aks.reads).toHaveLength(1); // one ARM read
  });

  it('a dry run through POST /api/upgrades is refused alike', async () => {
    const { app, client } = fakes();
    const answer = await startUpgradeHandler(
      app,
      request({ body: { ...win19, poolName: 'system', options: { dryRun: true } } }),
    );
    expect(answer.status).toBe(422);
    expect(client.started).toEqual([]);
  });

  it('a valid request still reads the cluster once and starts', async () => {
    const { app, client, aks } = fakes();
    const answer = await startUpgradeHandler(
      app,
      request({ body: { ...win19, options: { targetOsSku: 'Windows2022', newPoolName: 'w22b' } } }),
    );
    expect(answer.status).toBe(202);
    expect(aks.reads).toEqual([CLUSTER]);
    expect(client.started).toHaveLength(1);
  });
});

describe('POST /api/plans: the same checks; a taken name is a blocker of the plan', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const { app, client, store } = fakes();
    expectRefusal(await planHandler(app, request({ body: c.body })), c);
    expect(client.started).toEqual([]);
    expect(store.upgrades.size).toBe(0);
  });

  it('plans a taken newPoolName (the plan shows POOL_EXISTS among its blockers)', async () => {
    const { app, client } = fakes();
    const answer = await planHandler(app, request({ body: NAME_TAKEN.body }));
    expect(answer.status).toBe(202);
    expect(client.started).toHaveLength(1);
  });
});

describe('an ARM failure during the check starts nothing', () => {
  it.each([
    ['TRANSIENT', 503, 'azure-unavailable'],
    ['FORBIDDEN', 502, 'azure-refused'],
    ['UNAUTHORIZED', 502, 'azure-refused'],
  ] as const)('%s answers %s (%s)', async (code, status, type) => {
    for (const handler of [startUpgradeHandler, planHandler]) {
      const { app, client, store, aks } = fakes();
      aks.failWith = new WinshiftError(code, 'AKS: read cluster: AccountKey=secret failed');
      const answer = await handler(app, request({ body: win19 }));
      expect(answer.status).toBe(status);
      expect(answer.jsonBody).toMatchObject({ type: `${PROBLEMS}${type}`, code });
      expect(JSON.stringify(answer.jsonBody)).not.toContain('secret');
      if (status === 503) expect(answer.headers?.['retry-after']).toBe('30');
      expect(client.started).toEqual([]);
      expect(store.upgrades.size).toBe(0);
    }
  });

  it("any other failure is winshift's own: thrown (the route answers 500), nothing started", async () => {
    const { app, client, aks } = fakes();
    aks.failWith = new WinshiftError(
      'INTERNAL',
      'ARM returned a cluster without kubernetesVersion',
    );
    await expect(startUpgradeHandler(app, request({ body: win19 }))).rejects.toThrow(
      'kubernetesVersion',
    );
    expect(client.started).toEqual([]);
  });

  it('a running pool answers 409 before ARM is read', async () => {
    const { app, client, aks } = fakes();
    expect((await startUpgradeHandler(app, request({ body: win19 }))).status).toBe(202);
    aks.failWith = new WinshiftError('TRANSIENT', 'down');
    const again = await startUpgradeHandler(app, request({ body: win19 }));
    expect(again.status).toBe(409);
    expect(again.jsonBody).toMatchObject({ type: `${PROBLEMS}conflict` });
    expect(client.started).toHaveLength(1);
  });
});
