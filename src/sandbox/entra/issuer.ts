/**
 * The sandbox's Entra ID token issuer: RS256 JWTs signed with a key made at every start, with the
 * claims a Microsoft identity platform v1 access token carries for a managed identity (`aud`, `iss`
 * `https://sts.windows.net/<tenant>/`, `oid`, `sub`, `iat`, `nbf`, `exp`; Microsoft identity platform
 * access tokens, https://learn.microsoft.com/entra/identity-platform/access-token-claims-reference).
 * Endpoints that check an audience (the Event Grid topic) verify these; the rest of the sandbox
 * keeps its `sandbox:<principalId>` tokens.
 */
import {
  createSign,
  createVerify,
  generateKeyPairSync,
  randomUUID,
  type KeyObject,
} from 'node:crypto';

export interface TokenClaims {
  readonly aud: string;
  readonly iss: string;
  readonly oid: string;
  readonly sub: string;
  readonly tid: string;
  readonly iat: number;
  readonly nbf: number;
  readonly exp: number;
}

export type Verified =
  | { readonly ok: true; readonly claims: TokenClaims }
  | { readonly ok: false; readonly reason: string };

const base64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

export class EntraIssuer {
  readonly tenantId: string;
  readonly issuer: string;
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;
  readonly #kid = randomUUID();

  constructor(tenantId: string) {
    this.tenantId = tenantId;
    this.issuer = `https://sts.windows.net/${tenantId}/`;
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.#privateKey = privateKey;
    this.#publicKey = publicKey;
  }

  /** An access token for `principalId` (its object id) and `audience`. */
  issue(principalId: string, audience: string, lifetimeSeconds = 30 * 24 * 3600): string {
    const now = Math.floor(Date.now() / 1000);
    const claims: TokenClaims = {
      aud: audience,
      iss: this.issuer,
      oid: principalId,
      sub: principalId,
      tid: this.tenantId,
      iat: now,
      nbf: now - 60,
      exp: now + lifetimeSeconds,
    };
    const head = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: this.#kid }));
    const body = base64url(JSON.stringify(claims));
    const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(this.#privateKey);
    return `${head}.${body}.${base64url(signature)}`;
  }

  /** Checks the signature, the issuer, the audience and the time window. */
  verify(token: string, audience: string): Verified {
    const [head, body, signature] = token.split('.');
    if (head === undefined || body === undefined || signature === undefined)
      return { ok: false, reason: 'not a JWT' };
    const signed = createVerify('RSA-SHA256')
      .update(`${head}.${body}`)
      .verify(this.#publicKey, Buffer.from(signature, 'base64url'));
    if (!signed) return { ok: false, reason: 'the signature is not the issuer’s' };
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return { ok: false, reason: 'the claims are not JSON' };
    }
    const now = Math.floor(Date.now() / 1000);
    if (claims.iss !== this.issuer) return { ok: false, reason: `issuer ${claims.iss}` };
    if (claims.aud !== audience) return { ok: false, reason: `audience ${claims.aud}` };
    if (claims.exp <= now || claims.nbf > now)
      return { ok: false, reason: 'expired or not yet valid' };
    return { ok: true, claims };
  }
}
