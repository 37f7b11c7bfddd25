/**
 * Entra ID clusters (DESIGN 3b): AKS hands out a kubeconfig whose user runs `kubelogin`, which the
 * Functions host does not have. winshift swaps that user for a bearer token from its own
 * `TokenCredential` for the AKS server application, fetched per request through a custom
 * authenticator and refreshed before it expires (tokens live about an hour, a run for days).
 */
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { KubeConfig, type User } from '@kubernetes/client-node';
import { WinshiftError } from '../../domain/errors.js';

/** The AKS AAD server application (the same for every cluster), `.default` scope. */
export const AKS_ENTRA_SCOPE = '6dae42f8-4368-4678-94ff-3960e28e3630/.default';

const AUTH_PROVIDER = 'winshift-entra';
/** The library's authenticator plug-in (its interface is not exported by name). */
type Authenticator = Parameters<KubeConfig['addAuthenticator']>[0];
/** Ask for a new token this long before the old one expires. */
export const TOKEN_REFRESH_MARGIN_IN_MS = 5 * 60_000;

/** Whether a kubeconfig user is AKS's Entra login (kubelogin exec, or the legacy `azure` provider). */
export function isEntraUser(user: User | null | undefined): boolean {
  const exec = user?.exec as { command?: unknown; args?: unknown } | undefined;
  if (exec) {
    const command = typeof exec.command === 'string' ? exec.command : '';
    const args = Array.isArray(exec.args) ? (exec.args as unknown[]) : [];
    return /(^|[\\/])kubelogin(\.exe)?$/.test(command) || args.includes('--server-id');
  }
  return (user?.authProvider as { name?: unknown } | undefined)?.name === 'azure';
}

export interface TokenSource {
  /** A token valid for at least the refresh margin (one request in flight at a time). */
  token(): Promise<string>;
}

export function createTokenSource(
  credential: TokenCredential,
  scope: string = AKS_ENTRA_SCOPE,
  now: () => number = Date.now,
): TokenSource {
  let current: AccessToken | undefined;
  let pending: Promise<AccessToken> | undefined;
  const fetchToken = async (): Promise<AccessToken> => {
    const token = await credential.getToken(scope).catch((error: unknown) => {
      throw new WinshiftError('UNAUTHORIZED', `no Entra ID token for ${scope}`, { cause: error });
    });
    if (!token) throw new WinshiftError('UNAUTHORIZED', `no Entra ID token for ${scope}`);
    return token;
  };
  return {
    async token() {
      if (current && current.expiresOnTimestamp - TOKEN_REFRESH_MARGIN_IN_MS > now()) {
        return current.token;
      }
      pending ??= fetchToken().finally(() => (pending = undefined));
      current = await pending;
      return current.token;
    },
  };
}

function tokenAuthenticator(tokens: TokenSource): Authenticator {
  return {
    isAuthProvider: (user) =>
      (user.authProvider as { name?: unknown } | undefined)?.name === AUTH_PROVIDER,
    async applyAuthentication(_user, opts) {
      const target = opts as { headers?: Record<string, string> };
      target.headers = { ...target.headers, Authorization: `Bearer ${await tokens.token()}` };
    },
  };
}

/** A KubeConfig for the current cluster of `base` that authenticates with `tokens` instead. */
export function withEntraToken(base: KubeConfig, tokens: TokenSource): KubeConfig {
  const cluster = base.getCurrentCluster();
  if (!cluster) throw new WinshiftError('INTERNAL', 'the kubeconfig names no current cluster');
  const kubeConfig = new KubeConfig();
  kubeConfig.addAuthenticator(tokenAuthenticator(tokens));
  kubeConfig.loadFromOptions({
    clusters: [cluster],
    users: [{ name: AUTH_PROVIDER, authProvider: { name: AUTH_PROVIDER, config: {} } }],
    contexts: [{ name: AUTH_PROVIDER, cluster: cluster.name, user: AUTH_PROVIDER }],
    currentContext: AUTH_PROVIDER,
  });
  return kubeConfig;
}
