/**
 * A host -> endpoint map: where to open the TCP connection for a given real host name.
 * Entries are exact host names (`management.azure.com`) or one leading wildcard label
 * (`*.vault.azure.net`, matching exactly one label, as a certificate wildcard does).
 */
export type HostMap = Readonly<Record<string, string>>;

/** A resolved endpoint: the address and port to dial instead of the real host. */
export interface HostEndpoint {
  readonly host: string;
  readonly port: number;
}

/** Parses `127.0.0.1:8443` (or `[::1]:8443`); throws with the offending entry otherwise. */
export function parseEndpoint(value: string): HostEndpoint {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(value.trim());
  const port = match ? Number(match[2]) : NaN;
  if (!match || !match[1] || port < 1 || port > 65535) {
    throw new Error(`host map endpoint "${value}" is not host:port`);
  }
  return { host: match[1].replace(/^\[|\]$/g, ''), port };
}

/** Finds the endpoint for a host name: an exact entry wins over a wildcard one. */
export function resolveMappedHost(map: HostMap, hostName: string): HostEndpoint | undefined {
  const name = hostName.toLowerCase().replace(/\.$/, '');
  const exact = Object.entries(map).find(([key]) => key.toLowerCase() === name);
  if (exact) return parseEndpoint(exact[1]);
  const dot = name.indexOf('.');
  if (dot <= 0) return undefined;
  const wildcard = `*${name.slice(dot)}`;
  const entry = Object.entries(map).find(([key]) => key.toLowerCase() === wildcard);
  return entry ? parseEndpoint(entry[1]) : undefined;
}

/**
 * Parses a host map setting: a JSON object of host name -> `address:port`, every entry checked so a
 * config module can list all problems at start-up.
 */
export function parseHostMapSetting(text: string): { hostMap: HostMap; problems: string[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { hostMap: {}, problems: ['host map is not valid JSON'] };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { hostMap: {}, problems: ['host map must be a JSON object of "host": "address:port"'] };
  }
  const hostMap: Record<string, string> = {};
  const problems: string[] = [];
  for (const [host, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (!/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(host))
      problems.push(`host map key "${host}" is not a host name`);
    try {
      parseEndpoint(typeof value === 'string' ? value : '');
      hostMap[host] = value as string;
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  return { hostMap, problems };
}
