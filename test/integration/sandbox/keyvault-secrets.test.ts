import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SecretClient } from '@azure/keyvault-secrets';
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { startArmEmulator, type RunningArmEmulator } from '../../../src/sandbox/arm/start.js';
import { vaultId } from '../../../src/sandbox/state/ids.js';
import { ScenarioBuilder } from '../../../src/sandbox/state/scenario-builder.js';
import { exampleBody, missingKeys } from '../../support/examples.js';

const SUB = '00000000-0000-0000-0000-00000000cccc';
const RG = 'rg-secrets';
const GMSA = '11111111-1111-4111-a111-111111111111';
const READER_ONLY = '22222222-2222-4222-a222-222222222222';
const STRANGER = '99999999-9999-4999-a999-999999999999';
const SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';
const KV_READER = '21090545-7ca7-4776-b22c-e363652d74d2';

describe('Key Vault data plane through the real SecretClient (challenge auth, access checks)', () => {
  let sandbox: RunningArmEmulator;

  beforeAll(async () => {
    const scenario = new ScenarioBuilder(SUB)
      .vault(RG, {
        name: 'kv-policies',
        accessPolicies: [{ objectId: GMSA, permissions: { secrets: ['get', 'list'] } }],
        secrets: [
          {
            name: 'gmsa-cred',
            versions: [{ value: 'old' }, { value: 'current', contentType: 'text/plain' }],
          },
          { name: 'other', versions: [{ value: 'x' }] },
        ],
      })
      .vault(RG, {
        name: 'kv-rbac',
        enableRbacAuthorization: true,
        secrets: [{ name: 'gmsa-cred', versions: [{ value: 'v' }] }],
      })
      .roleAssignment({
        scope: vaultId(SUB, RG, 'kv-rbac'),
        roleDefinitionId: SECRETS_USER,
        principalId: GMSA,
      })
      .roleAssignment({
        scope: `/subscriptions/${SUB}`,
        roleDefinitionId: KV_READER,
        principalId: READER_ONLY,
      })
      .build();
    sandbox = await startArmEmulator(scenario);
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  function client(vault: string, principalId: string): SecretClient {
    return new SecretClient(
      `https://${vault}.vault.azure.net`,
      sandbox.credentialFor(principalId),
      {
        httpClient: sandbox.transport.httpClient,
      },
    );
  }

  it('answers the first request with the bearer challenge, then serves secret versions to an allowed principal', async () => {
    const versions = [];
    for await (const properties of client('kv-policies', GMSA).listPropertiesOfSecretVersions(
      'gmsa-cred',
    )) {
      versions.push(properties);
    }
    expect(versions).toHaveLength(2);
    expect(versions.every((item) => item.name === 'gmsa-cred' && item.enabled === true)).toBe(true);
    expect(versions.map((item) => item.version)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^[0-9a-f]{32}$/)]),
    );
    const statuses = sandbox
      .operations()
      .filter((op) => op.operationId === 'GetSecretVersions')
      .map((op) => op.status);
    expect(statuses).toEqual([401, 200]);
    expect(sandbox.operations().at(-1)?.apiVersion).toBe('2026-04-01');
  });

  it('lists secret properties page by page without values', async () => {
    const names: string[] = [];
    for await (const page of client('kv-policies', GMSA)
      .listPropertiesOfSecrets()
      .byPage({ maxPageSize: 1 })) {
      expect(page).toHaveLength(1);
      names.push(...page.map((item) => item.name));
    }
    expect(names.sort()).toEqual(['gmsa-cred', 'other']);
  });

  it('gets a secret in the example shape (current version by default)', async () => {
    const secret = await client('kv-policies', GMSA).getSecret('gmsa-cred');
    expect(secret.value).toBe('current');
    expect(secret.properties.contentType).toBe('text/plain');
    expect(secret.properties.vaultUrl).toBe('https://kv-policies.vault.azure.net');
    expect(secret.properties.id).toMatch(
      /^https:\/\/kv-policies\.vault\.azure\.net\/secrets\/gmsa-cred\/[0-9a-f]{32}$/,
    );
    await expect(client('kv-policies', GMSA).getSecret('missing')).rejects.toMatchObject({
      statusCode: 404,
      code: 'SecretNotFound',
    });
  });

  it('answers in the shapes of the GetSecret and GetSecrets examples', async () => {
    const secret = await rawGet('kv-policies', '/secrets/gmsa-cred?api-version=2026-04-01', GMSA);
    expect(missingKeys(exampleBody('keyvault-secrets/GetSecret-example.json'), secret)).toEqual([]);
    const list = await rawGet('kv-policies', '/secrets?maxresults=1&api-version=2026-04-01', GMSA);
    expect(missingKeys(exampleBody('keyvault-secrets/GetSecrets-example.json'), list)).toEqual([]);
    expect(list['nextLink']).toMatch(/^https:\/\/kv-policies\.vault\.azure\.net\/secrets\?/);
  });

  it('refuses a principal without an access policy with 403 Forbidden', async () => {
    await expect(client('kv-policies', STRANGER).getSecret('gmsa-cred')).rejects.toMatchObject({
      statusCode: 403,
      code: 'Forbidden',
    });
  });

  it('checks role assignments on an RBAC vault: Secrets User reads, Key Vault Reader lists only, others get 403', async () => {
    expect((await client('kv-rbac', GMSA).getSecret('gmsa-cred')).value).toBe('v');
    const listed = [];
    for await (const item of client('kv-rbac', READER_ONLY).listPropertiesOfSecretVersions(
      'gmsa-cred',
    ))
      listed.push(item);
    expect(listed).toHaveLength(1);
    await expect(client('kv-rbac', READER_ONLY).getSecret('gmsa-cred')).rejects.toMatchObject({
      statusCode: 403,
    });
    await expect(client('kv-rbac', STRANGER).getSecret('gmsa-cred')).rejects.toMatchObject({
      statusCode: 403,
      code: 'Forbidden',
    });
  });

  async function rawGet(
    vault: string,
    path: string,
    principalId: string,
  ): Promise<Record<string, unknown>> {
    const response = await sandbox.transport.httpClient.sendRequest(
      createPipelineRequest({
        url: `https://${vault}.vault.azure.net${path}`,
        headers: createHttpHeaders({ authorization: `Bearer sandbox:${principalId}` }),
      }),
    );
    expect(response.status).toBe(200);
    return JSON.parse(response.bodyAsText ?? '{}') as Record<string, unknown>;
  }
});
