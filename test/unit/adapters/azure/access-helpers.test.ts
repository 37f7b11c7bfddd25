import { describe, expect, it } from '@jest/globals';
import { objectIdOfToken, toPermissionSet } from '../../../../src/adapters/azure/access.js';
import { toRegistryResource } from '../../../../src/adapters/azure/container-registry.js';
import { exampleBody } from '../../../support/examples.js';

const jwt = (claims: unknown): string =>
  ['{"alg":"none"}', JSON.stringify(claims)]
    .map((part) => Buffer.from(part).toString('base64url'))
    .join('.') + '.sig';

describe("winshift's own principal from its ARM token", () => {
  it.each([
    [
      'the oid claim',
      jwt({ oid: '3c1e6f0a-7d52-4b8e-9f3a-5b2d8c4e1a70' }),
      '3c1e6f0a-7d52-4b8e-9f3a-5b2d8c4e1a70',
    ],
    ['no oid', jwt({ sub: 'x' }), undefined],
    ['an oid that is no GUID', jwt({ oid: 'x' }), undefined],
    ['not a JWT (the sandbox token)', 'sandbox:3c1e6f0a-7d52-4b8e-9f3a-5b2d8c4e1a70', undefined],
    ['a payload that is no JSON', 'a.b.c', undefined],
  ])('%s', (_name, token, expected) => {
    expect(objectIdOfToken(token)).toBe(expected);
  });
});

describe('permissions API entries', () => {
  it('keeps the four lists, missing ones empty', () => {
    expect(toPermissionSet({ actions: ['*'], notActions: ['a'], dataActions: 'x' })).toEqual({
      actions: ['*'],
      notActions: ['a'],
      dataActions: [],
      notDataActions: [],
    });
  });
});

describe('registry resources (containerregistry 2025-11-01 examples)', () => {
  it('reads login server, role assignment mode and the ARM audience policy of RegistryGet.json', () => {
    expect(toRegistryResource(exampleBody('containerregistry/RegistryGet.json'))).toEqual({
      resourceId:
        '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myResourceGroup/providers/Microsoft.ContainerRegistry/registries/myRegistry',
      loginServer: 'myRegistry.azurecr.io',
      roleAssignmentMode: 'LegacyRegistryPermissions',
      armAudienceTokens: 'enabled',
    });
  });

  it.each([
    [{ roleAssignmentMode: 'AbacRepositoryPermissions' }, 'AbacRepositoryPermissions', 'enabled'],
    [
      { policies: { azureADAuthenticationAsArmPolicy: { status: 'disabled' } } },
      'LegacyRegistryPermissions',
      'disabled',
    ],
    [{}, 'LegacyRegistryPermissions', 'enabled'],
  ])('%j', (properties, mode, audience) => {
    expect(
      toRegistryResource({ id: '/x', properties: { loginServer: 'a.azurecr.io', ...properties } }),
    ).toEqual(expect.objectContaining({ roleAssignmentMode: mode, armAudienceTokens: audience }));
  });
});
