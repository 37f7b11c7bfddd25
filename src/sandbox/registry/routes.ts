import type { SandboxResponse } from '../arm/http.js';
import type { Route, RouteContext } from '../arm/router.js';
import type { RegistryContent, StoredContent } from '../state/images.js';
import { audienceOfToken } from '../keyvault/access.js';
import { roleDefinitionGuid } from '../state/ids.js';
import { assignmentsAt } from '../state/rbac.js';
import { ABAC_PULL_ROLES } from '../state/role-definitions.js';
import { decodeToken, encodeToken, principalOfAadToken, scopeAllowsPull } from './tokens.js';

function registryError(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): SandboxResponse {
  return {
    status,
    body: { errors: [{ code, message, detail: null }] },
    ...(headers ? { headers } : {}),
  };
}

function registryOf(context: RouteContext): RegistryContent | undefined {
  return context.emulator.registries.get(context.request.host);
}

/**
 * The registry whose token service answers on this host: its own, or a realm host (the switch "a
 * registry realm on another host"), which serves the token endpoint and nothing else.
 */
function tokenServiceOf(context: RouteContext): RegistryContent | undefined {
  const host = context.request.host;
  return (
    registryOf(context) ??
    [...context.emulator.registries.values()].find((registry) => registry.realmHost === host)
  );
}

/**
 * Where a registry's challenge sends clients for tokens: ACR's `/oauth2/token` (the ACR OAuth2 flow,
 * Azure/acr docs/AAD-OAuth.md), Docker Hub's style `/token` for `token` registries (realm
 * `https://auth.docker.io/token`, distribution/distribution docs/spec/auth/token.md).
 */
function realmOf(registry: RegistryContent): string {
  const host = registry.realmHost ?? registry.host;
  return registry.auth === 'token' ? `https://${host}/token` : `https://${host}/oauth2/token`;
}

/** The Bearer challenge: where to get a token, for which service and scope. */
function challenge(registry: RegistryContent, scope?: string): SandboxResponse {
  const parts = [`realm="${realmOf(registry)}"`, `service="${registry.host}"`];
  if (scope) parts.push(`scope="${scope}"`);
  return registryError(401, 'UNAUTHORIZED', 'authentication required', {
    'WWW-Authenticate': `Bearer ${parts.join(',')}`,
  });
}

/** Anonymous registries pass; ACR and token registries need an access token for the pull scope. */
function authorisePull(
  context: RouteContext,
  registry: RegistryContent,
  repository: string,
): SandboxResponse | undefined {
  if (registry.auth === 'anonymous') return undefined;
  const scope = `repository:${repository}:pull`;
  const bearer = /^Bearer\s+(\S+)$/i.exec(context.request.headers.authorization ?? '')?.[1];
  const token = decodeToken(bearer);
  if (
    token?.kind === 'access' &&
    token.service === registry.host &&
    scopeAllowsPull(token.scope, repository)
  )
    return undefined;
  return challenge(registry, scope);
}

function content(stored: StoredContent): SandboxResponse {
  return {
    status: 200,
    headers: {
      'Content-Type': stored.mediaType,
      'Docker-Content-Digest': stored.digest,
      'Docker-Distribution-Api-Version': 'registry/2.0',
    },
    body: stored.body,
  };
}

function withRegistry(
  handler: (context: RouteContext, registry: RegistryContent) => SandboxResponse,
  find: (context: RouteContext) => RegistryContent | undefined = registryOf,
): Route['handle'] {
  return (context) => {
    const registry = find(context);
    return registry
      ? handler(context, registry)
      : registryError(404, 'NAME_UNKNOWN', `unknown registry ${context.request.host}`);
  };
}

function manifest(context: RouteContext, registry: RegistryContent): SandboxResponse {
  const repository = context.params['name'] ?? '';
  const reference = context.params['reference'] ?? '';
  const refused = authorisePull(context, registry, repository);
  if (refused) return refused;
  const key = reference.startsWith('sha256:')
    ? `${repository}@${reference}`
    : `${repository}:${reference}`;
  const stored = registry.manifests.get(key);
  return stored
    ? content(stored)
    : registryError(404, 'MANIFEST_UNKNOWN', `manifest unknown: ${repository}:${reference}`);
}

function blob(context: RouteContext, registry: RegistryContent): SandboxResponse {
  const repository = context.params['name'] ?? '';
  const refused = authorisePull(context, registry, repository);
  if (refused) return refused;
  const stored = registry.blobs.get(`${repository}@${context.params['digest'] ?? ''}`);
  return stored ? content(stored) : registryError(404, 'BLOB_UNKNOWN', 'blob unknown to registry');
}

function form(context: RouteContext): URLSearchParams {
  return new URLSearchParams(context.request.rawBody.toString('utf8'));
}

/** `/oauth2/exchange`: an Entra access token for an ACR refresh token. */
function exchange(context: RouteContext, registry: RegistryContent): SandboxResponse {
  const params = form(context);
  if (params.get('grant_type') !== 'access_token')
    return registryError(400, 'UNSUPPORTED', 'grant_type must be access_token');
  if (params.get('service') !== registry.host)
    return registryError(400, 'DENIED', `service must be ${registry.host}`);
  const accessToken = params.get('access_token') ?? undefined;
  const principalId = principalOfAadToken(accessToken);
  if (!principalId) return registryError(401, 'UNAUTHORIZED', 'the access token is not valid');
  // azureADAuthenticationAsArmPolicy disabled: "the registry accepts only ACR-scoped Microsoft
  // Entra authentication and rejects ARM-scoped authentication" (docs "Configure registry
  // acceptance of Microsoft Entra authentication scopes"). The answer's body is the exchange's own
  // error shape; the docs do not show ACR's text.
  const audience = audienceOfToken(`Bearer ${accessToken ?? ''}`);
  if (registry.azureADAuthenticationAsArmPolicy === 'disabled' && audience !== ACR_AUDIENCE) {
    return registryError(
      401,
      'UNAUTHORIZED',
      `the registry accepts only ACR-audience (${ACR_AUDIENCE}) Microsoft Entra tokens; this one is for ${audience ?? 'another audience'}`,
    );
  }
  return {
    status: 200,
    body: { refresh_token: encodeToken({ kind: 'refresh', principalId, service: registry.host }) },
  };
}

const ACR_AUDIENCE = 'https://containerregistry.azure.net';

/**
 * Whether the principal may pull at all: in `AbacRepositoryPermissions` mode only the ABAC roles'
 * data actions count, at the registry or above ("the AcrPull, AcrPush, and AcrDelete roles aren't
 * honored in an ABAC-enabled registry"; Owner, Contributor and Reader grant no data plane access
 * there: docs "Microsoft Entra attribute-based access control (ABAC) for repository permissions").
 * ABAC conditions on an assignment are not evaluated: every such assignment is registry-wide here.
 * Legacy mode keeps the sandbox's old behaviour (any exchanged token pulls).
 */
function abacGranted(
  context: RouteContext,
  registry: RegistryContent,
  principalId: string,
): boolean {
  if (registry.roleAssignmentMode !== 'AbacRepositoryPermissions') return true;
  if (registry.resourceId === undefined) return false;
  return assignmentsAt(context.emulator.world, principalId, registry.resourceId).some((a) =>
    ABAC_PULL_ROLES.has(roleDefinitionGuid(a.roleDefinitionId)),
  );
}

/**
 * `GET /token?service=&scope=`: an anonymous pull token, as Docker Hub's auth.docker.io hands out for
 * public repositories (distribution/distribution docs/spec/auth/token.md, "Requesting a Token").
 */
function anonymousToken(context: RouteContext, registry: RegistryContent): SandboxResponse {
  const query = context.request.url.searchParams;
  if (registry.auth !== 'token')
    return registryError(404, 'NAME_UNKNOWN', `${registry.host} hands out no anonymous tokens`);
  if (query.get('service') !== registry.host)
    return registryError(400, 'DENIED', `service must be ${registry.host}`);
  const scope = query.getAll('scope').join(' ');
  return {
    status: 200,
    body: {
      token: encodeToken({
        kind: 'access',
        principalId: 'anonymous',
        service: registry.host,
        scope,
      }),
    },
  };
}

/**
 * `/oauth2/token`: an ACR refresh token for an access token of the asked scope, or of the part the
 * principal is granted: "If the client only has a subset of the requested access it must not be
 * considered an error" (distribution token spec, docs/spec/auth/token.md, Requesting a Token); the
 * manifest read then answers 401.
 */
function token(context: RouteContext, registry: RegistryContent): SandboxResponse {
  const params = form(context);
  const refresh = decodeToken(params.get('refresh_token') ?? undefined);
  if (
    params.get('grant_type') !== 'refresh_token' ||
    refresh?.kind !== 'refresh' ||
    refresh.service !== registry.host
  ) {
    return registryError(
      401,
      'UNAUTHORIZED',
      'a valid refresh_token for this registry is required',
    );
  }
  const asked = params.getAll('scope').join(' ');
  const scope = abacGranted(context, registry, refresh.principalId) ? asked : '';
  return {
    status: 200,
    body: {
      access_token: encodeToken({
        kind: 'access',
        principalId: refresh.principalId,
        service: registry.host,
        scope,
      }),
    },
  };
}

export const registryRoutes: readonly Route[] = [
  {
    method: 'GET',
    operationId: 'Registry_Ping',
    template: '/v2',
    handle: withRegistry((context, registry) => {
      if (registry.auth === 'anonymous') return { status: 200, body: {} };
      const token = decodeToken(
        /^Bearer\s+(\S+)$/i.exec(context.request.headers.authorization ?? '')?.[1],
      );
      return token?.kind === 'access' ? { status: 200, body: {} } : challenge(registry);
    }),
  },
  {
    method: 'GET',
    operationId: 'Registry_GetManifest',
    template: '/v2/{name+}/manifests/{reference}',
    handle: withRegistry(manifest),
  },
  {
    method: 'HEAD',
    operationId: 'Registry_HeadManifest',
    template: '/v2/{name+}/manifests/{reference}',
    handle: withRegistry(manifest),
  },
  {
    method: 'GET',
    operationId: 'Registry_GetBlob',
    template: '/v2/{name+}/blobs/{digest}',
    handle: withRegistry(blob),
  },
  {
    method: 'POST',
    operationId: 'Registry_ExchangeToken',
    template: '/oauth2/exchange',
    handle: withRegistry(exchange),
  },
  {
    method: 'POST',
    operationId: 'Registry_GetToken',
    template: '/oauth2/token',
    handle: withRegistry(token, tokenServiceOf),
  },
  {
    method: 'GET',
    operationId: 'Registry_GetAnonymousToken',
    template: '/token',
    handle: withRegistry(anonymousToken, tokenServiceOf),
  },
];
