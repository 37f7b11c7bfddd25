/**
 * The settings that run winshift on the local host in each WINSHIFT_AUTH mode against a sandbox
 * (`npm start -- --auth keys|entra`, tests): keys mode names the host's function key; entra mode
 * puts App Service Authentication in front (http/easy-auth.ts) for the sandbox tenant's issuer and
 * winshift's API client id, with the paths infra/app/resources.bicep excludes.
 */
import { createHash } from 'node:crypto';
import type { RunningSandbox } from '../sandbox/index.js';
import { SANDBOX_API_CLIENT_ID } from '../sandbox/entra/sandbox-info.js';
import { EASY_AUTH_SETTINGS } from './http/easy-auth.js';

/** authsettingsV2 `globalValidation.excludedPaths` of infra/app/resources.bicep (a test keeps them equal). */
export const EXCLUDED_PATHS = ['/api/openapi.json', '/runtime/webhooks/eventgrid'] as const;

/** authsettingsV2 `globalValidation.unauthenticatedClientAction` of infra (a test keeps them equal). */
export const UNAUTHENTICATED_CLIENT_ACTION = 'AllowAnonymous';

/** keys mode: the function key is recorded by the name `keyName`. */
export function keysModeSettings(functionKey: string, keyName: string): Record<string, string> {
  const hash = createHash('sha256').update(functionKey, 'utf8').digest('hex');
  return {
    WINSHIFT_AUTH: 'keys',
    LOCAL_HOST_FUNCTION_KEY: functionKey,
    WINSHIFT_FUNCTION_KEY_NAMES: JSON.stringify({ [keyName]: hash }),
  };
}

/**
 * entra mode: Easy Auth for the sandbox tenant, tokens for `apiClientId` (audience). Spread over
 * keysModeSettings, the named function key is also accepted (ADR 0013: keys listed by hash).
 */
export function entraModeSettings(
  sandbox: Pick<RunningSandbox, 'arm'>,
  apiClientId: string = SANDBOX_API_CLIENT_ID,
): Record<string, string> {
  return {
    WINSHIFT_AUTH: 'entra',
    WINSHIFT_API_CLIENT_ID: apiClientId,
    [EASY_AUTH_SETTINGS.issuer]: sandbox.arm.entra.issuer,
    [EASY_AUTH_SETTINGS.clientId]: apiClientId,
    [EASY_AUTH_SETTINGS.allowedAudiences]: `api://${apiClientId}`,
    [EASY_AUTH_SETTINGS.excludedPaths]: EXCLUDED_PATHS.join(','),
    [EASY_AUTH_SETTINGS.unauthenticatedClientAction]: UNAUTHENTICATED_CLIENT_ACTION,
  };
}
