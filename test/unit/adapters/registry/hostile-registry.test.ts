/**
 * The registry adapter against a registry that works against it (ADR 0012): a server of this test on
 * 127.0.0.1, reached through the host map as the sandbox is, that redirects forever or to http,
 * hands the token's holder to storage, answers without end or with a body to echo. And the same
 * adapter with a resolver of the test's own: every address checked, the checked one dialled.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import net, { type AddressInfo, type LookupFunction } from 'node:net';
import { createRegistryAdapter } from '../../../../src/adapters/registry/index.js';
import { errorCodeOf } from '../../../../src/domain/errors.js';
import type { RegistryPort } from '../../../../src/ports/registry.js';
import { createSandboxPki } from '../../../../src/sandbox/tls/pki.js';

const REGISTRY = 'hostile.example';
const STORAGE = 'storage.example';
const CONFIG_DIGEST = `sha256:${'c'.repeat(64)}`;
const MANIFEST_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';
const credential = { getToken: () => Promise.resolve(null) };

interface Seen {
  readonly host: string;
  readonly path: string;
  readonly authorization: string | undefined;
}

/** What the hostile registry does, by the repository asked for. */
function hostile(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', `https://${req.headers.host}`);
  const [, , repository] = url.pathname.split('/');
  const json = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  if (req.headers.host?.startsWith(STORAGE)) {
    json(200, { os: 'windows', 'os.version': '10.0.20348.1', architecture: 'amd64' });
    return;
  }
  switch (url.pathname === '/token' ? 'token' : repository) {
    case 'token':
      json(200, { token: 'pull-token' });
      return;
    case 'loop':
      res.writeHead(307, {
        location: `${url.pathname}?n=${Number(url.searchParams.get('n')) + 1}`,
      });
      res.end();
      return;
    case 'downgrade':
      res.writeHead(302, { location: `http://${STORAGE}/manifest` });
      res.end();
      return;
    case 'huge':
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"pad":"${'x'.repeat(64 * 1024)}"}`);
      return;
    case 'hang':
      return; // never answers
    case 'echo':
      json(403, { errors: [{ code: 'DENIED', message: 'visit https://phish.example/login' }] });
      return;
    case 'mediatype':
      res.writeHead(200, { 'content-type': 'text/<b>phish.example</b>' });
      res.end('{}');
      return;
    case 'blob':
      if (req.headers.authorization !== 'Bearer pull-token') {
        json(
          401,
          {},
          { 'www-authenticate': `Bearer realm="https://${REGISTRY}/token",service="${REGISTRY}"` },
        );
      } else if (url.pathname.includes('/blobs/')) {
        res.writeHead(307, { location: `https://${STORAGE}/blob?sig=signed` });
        res.end();
      } else {
        json(
          200,
          { mediaType: MANIFEST_TYPE, config: { digest: CONFIG_DIGEST } },
          { 'content-type': MANIFEST_TYPE },
        );
      }
      return;
    default:
      json(404, { errors: [{ code: 'NAME_UNKNOWN' }] });
  }
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return { code: errorCodeOf(error), message: (error as Error).message };
}

describe('the registry adapter against a hostile registry', () => {
  const seen: Seen[] = [];
  let server: https.Server;
  let registry: RegistryPort;

  beforeAll(async () => {
    const pki = createSandboxPki([REGISTRY, STORAGE]);
    server = https.createServer({ cert: pki.certPem, key: pki.keyPem }, (req, res) => {
      const authorization = req.headers.authorization;
      seen.push({ host: req.headers.host ?? '', path: req.url ?? '', authorization });
      hostile(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    registry = createRegistryAdapter({
      credential,
      hostMap: { [REGISTRY]: endpoint, [STORAGE]: endpoint },
      caPem: pki.caPem,
      allowedHosts: [REGISTRY, STORAGE],
      retryOptions: { maxRetries: 0 },
      timeoutInMs: 500,
      maxResponseBytes: 16 * 1024,
    });
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const lookup = (repository: string): Promise<unknown> => {
    seen.length = 0;
    return registry.lookup(`${REGISTRY}/${repository}/app:1`);
  };

  it('follows at most 3 redirects, then refuses', async () => {
    const { code, message } = await failure(lookup('loop'));
    expect([code, message]).toEqual([
      'REGISTRY_REFUSED',
      `[REGISTRY_REFUSED] registry ${REGISTRY}: more than 3 redirects`,
    ]);
    expect(seen).toHaveLength(4);
  });

  it('refuses a redirect to plain http', async () => {
    const { code, message } = await failure(lookup('downgrade'));
    expect(code).toBe('REGISTRY_REFUSED');
    expect(message).toContain(`registry ${STORAGE}: only https is accepted, not http:`);
    expect(seen).toHaveLength(1);
  });

  it('follows a blob redirect to storage without the registry token', async () => {
    await expect(lookup('blob')).resolves.toMatchObject({
      variants: [{ os: 'windows', osVersion: '10.0.20348.1', architecture: 'amd64' }],
    });
    expect(seen.map((s) => [s.host.split(':')[0], s.path.split('?')[0], s.authorization])).toEqual([
      [REGISTRY, '/v2/blob/app/manifests/1', undefined],
      [REGISTRY, '/token', undefined],
      [REGISTRY, '/v2/blob/app/manifests/1', 'Bearer pull-token'],
      [REGISTRY, `/v2/blob/app/blobs/${CONFIG_DIGEST}`, 'Bearer pull-token'],
      [STORAGE, '/blob', undefined],
    ]);
  });

  it('refuses an answer larger than the cap', async () => {
    const { code, message } = await failure(lookup('huge'));
    expect(code).toBe('REGISTRY_REFUSED');
    expect(message).toContain(`registry ${REGISTRY}: an answer is larger than 16384 bytes`);
  });

  it('gives up on a registry that never answers (a deadline per call): TRANSIENT', async () => {
    expect((await failure(lookup('hang'))).code).toBe('TRANSIENT');
  });

  it('names the status and host, never what the body or headers said', async () => {
    expect((await failure(lookup('echo'))).message).toBe(
      `[FORBIDDEN] registry ${REGISTRY}: manifest of ${REGISTRY}/echo/app:1 answered HTTP 403`,
    );
    const { message } = await failure(lookup('mediatype'));
    expect(message).toContain('has media type none or unrecognised');
    expect(message).not.toContain('phish');
  });
});

describe('the registry adapter resolving names itself', () => {
  let tcp: net.Server;
  let port: number;
  let connections = 0;

  beforeAll(async () => {
    // Not a registry: it only counts who connects, then hangs up.
    tcp = net.createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    port = (tcp.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => tcp.close(resolve));
  });

  /** A resolver answering `answers` in turn (the last one again), counting its calls. */
  function resolver(...answers: string[][]): { lookup: LookupFunction; calls: () => number } {
    let calls = 0;
    const lookup = ((_name: string, _options: unknown, callback: (...args: unknown[]) => void) => {
      const addresses = answers[Math.min(calls, answers.length - 1)] ?? [];
      calls += 1;
      callback(
        null,
        addresses.map((address) => ({ address, family: net.isIP(address) })),
      );
    }) as unknown as LookupFunction;
    return { lookup, calls: () => calls };
  }

  const adapter = (lookup: LookupFunction, allowedHosts: string[] = []): RegistryPort =>
    createRegistryAdapter({ credential, lookup, allowedHosts, retryOptions: { maxRetries: 0 } });

  it('refuses a name when any of its addresses is internal, and connects to none', async () => {
    connections = 0;
    const { lookup } = resolver(['20.61.0.1', '10.0.0.5']);
    const { code, message } = await failure(
      adapter(lookup).lookup(`registry.contoso.example:${port}/a:1`),
    );
    expect(code).toBe('REGISTRY_REFUSED');
    expect(message).toContain(
      'registry.contoso.example resolves to 10.0.0.5, a private address (RFC 1918)',
    );
    expect(connections).toBe(0);
  });

  it('dials the address it checked: a name that resolves elsewhere the second time changes nothing', async () => {
    connections = 0;
    // Allowed, then "rebound" to a metadata address: the socket only ever sees the first answer.
    const { lookup, calls } = resolver(['127.0.0.1'], ['169.254.169.254']);
    const { code } = await failure(
      adapter(lookup, ['rebind.example']).lookup(`rebind.example:${port}/a:1`),
    );
    expect(code).not.toBe('REGISTRY_REFUSED'); // the TLS handshake failed: this is no registry
    expect(calls()).toBe(1);
    expect(connections).toBe(1);
  });
});
