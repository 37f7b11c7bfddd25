/**
 * JSON Web Tokens signed with RS256 (RFC 7519, RFC 7515; RS256 = RSASSA-PKCS1-v1_5 with SHA-256,
 * RFC 7518 section 3.3), the form of Microsoft identity platform access tokens
 * (learn.microsoft.com/entra/identity-platform/access-tokens). The sandbox's Entra issuer signs
 * with these; the local host's App Service Authentication verifies with them. Node's crypto only.
 */
import { createPublicKey, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';

export type JwtClaims = Readonly<Record<string, unknown>>;

export interface DecodedJwt {
  readonly header: Readonly<Record<string, unknown>>;
  readonly claims: JwtClaims;
  /** `<header>.<payload>`: what the signature covers. */
  readonly signed: string;
  readonly signature: Buffer;
}

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signJwt(claims: JwtClaims, key: KeyObject, kid: string): string {
  const signed = `${encode({ typ: 'JWT', alg: 'RS256', kid })}.${encode(claims)}`;
  const signature = sign('sha256', Buffer.from(signed), key).toString('base64url');
  return `${signed}.${signature}`;
}

function part(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The token's parts, unverified; undefined when it is not a JWS compact serialization. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [head, body, signature] = parts as [string, string, string];
  const header = part(head);
  const claims = part(body);
  if (header === undefined || claims === undefined) return undefined;
  return {
    header,
    claims,
    signed: `${head}.${body}`,
    signature: Buffer.from(signature, 'base64url'),
  };
}

/** Whether an RS256 signature verifies with this JWK (an RSA public key, `kty: RSA`). */
export function verifyRs256(jwt: DecodedJwt, jwk: JsonWebKey): boolean {
  if (jwt.header['alg'] !== 'RS256' || jwk.kty !== 'RSA') return false;
  try {
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    return verify('sha256', Buffer.from(jwt.signed), key, jwt.signature);
  } catch {
    return false;
  }
}
