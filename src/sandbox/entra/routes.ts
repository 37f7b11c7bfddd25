/**
 * `login.microsoftonline.com` in the sandbox: the tenant's OpenID configuration and signing keys
 * (issuer.ts names the documents they copy), which App Service Authentication reads to validate a
 * token. Tokens come from the sandbox admin API (`POST https://management.azure.com/_sandbox/tokens`,
 * arm/admin.ts): the sandbox signs no one in.
 */
import { json, type SandboxResponse } from '../arm/http.js';
import type { Route, RouteContext } from '../arm/router.js';

function ofTenant(
  context: RouteContext,
  answer: (context: RouteContext) => SandboxResponse,
): SandboxResponse {
  const issuer = context.emulator.entra;
  const tenant = context.params['tenant'] ?? '';
  // Entra's discovery endpoint answers an unknown tenant 400 invalid_tenant, AADSTS90002 (the body
  // MSAL printed in Azure/azure-cli#22145).
  if (tenant.toLowerCase() !== issuer.tenantId.toLowerCase())
    return {
      status: 400,
      body: {
        error: 'invalid_tenant',
        error_description: `AADSTS90002: Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
        error_codes: [90002],
      },
    };
  return answer(context);
}

export const entraRoutes: readonly Route[] = [
  {
    method: 'GET',
    operationId: 'Entra_OpenIdConfiguration',
    template: '/{tenant}/v2.0/.well-known/openid-configuration',
    apiVersioned: false,
    handle: (context) =>
      ofTenant(context, (c) => json(200, c.emulator.entra.openIdConfiguration())),
  },
  {
    method: 'GET',
    operationId: 'Entra_Keys',
    template: '/{tenant}/discovery/v2.0/keys',
    apiVersioned: false,
    handle: (context) => ofTenant(context, (c) => json(200, c.emulator.entra.jwks())),
  },
];
