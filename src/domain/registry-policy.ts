/**
 * Which registry hosts, token realms and redirect targets winshift contacts (ADR 0012). Any workload
 * image of a cluster names a registry host that winshift then calls, so these names are the
 * attacker's choice: names only here; the addresses a name resolves to are checked where the
 * connection is made (adapters/registry/addresses.ts), so DNS cannot switch them after the check.
 */

/** Lower-cased host name of `host[:port]` or `[v6]:port`, as a URL parser reads it; else undefined. */
export function hostnameOf(authority: string): string | undefined {
  const url = URL.parse(`https://${authority}/`);
  if (url === null || url.username !== '' || url.password !== '' || url.pathname !== '/')
    return undefined;
  return url.hostname.toLowerCase();
}

/**
 * Whether a parsed host name is an IP literal. The WHATWG parser already turned every IPv4 spelling
 * (`2130706433`, `0x7f.1`, `0177.0.0.1`) into dotted decimal and kept IPv6 in brackets.
 */
function ipLiteralKind(hostname: string): 'IPv4' | 'IPv6' | undefined {
  if (hostname.startsWith('[')) return 'IPv6';
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(hostname) ? 'IPv4' : undefined;
}

/** Why winshift refuses to contact a registry named `authority` (an image's `host[:port]`). */
export function registryHostProblem(authority: string): string | undefined {
  const hostname = hostnameOf(authority);
  if (hostname === undefined) return 'it is not a host name';
  const ip = ipLiteralKind(hostname);
  if (ip !== undefined)
    return `${ip} address literals are not accepted as registry hosts (name the registry by its DNS name)`;
  return undefined;
}

/** Why winshift will not fetch `url` (a token realm, a redirect's Location); undefined when it may. */
export function urlProblem(url: string): string | undefined {
  const parsed = URL.parse(url);
  if (parsed === null) return 'it is not a URL';
  if (parsed.protocol !== 'https:') return `only https is accepted, not ${parsed.protocol}`;
  if (parsed.username !== '' || parsed.password !== '') return 'it carries user information';
  const ip = ipLiteralKind(parsed.hostname);
  return ip === undefined ? undefined : `${ip} address literals are not accepted`;
}

/**
 * Suffixes under which every name belongs to someone else (a subset of the Public Suffix List,
 * https://publicsuffix.org/list/, kept as data: the shared hosting and cloud suffixes a registry or
 * its token service plausibly lives under). Two-letter country domains with a generic second level
 * (`co.uk`, `com.au`) are handled by SECOND_LEVELS_OF_COUNTRIES.
 */
export const SHARED_SUFFIXES: readonly string[] = [
  'azurecr.io',
  'azurecr.cn',
  'azurecr.us',
  'azurewebsites.net',
  'azurecontainer.io',
  'cloudapp.net',
  'cloudapp.azure.com',
  'blob.core.windows.net',
  'amazonaws.com',
  'appspot.com',
  'github.io',
  'gitlab.io',
  'herokuapp.com',
  'pages.dev',
  'workers.dev',
];

const SECOND_LEVELS_OF_COUNTRIES = new Set(['ac', 'co', 'com', 'edu', 'gov', 'net', 'or', 'org']);

/** Number of labels of the public suffix `hostname` ends with. */
function publicSuffixLabels(labels: readonly string[]): number {
  const name = labels.join('.');
  const shared = SHARED_SUFFIXES.find((suffix) => name === suffix || name.endsWith(`.${suffix}`));
  if (shared !== undefined) return shared.split('.').length;
  const [second, top] = labels.slice(-2);
  return top?.length === 2 && second !== undefined && SECOND_LEVELS_OF_COUNTRIES.has(second)
    ? 2
    : 1;
}

/** The registrable domain (public suffix plus one label) of a host name: `docker.io` for `auth.docker.io`. */
export function registrableDomain(hostname: string): string {
  const labels = hostname.toLowerCase().replace(/\.$/, '').split('.');
  return labels.slice(-Math.min(labels.length, publicSuffixLabels(labels) + 1)).join('.');
}

/**
 * Why winshift will not ask `realm` for a token on behalf of the registry `registryAuthority`. The
 * token spec (distribution/distribution docs/spec/auth/token.md) lets a registry name any realm in
 * its `WWW-Authenticate: Bearer realm=...` challenge; winshift accepts only the registry's own
 * domain: the same host, or a host under the registry host's registrable domain. That rule, not an
 * exception, admits Docker Hub (registry `registry-1.docker.io`, realm `auth.docker.io`: both under
 * `docker.io`) and GitLab (`registry.gitlab.com`, realm `gitlab.com`), and refuses a realm in another
 * tenant of a shared suffix (`a.azurecr.io` for `b.azurecr.io`).
 */
export function realmProblem(registryAuthority: string, realm: string): string | undefined {
  const problem = urlProblem(realm);
  if (problem !== undefined) return `its token realm is refused: ${problem}`;
  const registry = hostnameOf(registryAuthority) ?? '';
  const realmHost = new URL(realm).hostname.toLowerCase();
  if (realmHost === registry) return undefined;
  const domain = registrableDomain(registry);
  if (realmHost === domain || realmHost.endsWith(`.${domain}`)) return undefined;
  return `its token realm is on ${realmHost}, outside the registry's domain ${domain}`;
}

/** Host names that may resolve to internal addresses (WINSHIFT_REGISTRY_ALLOW). */
export type HostAllowList = readonly string[];

const ALLOW_ENTRY = /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/;

/** Parses the comma-separated allow list: exact host names or `*.suffix` (any name under suffix). */
export function parseHostAllowList(text: string): { hosts: string[]; problems: string[] } {
  const entries = text
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
  const valid = (entry: string): boolean =>
    ALLOW_ENTRY.test(entry) && ipLiteralKind(entry.replace(/^\*\./, '')) === undefined;
  return {
    hosts: entries.filter(valid),
    problems: entries
      .filter((entry) => !valid(entry))
      .map((entry) => `"${entry}" is not a host name or *.domain`),
  };
}

/** Whether `hostname` is in the allow list: an exact entry, or under a `*.suffix` entry. */
export function isHostAllowed(allowList: HostAllowList, hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return allowList.some((entry) =>
    entry.startsWith('*.') ? name.endsWith(entry.slice(1)) : name === entry,
  );
}
