import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import type { Problem } from '../../../src/api/problem.js';
import { ROUTES } from '../../../src/api/routes.js';
import { upgradeInstanceId } from '../../../src/app/ids.js';
import { createApp } from '../../../src/app/index.js';
import { loadConfig } from '../../../src/config.js';
import { APP_ROLES, type AppRole } from '../../../src/domain/identity.js';
import { CLUSTER, fakes, request, TEST_SETTINGS } from './fakes.js';

const CLIENT = 'a9f1c0de-5a1d-4b0c-9e7f-3c2b1a0f9e8d';
const OID = '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
const ID = upgradeInstanceId(CLUSTER, 'win19');
const entraConfig = (): ReturnType<typeof loadConfig> =>
  loadConfig({ ...TEST_SETTINGS, WINSHIFT_AUTH: 'entra', WINSHIFT_API_CLIENT_ID: CLIENT });

/** x-ms-client-principal as App Service sends it (base64 JSON; configure-authentication-user-identities). */
export function principalHeader(
  roles: readonly string[],
  name = 'Ada Lovelace',
  oid = OID,
): string {
  const claims = [
    { typ: 'http://schemas.microsoft.com/identity/claims/objectidentifier', val: oid },
    { typ: 'name', val: name },
    { typ: 'http://schemas.microsoft.com/identity/claims/scope', val: 'user_impersonation' },
    ...roles.map((role) => ({ typ: 'roles', val: role })),
  ];
  const principal = {
    auth_typ: 'aad',
    claims,
    name_typ: 'name',
    role_typ: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role',
  };
  return Buffer.from(JSON.stringify(principal)).toString('base64');
}

const protectedRoutes = ROUTES.filter((route) => !route.anonymous);
const bodyOf = (name: string): unknown =>
  name === 'terminateUpgrade'
    ? { reason: 'stuck' }
    : ['createPlan', 'startUpgrade'].includes(name)
      ? { clusterResourceId: CLUSTER, poolName: 'win19' }
      : undefined;

function call(route: (typeof ROUTES)[number], headers: Record<string, string>) {
  const { deps, client } = fakes(entraConfig());
  client.set({
    instanceId: ID,
    customStatus: { awaitingApproval: true, phase: 'AwaitingApproval' },
  });
  const fleetStore = { ...deps.fleetStore, latest: () => Promise.resolve(undefined) };
  const app = createApp({ ...deps, fleetStore });
  return route.handle(
    () => app,
    request({ params: { id: ID }, body: bodyOf(route.name), headers }),
  );
}

describe('app roles per route (entra mode)', () => {
  it('every route but the OpenAPI document names its role', () => {
    expect(protectedRoutes.map((r) => [r.name, r.role])).toEqual([
      ['createPlan', 'Winshift.Operate'],
      ['getPlanPatches', 'Winshift.Read'],
      ['startUpgrade', 'Winshift.Operate'],
      ['listUpgrades', 'Winshift.Read'],
      ['getUpgrade', 'Winshift.Read'],
      ['approveUpgrade', 'Winshift.Approve'],
      ['cancelUpgrade', 'Winshift.Operate'],
      ['terminateUpgrade', 'Winshift.Operate'],
      ['getUpgradeAudit', 'Winshift.Read'],
      ['listAudit', 'Winshift.Read'],
      ['health', 'Winshift.Read'],
      ['getFleet', 'Winshift.Read'],
    ]);
  });

  it.each(protectedRoutes.map((route) => [route.name, route] as const))(
    '%s refuses a principal holding every other role: 403 naming its role',
    async (_name, route) => {
      const others = APP_ROLES.filter((role) => role !== route.role);
      const answer = await call(route, { 'x-ms-client-principal': principalHeader(others) });
      expect(answer.status).toBe(403);
      expect(answer.jsonBody).toMatchObject({
        type: 'https://winshift.dev/problems/missing-role',
        requiredRole: route.role,
        code: 'FORBIDDEN',
      });
      expect((answer.jsonBody as Problem).detail).toContain(`needs the app role ${route.role}`);
    },
  );

  it.each(protectedRoutes.map((route) => [route.name, route] as const))(
    '%s takes a principal holding just its role',
    async (_name, route) => {
      const answer = await call(route, {
        'x-ms-client-principal': principalHeader([route.role as AppRole]),
      });
      expect([401, 403]).not.toContain(answer.status);
      expect(answer.status).toBeLessThan(500);
    },
  );

  it.each(protectedRoutes.map((route) => [route.name, route] as const))(
    '%s answers 401 without a principal, even with a function key no setting lists',
    async (_name, route) => {
      const answer = await call(route, { 'x-functions-key': 'a-key' });
      expect(answer.status).toBe(401);
      expect(answer.jsonBody).toMatchObject({
        type: 'https://winshift.dev/problems/unauthenticated',
      });
      expect(answer.headers?.['www-authenticate']).toBe(`Bearer scope="api://${CLIENT}/.default"`);
    },
  );

  it('takes a function key WINSHIFT_FUNCTION_KEY_NAMES lists, recorded by its name (automation)', async () => {
    const sha = createHash('sha256').update('k-pipeline').digest('hex');
    const config = loadConfig({
      ...TEST_SETTINGS,
      WINSHIFT_AUTH: 'entra',
      WINSHIFT_API_CLIENT_ID: CLIENT,
      WINSHIFT_FUNCTION_KEY_NAMES: JSON.stringify({ pipeline: sha }),
    });
    const { app, store } = fakes(config);
    const start = protectedRoutes.find((r) => r.name === 'startUpgrade')!;
    const body = { clusterResourceId: CLUSTER, poolName: 'win19' };
    const listed = await start.handle(
      () => app,
      request({ body, headers: { 'x-functions-key': 'k-pipeline' } }),
    );
    expect(listed.status).toBe(202);
    expect(store.upgrades.get(ID)?.actors?.started).toMatchObject({
      id: 'key:pipeline',
      name: 'key pipeline',
      kind: 'functionKey',
    });
    const unlisted = await start.handle(
      () => app,
      request({ body, query: 'code=k-other', headers: {} }),
    );
    expect(unlisted.status).toBe(401);
    expect(unlisted.jsonBody).toMatchObject({ detail: expect.stringContaining('lists') });
    // A principal comes first: a reader who also sends the key is still only a reader.
    const both = await start.handle(
      () => app,
      request({
        body,
        headers: {
          'x-ms-client-principal': principalHeader(['Winshift.Read']),
          'x-functions-key': 'k-pipeline',
        },
      }),
    );
    expect(both.status).toBe(403);
  });

  it('answers 401 to a principal header that is not one', async () => {
    const route = protectedRoutes.find((r) => r.name === 'listUpgrades')!;
    const answer = await call(route, { 'x-ms-client-principal': 'bm90IGpzb24=' });
    expect(answer.status).toBe(401);
  });

  it('records the caller as who started the run', async () => {
    const { app, store } = fakes(entraConfig());
    const route = protectedRoutes.find((r) => r.name === 'startUpgrade')!;
    const answer = await route.handle(
      () => app,
      request({
        body: { clusterResourceId: CLUSTER, poolName: 'win19' },
        headers: { 'x-ms-client-principal': principalHeader(['Winshift.Operate']) },
      }),
    );
    expect(answer.status).toBe(202);
    expect(store.upgrades.get(ID)?.actors).toEqual({
      started: { id: OID, name: 'Ada Lovelace', kind: 'user', at: '2026-11-28T10:00:00.000Z' },
    });
  });
});

describe('keys mode: today behaviour, callers named by their key', () => {
  const start = ROUTES.find((r) => r.name === 'startUpgrade')!;
  const body = { clusterResourceId: CLUSTER, poolName: 'win19' };
  const sha = (key: string): string => createHash('sha256').update(key).digest('hex');

  it.each([
    ['a listed key, in the header', { 'x-functions-key': 'k-ci' }, '', 'key:ci', 'key ci'],
    ['a listed key, as ?code=', {}, 'code=k-ci', 'key:ci', 'key ci'],
    [
      'an unlisted key: a hash prefix, never the key',
      { 'x-functions-key': 'k-other' },
      '',
      `key:sha256:${sha('k-other').slice(0, 12)}`,
      `key sha256:${sha('k-other').slice(0, 12)}`,
    ],
  ])('%s', async (_name, headers, query, id, name) => {
    const config = loadConfig({
      ...TEST_SETTINGS,
      WINSHIFT_FUNCTION_KEY_NAMES: JSON.stringify({ ci: sha('k-ci') }),
    });
    const { app, store } = fakes(config);
    const answer = await start.handle(() => app, request({ body, headers, query }));
    expect(answer.status).toBe(202);
    expect(store.upgrades.get(ID)?.actors?.started).toMatchObject({
      id,
      name,
      kind: 'functionKey',
    });
    expect(JSON.stringify(store.upgrades.get(ID))).not.toContain('k-other');
  });

  it('ignores a principal header: every key holder may do everything', async () => {
    const { app } = fakes();
    const answer = await start.handle(
      () => app,
      request({
        body,
        headers: { 'x-ms-client-principal': principalHeader([]), 'x-functions-key': 'k' },
      }),
    );
    expect(answer.status).toBe(202);
  });
});
