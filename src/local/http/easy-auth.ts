/**
 * App Service Authentication ("Easy Auth") in front of the local host, as infra/app/resources.bicep
 * configures it in Azure (authsettingsV2: Microsoft Entra provider, `requireAuthentication`,
 * `unauthenticatedClientAction`, `allowedAudiences`, `excludedPaths`), so entra mode can be run and
 * tested here. What it does, and the source of each behaviour:
 * - Removes every `x-ms-client-principal*` and `x-ms-token-*` header a caller sent: "External
 *   requests aren't allowed to set these headers, so they're present only if App Service sets them"
 *   (learn.microsoft.com/azure/app-service/configure-authentication-user-identities).
 * - Validates a bearer token against the issuer's OpenID metadata (`<openIdIssuer>/.well-known/
 *   openid-configuration` -> `jwks_uri`): RS256 signature by a published key, `iss` equal to the
 *   issuer, `aud` one of the allowed audiences or the client id (the client id is always an allowed
 *   audience: learn.microsoft.com/azure/app-service/configure-authentication-provider-aad), `exp`
 *   and `nbf` with Microsoft.IdentityModel's default 5 minute clock skew
 *   (TokenValidationParameters.DefaultClockSkew).
 * - Return401: answers 401 without a valid token, except on `excludedPaths` and on the host's
 *   `/admin` API, which Easy Auth does not block (Azure/azure-functions-ux#499), and on what only
 *   the app itself calls here (the Durable client's RPC endpoint; a separate port in Azure).
 *   AllowAnonymous ("defers authorization of unauthenticated traffic to your application code",
 *   learn.microsoft.com/azure/app-service/overview-authentication-authorization): a request without
 *   a token goes on without a principal; one with a token that fails validation is still answered
 *   401 here (the docs do not say; the stricter reading, ADR 0013).
 * - Injects x-ms-client-principal (base64 JSON {auth_typ: aad, claims [{typ, val}], name_typ,
 *   role_typ}), -id, -name and -idp. Claims keep their token names except those the platform maps
 *   (oid, sub, tid, email to their long URIs, as captured headers show); a token's `roles` stay
 *   `roles` claims, one per role (AzureAD/microsoft-identity-web#2166: with the v2.0 issuer "the
 *   claims type will always be roles").
 * Not emulated: sign-in redirects, the token store, /.auth endpoints, v1.0 issuers, wildcard paths.
 */
import type { IncomingMessage } from 'node:http';
import type { JsonWebKey } from 'node:crypto';
import {
  decodeJwt,
  verifyRs256,
  type DecodedJwt,
  type JwtClaims,
} from '../../sandbox/entra/jwt.js';

export interface EasyAuthOptions {
  /** `identityProviders.azureActiveDirectory.registration.openIdIssuer`. */
  readonly issuer: string;
  /** `registration.clientId`: always an allowed audience. */
  readonly clientId: string;
  /** `validation.allowedAudiences`. */
  readonly allowedAudiences: readonly string[];
  /** `globalValidation.excludedPaths` (exact paths). */
  readonly excludedPaths: readonly string[];
  /** `globalValidation.unauthenticatedClientAction` (default Return401). */
  readonly unauthenticatedClientAction?: UnauthenticatedClientAction;
  /**
   * Path prefixes App Service's front end never sees here: the Durable extension's RPC endpoint,
   * which the real extension serves on a separate localhost port (local/durable/client-binding.ts).
   */
  readonly internalPrefixes?: readonly string[];
  /** Fetches a JSON document (the issuer's metadata and keys). */
  readonly fetchJson: (url: string) => Promise<unknown>;
  readonly now?: () => number;
}

/** The two of authsettingsV2's actions an API without a sign-in page can use. */
export const UNAUTHENTICATED_CLIENT_ACTIONS = ['Return401', 'AllowAnonymous'] as const;
export type UnauthenticatedClientAction = (typeof UNAUTHENTICATED_CLIENT_ACTIONS)[number];

export type EasyAuthVerdict =
  { readonly ok: true } | { readonly ok: false; readonly status: 401; readonly reason: string };

const CLOCK_SKEW_SECONDS = 300;

/** Claims the platform renames (long forms: Microsoft.IdentityModel ClaimTypeMapping.cs). */
const MAPPED_CLAIMS: Readonly<Record<string, string>> = {
  oid: 'http://schemas.microsoft.com/identity/claims/objectidentifier',
  sub: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier',
  tid: 'http://schemas.microsoft.com/identity/claims/tenantid',
  email: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
};
export const NAME_TYPE = 'name';
export const ROLE_TYPE = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role';

/** Whether a header is one only the platform may set. */
export function isPlatformHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('x-ms-client-principal') || lower.startsWith('x-ms-token-');
}

/** The client principal App Service builds from a validated token's claims. */
export function clientPrincipalOf(claims: JwtClaims): Record<string, unknown> {
  const list: { typ: string; val: string }[] = [];
  for (const [name, value] of Object.entries(claims)) {
    const typ = MAPPED_CLAIMS[name] ?? name;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null || typeof item === 'object') continue;
      list.push({ typ, val: String(item) });
    }
  }
  return { auth_typ: 'aad', claims: list, name_typ: NAME_TYPE, role_typ: ROLE_TYPE };
}

function text(claims: JwtClaims, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = claims[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

export class EasyAuth {
  #keys: Promise<readonly JsonWebKey[]> | undefined;

  constructor(private readonly options: EasyAuthOptions) {}

  /** The issuer's signing keys, fetched once; `refresh` fetches again (a key rolled over). */
  private keys(refresh = false): Promise<readonly JsonWebKey[]> {
    if (refresh || this.#keys === undefined) {
      const metadataUrl = `${this.options.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
      this.#keys = (async () => {
        const metadata = (await this.options.fetchJson(metadataUrl)) as { jwks_uri?: unknown };
        if (typeof metadata.jwks_uri !== 'string')
          throw new Error(`${metadataUrl} names no jwks_uri`);
        const jwks = (await this.options.fetchJson(metadata.jwks_uri)) as { keys?: unknown };
        return Array.isArray(jwks.keys) ? (jwks.keys as JsonWebKey[]) : [];
      })();
      this.#keys.catch(() => (this.#keys = undefined));
    }
    return this.#keys;
  }

  private async keyOf(jwt: DecodedJwt): Promise<JsonWebKey | undefined> {
    const find = (keys: readonly JsonWebKey[]): JsonWebKey | undefined =>
      keys.find((key) => (key as { kid?: unknown }).kid === jwt.header['kid']);
    return find(await this.keys()) ?? find(await this.keys(true));
  }

  /** Why the token is refused, or undefined when it is valid. */
  async problemWith(token: string): Promise<string | undefined> {
    const jwt = decodeJwt(token);
    if (jwt === undefined) return 'the bearer token is not a JWT';
    const key = await this.keyOf(jwt);
    if (key === undefined || !verifyRs256(jwt, key)) return 'the token signature is invalid';
    const { claims } = jwt;
    if (claims['iss'] !== this.options.issuer)
      return `the issuer ${String(claims['iss'])} is not trusted`;
    const audiences = [this.options.clientId, ...this.options.allowedAudiences];
    const aud = claims['aud'];
    if (typeof aud !== 'string' || !audiences.includes(aud))
      return `the audience ${String(aud)} is not allowed`;
    const now = Math.floor((this.options.now?.() ?? Date.now()) / 1000);
    const exp = claims['exp'];
    if (typeof exp !== 'number' || exp + CLOCK_SKEW_SECONDS <= now) return 'the token has expired';
    const nbf = claims['nbf'];
    if (typeof nbf === 'number' && nbf - CLOCK_SKEW_SECONDS > now)
      return 'the token is not valid yet';
    return undefined;
  }

  /** Paths Easy Auth lets through without a token: excluded ones, /admin, the app's own RPC. */
  private isExcluded(path: string): boolean {
    return (
      path.startsWith('/admin/') ||
      (this.options.internalPrefixes ?? []).some((prefix) => path.startsWith(prefix)) ||
      this.options.excludedPaths.some((excludedPath) => excludedPath.toLowerCase() === path)
    );
  }

  /**
   * Strips platform headers from the request, then lets it through (with the principal's headers
   * when a valid token came) or says why it is refused.
   */
  async authenticate(req: IncomingMessage, url: URL): Promise<EasyAuthVerdict> {
    for (const name of Object.keys(req.headers))
      if (isPlatformHeader(name)) delete req.headers[name];
    const excluded = this.isExcluded(url.pathname.toLowerCase());
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const anonymous = this.options.unauthenticatedClientAction === 'AllowAnonymous';
    if (bearer === undefined)
      return excluded || anonymous
        ? { ok: true }
        : { ok: false, status: 401, reason: 'no bearer token' };
    const problem = await this.problemWith(bearer);
    if (problem !== undefined)
      return excluded ? { ok: true } : { ok: false, status: 401, reason: problem };
    const claims = decodeJwt(bearer)?.claims ?? {};
    const principal = clientPrincipalOf(claims);
    req.headers['x-ms-client-principal'] = Buffer.from(JSON.stringify(principal)).toString(
      'base64',
    );
    req.headers['x-ms-client-principal-id'] = text(claims, 'oid', 'sub') ?? '';
    req.headers['x-ms-client-principal-name'] =
      text(claims, 'preferred_username', 'upn', 'name', 'azp', 'appid') ?? '';
    req.headers['x-ms-client-principal-idp'] = 'aad';
    return { ok: true };
  }
}

/** The local host's settings of App Service Authentication, named after authsettingsV2's fields. */
export const EASY_AUTH_SETTINGS = {
  issuer: 'LOCAL_HOST_AUTH_ISSUER',
  clientId: 'LOCAL_HOST_AUTH_CLIENT_ID',
  allowedAudiences: 'LOCAL_HOST_AUTH_ALLOWED_AUDIENCES',
  excludedPaths: 'LOCAL_HOST_AUTH_EXCLUDED_PATHS',
  unauthenticatedClientAction: 'LOCAL_HOST_AUTH_UNAUTHENTICATED_CLIENT_ACTION',
} as const;

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/**
 * App Service Authentication from the host's settings: on when LOCAL_HOST_AUTH_ISSUER is set (it
 * then needs LOCAL_HOST_AUTH_CLIENT_ID). The issuer's metadata is fetched through `fetchJson`.
 */
export function easyAuthFrom(
  settings: Readonly<Record<string, string>>,
  fetchJson: EasyAuthOptions['fetchJson'],
  internalPrefixes: readonly string[] = [],
): EasyAuth | undefined {
  const issuer = settings[EASY_AUTH_SETTINGS.issuer]?.trim();
  if (!issuer) return undefined;
  const clientId = settings[EASY_AUTH_SETTINGS.clientId]?.trim();
  if (!clientId)
    throw new Error(
      `${EASY_AUTH_SETTINGS.issuer} is set: ${EASY_AUTH_SETTINGS.clientId} is required too`,
    );
  const action = settings[EASY_AUTH_SETTINGS.unauthenticatedClientAction]?.trim() || 'Return401';
  if (!(UNAUTHENTICATED_CLIENT_ACTIONS as readonly string[]).includes(action))
    throw new Error(
      `${EASY_AUTH_SETTINGS.unauthenticatedClientAction}: "${action}" is not ${UNAUTHENTICATED_CLIENT_ACTIONS.join(' or ')}`,
    );
  return new EasyAuth({
    issuer,
    clientId,
    unauthenticatedClientAction: action as UnauthenticatedClientAction,
    allowedAudiences: list(settings[EASY_AUTH_SETTINGS.allowedAudiences]),
    excludedPaths: list(settings[EASY_AUTH_SETTINGS.excludedPaths]),
    internalPrefixes,
    fetchJson,
  });
}
