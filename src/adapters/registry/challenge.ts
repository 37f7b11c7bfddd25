/** `WWW-Authenticate` challenges of the distribution token protocol (`Bearer realm=..,service=..`). */

export interface BearerChallenge {
  readonly realm: string;
  readonly service?: string;
  readonly scope?: string;
}

/** Parses a Bearer challenge; undefined for Basic or anything without a realm. */
export function parseBearerChallenge(header: string | undefined): BearerChallenge | undefined {
  const match = /^\s*Bearer\s+(.*)$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const params = new Map<string, string>();
  for (const pair of match[1].matchAll(/([a-zA-Z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    const key = pair[1]?.toLowerCase();
    if (key !== undefined) params.set(key, pair[2] ?? pair[3] ?? '');
  }
  const realm = params.get('realm');
  if (!realm) return undefined;
  const service = params.get('service');
  const scope = params.get('scope');
  return {
    realm,
    ...(service ? { service } : {}),
    ...(scope ? { scope } : {}),
  };
}

/** Azure Container Registry hosts of the Azure clouds: the ones the Entra token exchange is for. */
const ACR_SUFFIXES = ['.azurecr.io', '.azurecr.cn', '.azurecr.us'];

export function isAcrHost(host: string): boolean {
  const name = host.toLowerCase().replace(/:\d+$/, '');
  return ACR_SUFFIXES.some((suffix) => name.endsWith(suffix));
}
