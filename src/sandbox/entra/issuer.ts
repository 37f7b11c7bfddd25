/**
 * The sandbox's Entra ID tenant as a token issuer: an RSA signing key published the way the
 * Microsoft identity platform publishes its keys, and v2.0 access tokens for an API's app roles.
 * - OpenID configuration at `https://login.microsoftonline.com/{tenant}/v2.0/.well-known/
 *   openid-configuration`, naming `issuer` `https://login.microsoftonline.com/{tenant}/v2.0` and
 *   `jwks_uri` `.../{tenant}/discovery/v2.0/keys` (learn.microsoft.com/entra/identity-platform/
 *   v2-protocols-oidc, "Find your app's OpenID configuration document URI").
 * - Access token claims (learn.microsoft.com/entra/identity-platform/access-tokens, v2.0): `aud`
 *   (the API's client id), `iss`, `iat`/`nbf`/`exp`, `tid`, `oid`, `sub`, `azp` (the calling
 *   client), `ver: 2.0`; a user's token has `name`, `preferred_username` and `scp`, an app-only
 *   token has neither name nor `scp` and says `idtyp: app`; `roles` holds the assigned app roles.
 * Keys live in memory: each sandbox run has its own, as each has its own CA. The local host's App
 * Service Authentication verifies user tokens through the published keys; the sandbox's own
 * endpoints that check an audience (the Event Grid topic) call `verify`.
 */
import { generateKeyPairSync, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { decodeJwt, signJwt, verifyRs256, type JwtClaims } from './jwt.js';

export const LOGIN_HOST = 'login.microsoftonline.com';

/** The Azure CLI's client id: what `az account get-access-token` and the CLI's sign-in send as azp. */
export const AZURE_CLI_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

export interface TokenRequest {
  /** The API the token is for: its client id (v2.0 tokens carry the GUID as `aud`). */
  readonly audience: string;
  readonly roles?: readonly string[];
  /** A user's display name; absent with `application`: an app-only token. */
  readonly name?: string;
  /** The principal's object id (default: a fresh one). */
  readonly objectId?: string;
  /** An app-only token (a service principal or managed identity): no name, no scp. */
  readonly application?: boolean;
  /** The calling client's id (`azp`); default the Azure CLI's. */
  readonly clientId?: string;
  /** Lifetime from now; negative for a token that has expired already (tests). Default 1 hour. */
  readonly lifetimeSeconds?: number;
}

export interface IssuedToken {
  readonly accessToken: string;
  /** Seconds since the epoch. */
  readonly expiresOn: number;
  readonly claims: JwtClaims;
}

export type Verified =
  | { readonly ok: true; readonly claims: JwtClaims }
  | { readonly ok: false; readonly reason: string };

export class EntraIssuer {
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;
  readonly kid = randomBytes(16).toString('base64url');

  constructor(readonly tenantId: string) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.#privateKey = privateKey;
    this.#publicKey = publicKey;
  }

  /** `iss` of v2.0 tokens, and what App Service Authentication's `openIdIssuer` names. */
  get issuer(): string {
    return `https://${LOGIN_HOST}/${this.tenantId}/v2.0`;
  }

  openIdConfiguration(): Record<string, unknown> {
    const base = `https://${LOGIN_HOST}/${this.tenantId}`;
    return {
      issuer: this.issuer,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    };
  }

  jwks(): { keys: Record<string, unknown>[] } {
    const jwk = this.#publicKey.export({ format: 'jwk' });
    return { keys: [{ kty: 'RSA', use: 'sig', kid: this.kid, n: jwk.n, e: jwk.e }] };
  }

  issue(request: TokenRequest, nowInMs = Date.now()): IssuedToken {
    const now = Math.floor(nowInMs / 1000);
    const exp = now + (request.lifetimeSeconds ?? 3600);
    const oid = request.objectId ?? randomUUID();
    const person =
      request.application === true
        ? { idtyp: 'app' }
        : {
            name: request.name ?? 'Sandbox User',
            preferred_username: `${(request.name ?? 'user').toLowerCase().replace(/\s+/g, '.')}@sandbox.example`,
            scp: 'user_impersonation',
          };
    const claims: JwtClaims = {
      aud: request.audience,
      iss: this.issuer,
      iat: now,
      nbf: Math.min(now, exp),
      exp,
      tid: this.tenantId,
      oid,
      sub: oid,
      azp: request.clientId ?? AZURE_CLI_CLIENT_ID,
      ver: '2.0',
      uti: randomBytes(12).toString('base64url'),
      ...person,
      ...(request.roles && request.roles.length > 0 ? { roles: [...request.roles] } : {}),
    };
    return { accessToken: signJwt(claims, this.#privateKey, this.kid), expiresOn: exp, claims };
  }

  /** Checks a token of this issuer: the signature, the issuer, the audience and the time window. */
  verify(token: string, audience: string, nowInMs = Date.now()): Verified {
    const jwt = decodeJwt(token);
    if (jwt === undefined) return { ok: false, reason: 'not a JWT' };
    if (
      jwt.header['kid'] !== this.kid ||
      !verifyRs256(jwt, this.#publicKey.export({ format: 'jwk' }))
    )
      return { ok: false, reason: 'the signature is not the issuer’s' };
    const { claims } = jwt;
    const now = Math.floor(nowInMs / 1000);
    if (claims['iss'] !== this.issuer)
      return { ok: false, reason: `issuer ${String(claims['iss'])}` };
    if (claims['aud'] !== audience)
      return { ok: false, reason: `audience ${String(claims['aud'])}` };
    const exp = typeof claims['exp'] === 'number' ? claims['exp'] : 0;
    const nbf = typeof claims['nbf'] === 'number' ? claims['nbf'] : 0;
    if (exp <= now || nbf > now) return { ok: false, reason: 'expired or not yet valid' };
    return { ok: true, claims };
  }

  /** An app-only token of a managed identity (`objectId`) for one audience, e.g. a data plane's. */
  managedIdentityToken(
    objectId: string,
    audience: string,
    lifetimeSeconds = 30 * 24 * 3600,
  ): string {
    return this.issue({ audience, objectId, application: true, lifetimeSeconds }).accessToken;
  }
}
