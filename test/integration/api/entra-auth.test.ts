import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { entraModeSettings, keysModeSettings } from '../../../src/local/start-auth.js';
import { EntraIssuer, type TokenRequest } from '../../../src/sandbox/entra/issuer.js';
import { SANDBOX_API_CLIENT_ID } from '../../../src/sandbox/entra/sandbox-info.js';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index.js';
import { armOnlyDefaultScenario, PAYMENTS } from '../../support/arm-only-scenario.js';
import { productAppDir, startHostProcess, type HostProcess } from '../../support/host-process.js';

const ALL_ROLES = ['Winshift.Read', 'Winshift.Operate', 'Winshift.Approve'];
/** A key automation calls with in entra mode: listed by hash in WINSHIFT_FUNCTION_KEY_NAMES. */
const AUTOMATION_KEY = randomBytes(18).toString('base64url');

/**
 * WINSHIFT_AUTH=entra through the real local host, whose App Service Authentication validates tokens
 * the sandbox's Entra tenant signed, reading its keys over HTTPS from login.microsoftonline.com as
 * the sandbox serves it.
 */
describe('entra mode through the local host (App Service Authentication)', () => {
  let sandbox: RunningSandbox;
  let host: HostProcess;
  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: await armOnlyDefaultScenario() });
    host = await startHostProcess({
      appDir: productAppDir,
      settings: {
        ...sandbox.settings,
        // The automation key winshift lists by name; the host's own keys guard nothing here.
        ...keysModeSettings(AUTOMATION_KEY, 'pipeline'),
        ...entraModeSettings(sandbox),
        WINSHIFT_TASK_HUB: `entra${randomBytes(5).toString('hex')}`,
      },
    });
  });
  afterAll(async () => {
    await host?.stop();
    await sandbox?.stop();
  });

  const token = (request: Partial<TokenRequest> = {}, issuer?: EntraIssuer): string =>
    (issuer ?? sandbox.arm.entra).issue({
      audience: SANDBOX_API_CLIENT_ID,
      name: 'Olivia Operator',
      roles: ALL_ROLES,
      ...request,
    }).accessToken;

  const call = (path: string, headers: Record<string, string>, body?: unknown): Promise<Response> =>
    fetch(`${host.origin}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        ...headers,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  const bearer = (value: string): Record<string, string> => ({ authorization: `Bearer ${value}` });
  const forgedPrincipal = Buffer.from(
    JSON.stringify({
      auth_typ: 'aad',
      claims: [
        { typ: 'oid', val: '00000000-0000-0000-0000-00000000bad0' },
        { typ: 'name', val: 'Mallory' },
        ...ALL_ROLES.map((val) => ({ typ: 'roles', val })),
      ],
    }),
  ).toString('base64');

  it('serves a caller with a valid token and the role (Winshift.Read for the list)', async () => {
    const res = await call('/api/upgrades', bearer(token({ roles: ['Winshift.Read'] })));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ items: [] });
  });

  it('serves the OpenAPI document without a token (an excluded path)', async () => {
    const res = await call('/api/openapi.json', {});
    expect(res.status).toBe(200);
  });

  it.each([
    ['no token', (): Record<string, string> => ({})],
    [
      'only a function key no setting lists',
      (): Record<string, string> => ({ 'x-functions-key': randomBytes(18).toString('base64url') }),
    ],
    [
      'a token signed with another key (same tenant, same issuer URL)',
      (): Record<string, string> => bearer(token({}, new EntraIssuer(sandbox.arm.entra.tenantId))),
    ],
    [
      'a token for another audience',
      (): Record<string, string> => bearer(token({ audience: 'api://someone-else' })),
    ],
    ['an expired token', (): Record<string, string> => bearer(token({ lifetimeSeconds: -600 }))],
    [
      'no token but an x-ms-client-principal of its own with every role',
      (): Record<string, string> => ({ 'x-ms-client-principal': forgedPrincipal }),
    ],
  ])('answers 401 to %s', async (_name, headers) => {
    const res = await call('/api/upgrades', headers());
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('replaces a client-sent x-ms-client-principal by the token’s: a reader stays a reader', async () => {
    const res = await call(
      '/api/plans',
      { ...bearer(token({ roles: ['Winshift.Read'] })), 'x-ms-client-principal': forgedPrincipal },
      { clusterResourceId: PAYMENTS, poolName: 'win20' },
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({
      type: 'https://winshift.dev/problems/missing-role',
      requiredRole: 'Winshift.Operate',
      detail: expect.stringContaining('Olivia Operator') as unknown as string,
    });
  });

  it('lets an operator through to the application (its refusal of an unknown pool)', async () => {
    const res = await call('/api/plans', bearer(token({ roles: ['Winshift.Operate'] })), {
      clusterResourceId: PAYMENTS,
      poolName: 'win20',
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      type: 'https://winshift.dev/problems/pool-not-found',
    });
  });

  it('takes a function key WINSHIFT_FUNCTION_KEY_NAMES lists, without a token (automation)', async () => {
    const res = await call('/api/upgrades', { 'x-functions-key': AUTOMATION_KEY });
    expect(res.status).toBe(200);
    const plan = await call(
      `/api/plans?code=${encodeURIComponent(AUTOMATION_KEY)}`,
      {},
      { clusterResourceId: PAYMENTS, poolName: 'win20' },
    );
    expect(plan.status).toBe(404);
  });

  it('takes an app-only token (automation with an app role)', async () => {
    const res = await call(
      '/api/upgrades',
      bearer(token({ application: true, name: undefined, roles: ['Winshift.Read'] })),
    );
    expect(res.status).toBe(200);
  });

  it('lets the app reach its own Durable client (its RPC endpoint is not behind Easy Auth in Azure)', async () => {
    const res = await call(
      '/api/upgrades/upg-00000000000000000000000000000000/approve',
      bearer(token({ roles: ['Winshift.Approve'] })),
      {},
    );
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      detail: 'no upgrade upg-00000000000000000000000000000000',
    });
  });

  it('refuses an approval to a caller without Winshift.Approve, naming the role', async () => {
    const res = await call(
      '/api/upgrades/upg-00000000000000000000000000000000/approve',
      bearer(token({ roles: ['Winshift.Read', 'Winshift.Operate'] })),
      {},
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ requiredRole: 'Winshift.Approve' });
  });
});
