import { describe, expect, it } from '@jest/globals';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { ApiException, KubeConfig } from '@kubernetes/client-node';
import {
  AKS_ENTRA_SCOPE,
  createKubernetesConnector,
  createTokenSource,
  isEntraUser,
  withEntraToken,
} from '../../../../src/adapters/kubernetes/index.js';
import {
  codeForKubeError,
  statusMessage,
  toWinshiftError,
} from '../../../../src/adapters/kubernetes/errors.js';
import { WinshiftError } from '../../../../src/domain/errors.js';
import type { AksPort, ClusterFacts } from '../../../../src/ports/azure.js';

const apiError = (code: number, message = 'm'): ApiException<string> =>
  new ApiException(code, `HTTP-Code: ${code}`, JSON.stringify({ kind: 'Status', message }), {});
const systemError = (code: string): Error =>
  new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });

describe('Kubernetes failures as winshift codes', () => {
  it.each([
    [apiError(401), 'UNAUTHORIZED'],
    [apiError(403), 'FORBIDDEN'],
    [apiError(404), 'NOT_FOUND'],
    [apiError(409), 'TRANSIENT'],
    [apiError(400), 'INVALID_INPUT'],
    [apiError(422), 'INVALID_INPUT'],
    [apiError(429), 'TRANSIENT'],
    [apiError(500), 'TRANSIENT'],
    [apiError(503), 'TRANSIENT'],
    [apiError(504), 'TRANSIENT'],
    [systemError('ECONNREFUSED'), 'TRANSIENT'],
    [systemError('ECONNRESET'), 'TRANSIENT'],
    [systemError('UND_ERR_CONNECT_TIMEOUT'), 'TRANSIENT'],
    [systemError('CERT_HAS_EXPIRED'), 'INTERNAL'],
    [new Error('boom'), 'INTERNAL'],
    [new WinshiftError('PDB_BLOCKED', 'x'), 'PDB_BLOCKED'],
  ])('%s -> %s', (error, code) => {
    expect(codeForKubeError(error)).toBe(code);
  });

  it('names the action and the Status message, with [CODE] in the text', () => {
    const error = toWinshiftError(apiError(403, 'nodes is forbidden'), 'list nodes');
    expect(error).toMatchObject({ name: 'WinshiftError', code: 'FORBIDDEN' });
    expect(error.message).toBe('[FORBIDDEN] Kubernetes: list nodes: nodes is forbidden');
    expect(statusMessage(new Error('first line\nsecond'))).toBe('first line');
  });
});

describe('isEntraUser', () => {
  it.each([
    ['kubelogin exec', { name: 'u', exec: { command: 'kubelogin', args: ['get-token'] } }, true],
    [
      'kubelogin by path',
      { name: 'u', exec: { command: '/usr/local/bin/kubelogin', args: [] } },
      true,
    ],
    ['kubelogin.exe', { name: 'u', exec: { command: 'C:\\tools\\kubelogin.exe' } }, true],
    [
      'an exec with --server-id',
      { name: 'u', exec: { command: 'az', args: ['--server-id', 'x'] } },
      true,
    ],
    ['the legacy azure provider', { name: 'u', authProvider: { name: 'azure' } }, true],
    ['another exec', { name: 'u', exec: { command: 'aws', args: ['eks', 'get-token'] } }, false],
    ['a token user', { name: 'u', token: 't' }, false],
    ['no user', undefined, false],
  ])('%s', (_name, user, expected) => {
    expect(isEntraUser(user)).toBe(expected);
  });
});

function countingCredential(
  clock: { now: number },
  lifetimeInMs: number,
): TokenCredential & { calls: number } {
  const credential = {
    calls: 0,
    getToken: (scope: string | string[]): Promise<AccessToken> => {
      credential.calls++;
      expect(scope).toBe(AKS_ENTRA_SCOPE);
      return Promise.resolve({
        token: `t${credential.calls}`,
        expiresOnTimestamp: clock.now + lifetimeInMs,
      });
    },
  };
  return credential;
}

describe('the Entra ID token source', () => {
  it.each([
    ['reused well before expiry', 60, 30, 't1', 1],
    ['refreshed five minutes before expiry', 60, 55.5, 't2', 2],
    ['refreshed after expiry', 60, 61, 't2', 2],
    ['a short-lived token is fetched each time', 4, 0, 't2', 2],
  ])('%s', async (_name, lifetimeMinutes, advanceMinutes, token, calls) => {
    const clock = { now: 1_000_000 };
    const credential = countingCredential(clock, lifetimeMinutes * 60_000);
    const tokens = createTokenSource(credential, AKS_ENTRA_SCOPE, () => clock.now);
    await expect(tokens.token()).resolves.toBe('t1');
    clock.now += advanceMinutes * 60_000;
    await expect(tokens.token()).resolves.toBe(token);
    expect(credential.calls).toBe(calls);
  });

  it('asks the credential once for concurrent requests', async () => {
    const clock = { now: 0 };
    const credential = countingCredential(clock, 3_600_000);
    const tokens = createTokenSource(credential, AKS_ENTRA_SCOPE, () => clock.now);
    const all = await Promise.all([tokens.token(), tokens.token(), tokens.token()]);
    expect(all).toEqual(['t1', 't1', 't1']);
    expect(credential.calls).toBe(1);
  });

  it.each([
    ['no token', { getToken: () => Promise.resolve(null) }],
    [
      'a failing credential',
      { getToken: () => Promise.reject(new Error('CredentialUnavailableError')) },
    ],
  ])('%s is UNAUTHORIZED', async (_name, credential: TokenCredential) => {
    await expect(createTokenSource(credential).token()).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('puts the bearer token on requests of a KubeConfig keeping only the cluster', async () => {
    const base = new KubeConfig();
    base.loadFromOptions({
      clusters: [
        { name: 'c', server: 'https://aks.example:443', caData: 'Y2E=', skipTLSVerify: false },
      ],
      users: [{ name: 'u', exec: { command: 'kubelogin', args: [] } }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const kubeConfig = withEntraToken(base, { token: () => Promise.resolve('abc') });
    expect(kubeConfig.getCurrentCluster()).toMatchObject({
      server: 'https://aks.example:443',
      caData: 'Y2E=',
    });
    expect(kubeConfig.getCurrentUser()?.exec).toBeUndefined();
    const opts: { headers?: Record<string, string> } = {};
    await kubeConfig.applyToHTTPSOptions(opts);
    expect(opts.headers?.['Authorization']).toBe('Bearer abc');
  });
});

describe('createKubernetesConnector', () => {
  const facts = { aadEnabled: false } as ClusterFacts;
  const kubeconfig = (server: string): string =>
    [
      'apiVersion: v1',
      'clusters: [{name: c, cluster: {server: "' + server + '"}}]',
      'users: [{name: u, user: {token: t}}]',
      'contexts: [{name: x, context: {cluster: c, user: u}}]',
      'current-context: x',
    ].join('\n');

  it('does not remember a failed connect', async () => {
    let calls = 0;
    const aks = {
      getUserKubeconfig: () => {
        calls++;
        return calls === 1
          ? Promise.reject(new WinshiftError('TRANSIENT', 'ARM busy'))
          : Promise.resolve(kubeconfig('https://a.example'));
      },
      getCluster: () => Promise.resolve(facts),
    } satisfies Pick<AksPort, 'getUserKubeconfig' | 'getCluster'>;
    const credential: TokenCredential = { getToken: () => Promise.resolve(null) };
    const connector = createKubernetesConnector({ aks, credential });
    await expect(connector.connect('/subscriptions/s/x')).rejects.toMatchObject({
      code: 'TRANSIENT',
    });
    await expect(connector.connect('/subscriptions/s/x')).resolves.toBeDefined();
    expect(calls).toBe(2);
  });

  it('keeps one port per cluster', async () => {
    const aks = {
      getUserKubeconfig: (id: string) =>
        Promise.resolve(kubeconfig(`https://${id.slice(-1)}.example`)),
      getCluster: () => Promise.resolve(facts),
    } satisfies Pick<AksPort, 'getUserKubeconfig' | 'getCluster'>;
    const connector = createKubernetesConnector({
      aks,
      credential: { getToken: () => Promise.resolve(null) },
    });
    const a = await connector.connect('/x/a');
    expect(await connector.connect('/X/A')).toBe(a);
    expect(await connector.connect('/x/b')).not.toBe(a);
  });

  it('refuses an unreadable kubeconfig with a code', async () => {
    const connector = createKubernetesConnector({
      aks: {
        getUserKubeconfig: () => Promise.resolve('{not: [yaml'),
        getCluster: () => Promise.resolve(facts),
      },
      credential: { getToken: () => Promise.resolve(null) },
    });
    await expect(connector.connect('/x/a')).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
