import { principalOfToken } from '../keyvault/access.js';

/**
 * ACR-style tokens of the sandbox. Real ACR issues JWTs; the sandbox's are opaque but carry what ACR
 * checks: who (principal), for which registry (service), and for access tokens the granted scope.
 */
export interface AcrToken {
  readonly kind: 'refresh' | 'access';
  readonly principalId: string;
  readonly service: string;
  readonly scope?: string | undefined;
}

export function encodeToken(token: AcrToken): string {
  return `acr.${Buffer.from(JSON.stringify(token)).toString('base64url')}`;
}

export function decodeToken(value: string | undefined): AcrToken | undefined {
  if (!value?.startsWith('acr.')) return undefined;
  try {
    const parsed = JSON.parse(
      Buffer.from(value.slice(4), 'base64url').toString('utf8'),
    ) as Partial<AcrToken>;
    if (
      (parsed.kind !== 'refresh' && parsed.kind !== 'access') ||
      typeof parsed.principalId !== 'string' ||
      typeof parsed.service !== 'string'
    ) {
      return undefined;
    }
    return parsed as AcrToken;
  } catch {
    return undefined;
  }
}

/** The principal of an Entra access token presented to `/oauth2/exchange` (`sandbox:<principalId>`). */
export function principalOfAadToken(token: string | undefined): string | undefined {
  return token ? principalOfToken(`Bearer ${token}`) : undefined;
}

/** Whether an access token's scope (`repository:a/b:pull,push`) grants pull on the repository. */
export function scopeAllowsPull(scope: string | undefined, repository: string): boolean {
  return (scope ?? '').split(' ').some((entry) => {
    const [type, name, actions] = entry.split(':');
    return (
      type === 'repository' && name === repository && (actions ?? '').split(',').includes('pull')
    );
  });
}
