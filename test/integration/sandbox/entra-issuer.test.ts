import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { startArmEmulator, type RunningArmEmulator } from '../../../src/sandbox/arm/start.js';
import { decodeJwt, verifyRs256 } from '../../../src/sandbox/entra/jwt.js';
import { ScenarioBuilder } from '../../../src/sandbox/state/scenario-builder.js';

const SUB = '00000000-0000-0000-0000-00000000e170';
const API = 'a9f1c0de-5a1d-4b0c-9e7f-3c2b1a0f9e8d';

/** The sandbox's Entra tenant over its HTTPS server, reached as login.microsoftonline.com. */
describe("the sandbox's Entra ID tenant", () => {
  let arm: RunningArmEmulator;
  beforeAll(async () => {
    arm = await startArmEmulator(new ScenarioBuilder(SUB).build());
  });
  afterAll(async () => {
    await arm?.stop();
  });

  const send = async (
    url: string,
    init: { method?: 'GET' | 'POST'; body?: unknown } = {},
  ): Promise<{ status: number; body: Record<string, unknown> }> => {
    const request = createPipelineRequest({
      url,
      method: init.method ?? 'GET',
      headers: createHttpHeaders({ 'content-type': 'application/json' }),
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
    const response = await arm.transport.httpClient.sendRequest(request);
    return {
      status: response.status,
      body: JSON.parse(response.bodyAsText ?? '{}') as Record<string, unknown>,
    };
  };

  it('publishes its OpenID configuration and keys, and its tokens verify with them', async () => {
    const tenant = arm.world.tenantId;
    const metadata = await send(
      `https://login.microsoftonline.com/${tenant}/v2.0/.well-known/openid-configuration`,
    );
    expect(metadata).toMatchObject({
      status: 200,
      body: {
        issuer: `https://login.microsoftonline.com/${tenant}/v2.0`,
        jwks_uri: `https://login.microsoftonline.com/${tenant}/discovery/v2.0/keys`,
      },
    });
    const keys = await send(String(metadata.body['jwks_uri']));
    const issued = await send('https://management.azure.com/_sandbox/tokens', {
      method: 'POST',
      body: { audience: API, name: 'Ada', roles: ['Winshift.Read'] },
    });
    expect(issued.status).toBe(200);
    const jwt = decodeJwt(String(issued.body['accessToken']))!;
    expect(jwt.claims).toMatchObject({
      aud: API,
      iss: metadata.body['issuer'],
      tid: tenant,
      name: 'Ada',
      roles: ['Winshift.Read'],
      ver: '2.0',
    });
    const [key] = keys.body['keys'] as Record<string, unknown>[];
    expect(key).toMatchObject({ kid: jwt.header['kid'], kty: 'RSA' });
    expect(verifyRs256(jwt, key!)).toBe(true);
  });

  it('answers another tenant 400 invalid_tenant (AADSTS90002)', async () => {
    const other = await send(
      'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/discovery/v2.0/keys',
    );
    expect(other).toMatchObject({
      status: 400,
      body: { error: 'invalid_tenant', error_codes: [90002] },
    });
  });

  it('refuses a token request without an audience, naming the fields', async () => {
    const bad = await send('https://management.azure.com/_sandbox/tokens', {
      method: 'POST',
      body: { roles: 'Winshift.Read' },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('wrong: roles');
  });
});
