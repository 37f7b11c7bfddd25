import { json, type SandboxResponse } from '../arm/http.js';
import type { Route, RouteContext } from '../arm/router.js';
import type { SecretVersionState, VaultState } from '../state/model.js';
import { mayAccessSecret, principalOfToken, type SecretAction } from './access.js';

const RECOVERY_LEVEL = 'Recoverable+Purgeable';

function kvError(status: number, code: string, message: string, inner?: string): SandboxResponse {
  return {
    status,
    body: { error: { code, message, ...(inner ? { innererror: { code: inner } } : {}) } },
  };
}

function vaultOf(context: RouteContext): VaultState | undefined {
  return context.emulator.world.vaultByName(context.request.host.split('.')[0] ?? '');
}

/**
 * Challenge-based auth as Key Vault does it: no token -> 401 with the authority and resource the SDK
 * must use; a token -> the principal it names, checked against access policies or RBAC.
 */
function authorise(
  context: RouteContext,
  vault: VaultState,
  action: SecretAction,
  secretName?: string,
): SandboxResponse | undefined {
  const authorization = context.request.headers.authorization;
  if (!authorization) {
    return {
      status: 401,
      headers: {
        'WWW-Authenticate': `Bearer authorization="https://login.microsoftonline.com/${vault.tenantId}", resource="https://vault.azure.net"`,
      },
      body: {
        error: {
          code: 'Unauthorized',
          message: 'AKV10000: Request is missing a Bearer or PoP token.',
        },
      },
    };
  }
  const principal = principalOfToken(authorization);
  if (!principal)
    return kvError(
      401,
      'Unauthorized',
      'AKV10022: Invalid audience or token not issued for this sandbox.',
    );
  if (mayAccessSecret(context.emulator.world, vault, principal, action, secretName))
    return undefined;
  const permission = action === 'get' ? 'secrets get' : 'secrets list';
  return vault.enableRbacAuthorization
    ? kvError(
        403,
        'Forbidden',
        `Caller is not authorized to perform action on resource. Caller: ObjectId=${principal}; Action: 'Microsoft.KeyVault/vaults/secrets/${action === 'get' ? 'getSecret' : 'readMetadata'}/action'; Resource: '${vault.id}'. Vault: ${vault.name};location=${vault.location}`,
        'ForbiddenByRbac',
      )
    : kvError(
        403,
        'Forbidden',
        `The user, group or application 'oid=${principal};iss=https://sts.windows.net/${vault.tenantId}/' does not have ${permission} permission on key vault '${vault.name};location=${vault.location}'. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287`,
        'AccessDenied',
      );
}

function attributes(version: SecretVersionState): Record<string, unknown> {
  return {
    enabled: version.enabled,
    created: version.created,
    updated: version.created,
    recoveryLevel: RECOVERY_LEVEL,
  };
}

function secretItem(
  vault: VaultState,
  name: string,
  version: SecretVersionState,
  withVersion: boolean,
): Record<string, unknown> {
  const base = `https://${vault.name}.vault.azure.net/secrets/${name}`;
  return {
    id: withVersion ? `${base}/${version.version}` : base,
    attributes: attributes(version),
    ...(version.contentType ? { contentType: version.contentType } : {}),
  };
}

/** Pages with Key Vault's `nextLink` (`$skiptoken` = offset, `maxresults` up to 25). */
function paged(context: RouteContext, items: Record<string, unknown>[]): SandboxResponse {
  const params = context.request.url.searchParams;
  const max = Math.min(Math.max(Number(params.get('maxresults') ?? '25') || 25, 1), 25);
  const offset = Number(params.get('$skiptoken') ?? '0') || 0;
  const next = new URL(context.request.url.toString());
  next.searchParams.set('$skiptoken', String(offset + max));
  next.searchParams.set('maxresults', String(max));
  return json(200, {
    value: items.slice(offset, offset + max),
    nextLink:
      offset + max < items.length
        ? `https://${context.request.host}${next.pathname}${next.search}`
        : null,
  });
}

function withVault(
  action: SecretAction,
  handler: (context: RouteContext, vault: VaultState) => SandboxResponse,
): Route['handle'] {
  return (context) => {
    const vault = vaultOf(context);
    if (!vault)
      return kvError(
        404,
        'VaultNotFound',
        `Vault '${context.request.host}' does not exist in the sandbox.`,
      );
    return authorise(context, vault, action, context.params['name']) ?? handler(context, vault);
  };
}

function secretNotFound(vault: VaultState, name: string): SandboxResponse {
  return kvError(
    404,
    'SecretNotFound',
    `A secret with (name/id) ${name} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182 (vault ${vault.name})`,
  );
}

function getSecret(context: RouteContext, vault: VaultState): SandboxResponse {
  const name = context.params['name'] ?? '';
  const secret = vault.secrets.get(name.toLowerCase());
  const wanted = context.params['version'];
  const version = wanted
    ? secret?.versions.find((item) => item.version === wanted)
    : secret?.versions.at(-1);
  if (!secret || !version) return secretNotFound(vault, name);
  return json(200, { value: version.value, ...secretItem(vault, secret.name, version, true) });
}

export const keyVaultRoutes: readonly Route[] = [
  {
    method: 'GET',
    operationId: 'GetSecrets',
    template: '/secrets',
    handle: withVault('list', (context, vault) =>
      paged(
        context,
        [...vault.secrets.values()].flatMap((secret) => {
          const current = secret.versions.at(-1);
          return current ? [secretItem(vault, secret.name, current, false)] : [];
        }),
      ),
    ),
  },
  {
    method: 'GET',
    operationId: 'GetSecretVersions',
    template: '/secrets/{name}/versions',
    handle: withVault('list', (context, vault) => {
      const secret = vault.secrets.get((context.params['name'] ?? '').toLowerCase());
      if (!secret) return secretNotFound(vault, context.params['name'] ?? '');
      return paged(
        context,
        secret.versions.map((version) => secretItem(vault, secret.name, version, true)),
      );
    }),
  },
  {
    method: 'GET',
    operationId: 'GetSecret',
    template: '/secrets/{name}/{version}',
    handle: withVault('get', getSecret),
  },
  {
    method: 'GET',
    operationId: 'GetSecret',
    template: '/secrets/{name}',
    handle: withVault('get', getSecret),
  },
];
