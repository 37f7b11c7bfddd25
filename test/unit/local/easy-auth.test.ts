import { describe, expect, it } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import { EasyAuth, clientPrincipalOf } from '../../../src/local/http/easy-auth.js';
import { EntraIssuer } from '../../../src/sandbox/entra/issuer.js';
import { callerOfClientPrincipal } from '../../../src/domain/identity.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const API = 'a9f1c0de-5a1d-4b0c-9e7f-3c2b1a0f9e8d';
const issuer = new EntraIssuer(TENANT);
/** Same tenant and issuer URL, another key: what a forger without the tenant's key can sign. */
const forger = new EntraIssuer(TENANT);

function easyAuth(
  now = Date.now(),
  unauthenticatedClientAction: 'Return401' | 'AllowAnonymous' = 'Return401',
): EasyAuth {
  const documents: Record<string, unknown> = {
    [`${issuer.issuer}/.well-known/openid-configuration`]: issuer.openIdConfiguration(),
    [`https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys`]: issuer.jwks(),
  };
  return new EasyAuth({
    issuer: issuer.issuer,
    clientId: API,
    allowedAudiences: [`api://${API}`],
    excludedPaths: ['/api/openapi.json'],
    internalPrefixes: ['/durabletask/'],
    unauthenticatedClientAction,
    fetchJson: (url) =>
      url in documents ? Promise.resolve(documents[url]) : Promise.reject(new Error(`404 ${url}`)),
    now: () => now,
  });
}

function req(headers: Record<string, string>): IncomingMessage {
  return {
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
  } as IncomingMessage;
}

const url = (path: string): URL => new URL(`http://127.0.0.1:7071${path}`);
const forged = Buffer.from(
  JSON.stringify({
    claims: [
      { typ: 'oid', val: 'mallory' },
      { typ: 'roles', val: 'Winshift.Approve' },
    ],
  }),
).toString('base64');

describe('the local host as App Service Authentication', () => {
  it('injects the principal of a valid token, replacing one the caller sent', async () => {
    const token = issuer.issue({
      audience: API,
      name: 'Ada',
      objectId: 'a-oid',
      roles: ['Winshift.Read'],
    });
    const request = req({
      authorization: `Bearer ${token.accessToken}`,
      'X-MS-CLIENT-PRINCIPAL': forged,
      'x-ms-client-principal-name': 'mallory',
      'x-ms-token-aad-access-token': 'forged',
    });
    expect(await easyAuth().authenticate(request, url('/api/upgrades'))).toEqual({ ok: true });
    expect(request.headers['x-ms-token-aad-access-token']).toBeUndefined();
    expect(request.headers['x-ms-client-principal-name']).toBe('ada@sandbox.example');
    expect(request.headers['x-ms-client-principal-id']).toBe('a-oid');
    expect(request.headers['x-ms-client-principal-idp']).toBe('aad');
    const principal = JSON.parse(
      Buffer.from(String(request.headers['x-ms-client-principal']), 'base64').toString('utf8'),
    ) as unknown;
    expect(callerOfClientPrincipal(principal)).toEqual({
      ok: true,
      caller: { id: 'a-oid', name: 'Ada', kind: 'user', roles: ['Winshift.Read'] },
    });
  });

  it.each([
    ['no token', () => ({}), 'no bearer token'],
    [
      'a token signed by another key',
      () => bearer(forger.issue({ audience: API })),
      'signature is invalid',
    ],
    [
      'a token for another API',
      () => bearer(issuer.issue({ audience: 'api://other' })),
      'audience',
    ],
    [
      'a token that expired more than the 5 minute clock skew ago',
      () => bearer(issuer.issue({ audience: API, lifetimeSeconds: -301 })),
      'expired',
    ],
    [
      'something that is not a JWT',
      () => ({ authorization: 'Bearer sandbox:someone' }),
      'not a JWT',
    ],
    [
      'a token of another issuer',
      () =>
        bearer(new EntraIssuer('11111111-2222-3333-4444-555555555555').issue({ audience: API })),
      'signature is invalid',
    ],
  ])('answers 401 to %s, and strips a sent principal', async (_name, headers, reason) => {
    const request = req({ ...headers(), 'x-ms-client-principal': forged });
    expect(await easyAuth().authenticate(request, url('/api/upgrades'))).toEqual({
      ok: false,
      status: 401,
      reason: expect.stringContaining(reason) as unknown as string,
    });
    expect(request.headers['x-ms-client-principal']).toBeUndefined();
  });

  it('takes the api:// audience and a token within the clock skew', async () => {
    const late = issuer.issue({ audience: `api://${API}`, lifetimeSeconds: -60 });
    expect(await easyAuth().authenticate(req(bearer(late)), url('/api/fleet'))).toEqual({
      ok: true,
    });
  });

  it('lets excluded paths, the admin API and the Durable RPC endpoint through without a token, principal stripped', async () => {
    for (const path of ['/api/openapi.json', '/admin/host/status', '/durabletask/instances/x']) {
      const request = req({ 'x-ms-client-principal': forged });
      expect(await easyAuth().authenticate(request, url(path))).toEqual({ ok: true });
      expect(request.headers['x-ms-client-principal']).toBeUndefined();
    }
  });

  it('AllowAnonymous: a call without a token goes on without a principal; a bad token is still 401', async () => {
    const anonymous = req({ 'x-ms-client-principal': forged, 'x-functions-key': 'k' });
    expect(
      await easyAuth(Date.now(), 'AllowAnonymous').authenticate(anonymous, url('/api/upgrades')),
    ).toEqual({ ok: true });
    expect(anonymous.headers['x-ms-client-principal']).toBeUndefined();
    expect(anonymous.headers['x-functions-key']).toBe('k');

    const expired = issuer.issue({ audience: API, lifetimeSeconds: -3600 });
    expect(
      await easyAuth(Date.now(), 'AllowAnonymous').authenticate(
        req(bearer(expired)),
        url('/api/upgrades'),
      ),
    ).toMatchObject({ ok: false, status: 401 });

    const valid = req(bearer(issuer.issue({ audience: API, roles: ['Winshift.Read'] })));
    expect(
      await easyAuth(Date.now(), 'AllowAnonymous').authenticate(valid, url('/api/upgrades')),
    ).toEqual({ ok: true });
    expect(valid.headers['x-ms-client-principal']).toBeDefined();
  });

  it('maps claims as the platform does: oid long, roles one claim each', () => {
    const principal = clientPrincipalOf({ oid: 'x', roles: ['A', 'B'], name: 'N', exp: 5 });
    expect(principal).toMatchObject({
      auth_typ: 'aad',
      claims: [
        { typ: 'http://schemas.microsoft.com/identity/claims/objectidentifier', val: 'x' },
        { typ: 'roles', val: 'A' },
        { typ: 'roles', val: 'B' },
        { typ: 'name', val: 'N' },
        { typ: 'exp', val: '5' },
      ],
    });
  });
});

function bearer(token: { accessToken: string }): Record<string, string> {
  return { authorization: `Bearer ${token.accessToken}` };
}
