import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { APP_ROLES } from '../../../src/domain/identity.js';
import { EXCLUDED_PATHS, UNAUTHENTICATED_CLIENT_ACTION } from '../../../src/local/start-auth.js';
import { AZURE_CLI_CLIENT_ID } from '../../../src/sandbox/entra/issuer.js';
import {
  INFRA_DIR,
  declarationsOf,
  entryAt,
  firstObject,
  readBicep,
  stringItems,
} from '../../support/deploy/bicep.js';

const resources = readBicep(path.join(INFRA_DIR, 'app', 'resources.bicep'));
const main = readBicep(path.join(INFRA_DIR, 'main.bicep'));
const easyAuth = declarationsOf(resources, 'resource').find((r) => r.name === 'easyAuth')!;
const body = firstObject(easyAuth.value);
const at = (dotted: string): string | undefined => entryAt(body, dotted)?.trim();

describe('App Service Authentication in infra (ADR 0013)', () => {
  it('is the authsettingsV2 config of the function app, in entra mode only', () => {
    expect(easyAuth.type).toBe('Microsoft.Web/sites/config@2024-04-01');
    expect(easyAuth.value).toMatch(/^if \(apiAuth == 'entra'\)/);
    expect(at('parent')).toBe('functionApp');
    expect(at('name')).toBe("'authsettingsV2'");
  });

  it('validates tokens and lets calls without one reach winshift, as the local host does (listed keys)', () => {
    expect(at('properties.platform.enabled')).toBe('true');
    expect(at('properties.globalValidation.requireAuthentication')).toBe('false');
    expect(at('properties.globalValidation.unauthenticatedClientAction')).toBe(
      `'${UNAUTHENTICATED_CLIENT_ACTION}'`,
    );
  });

  it('excludes the paths the local host excludes', () => {
    expect(stringItems(at('properties.globalValidation.excludedPaths') ?? '')).toEqual([
      ...EXCLUDED_PATHS,
    ]);
  });

  it("validates tokens of the tenant's v2.0 issuer for the app registration", () => {
    const aad = 'properties.identityProviders.azureActiveDirectory';
    expect(at(`${aad}.enabled`)).toBe('true');
    expect(at(`${aad}.registration.clientId`)).toBe('apiClientId');
    expect(at(`${aad}.registration.openIdIssuer`)).toBe(
      "'${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'",
    );
    expect(stringItems(at(`${aad}.validation.allowedAudiences`) ?? '')).toEqual([
      'api://${apiClientId}',
    ]);
  });

  it('deploys entra mode unless told otherwise', () => {
    const apiAuth = declarationsOf(main, 'param').find((p) => p.name === 'apiAuth')!;
    expect(apiAuth.value).toBe("'entra'");
  });
});

describe('the app registration (infra/entra/app-registration.json)', () => {
  const registration = JSON.parse(
    readFileSync(path.join(INFRA_DIR, 'entra', 'app-registration.json'), 'utf8'),
  ) as {
    appRoles: { id: string; value: string; allowedMemberTypes: string[]; isEnabled: boolean }[];
    api: {
      requestedAccessTokenVersion: number;
      oauth2PermissionScopes: { id: string; value: string }[];
      preAuthorizedApplications: { appId: string; delegatedPermissionIds: string[] }[];
    };
  };
  const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  it('defines exactly the app roles winshift checks, for users and applications', () => {
    expect(registration.appRoles.map((r) => r.value)).toEqual([...APP_ROLES]);
    for (const role of registration.appRoles) {
      expect(role.id).toMatch(GUID);
      expect(role.isEnabled).toBe(true);
      expect(role.allowedMemberTypes.sort()).toEqual(['Application', 'User']);
    }
    const ids = [...registration.appRoles, ...registration.api.oauth2PermissionScopes].map(
      (x) => x.id,
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('asks for v2.0 tokens and pre-authorizes the Azure CLI for its scope', () => {
    expect(registration.api.requestedAccessTokenVersion).toBe(2);
    const scope = registration.api.oauth2PermissionScopes[0]!;
    expect(registration.api.preAuthorizedApplications).toEqual([
      { appId: AZURE_CLI_CLIENT_ID, delegatedPermissionIds: [scope.id] },
    ]);
  });
});
