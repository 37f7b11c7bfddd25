import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  createHostMapAgent,
  createMappedTransport,
  resolveMappedHost,
} from '../../../../src/adapters/connect/index.js';
import { createPipelineRequest } from '@azure/core-rest-pipeline';
import { createSandboxPki, type SandboxPki } from '../../../../src/sandbox/tls/pki.js';

function get(agent: https.Agent, url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { agent }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

describe('host map agent: real host names dialled at 127.0.0.1, certificates still verified', () => {
  let pki: SandboxPki;
  let server: https.Server;
  let endpoint: string;

  beforeAll(async () => {
    pki = createSandboxPki(['api.contoso.test', '*.vault.contoso.test']);
    server = https.createServer({ cert: pki.certPem, key: pki.keyPem }, (req, res) => {
      res.end(`${req.headers.host}|${(req.socket as import('node:tls').TLSSocket).servername}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('reaches a mapped host, sending the real name as Host and SNI', async () => {
    const agent = createHostMapAgent({
      hostMap: { 'api.contoso.test': endpoint },
      caPem: pki.caPem,
    });
    await expect(get(agent, 'https://api.contoso.test/x')).resolves.toEqual({
      status: 200,
      body: 'api.contoso.test|api.contoso.test',
    });
    agent.destroy();
  });

  it('maps a wildcard entry to any one-label name under it', async () => {
    const agent = createHostMapAgent({
      hostMap: { '*.vault.contoso.test': endpoint },
      caPem: pki.caPem,
    });
    await expect(get(agent, 'https://kv1.vault.contoso.test/')).resolves.toMatchObject({
      body: 'kv1.vault.contoso.test|kv1.vault.contoso.test',
    });
    agent.destroy();
  });

  it('rejects a certificate that does not cover the real host name', async () => {
    const agent = createHostMapAgent({
      hostMap: { 'other.contoso.test': endpoint },
      caPem: pki.caPem,
    });
    await expect(get(agent, 'https://other.contoso.test/')).rejects.toMatchObject({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
    agent.destroy();
  });

  it('rejects a server whose certificate is not from the given CA', async () => {
    const stranger = createSandboxPki(['api.contoso.test']);
    const agent = createHostMapAgent({
      hostMap: { 'api.contoso.test': endpoint },
      caPem: stranger.caPem,
    });
    await expect(get(agent, 'https://api.contoso.test/')).rejects.toMatchObject({
      code: expect.stringMatching(/UNABLE_TO_VERIFY|SELF_SIGNED|CERT_SIGNATURE_FAILURE/),
    });
    agent.destroy();
  });

  it('gives SDK requests the agent through the HttpClient', async () => {
    const transport = createMappedTransport({ 'api.contoso.test': endpoint }, pki.caPem);
    const response = await transport.httpClient.sendRequest(
      createPipelineRequest({ url: 'https://api.contoso.test/sdk' }),
    );
    expect(response.status).toBe(200);
    expect(response.bodyAsText).toBe('api.contoso.test|api.contoso.test');
    transport.agent.destroy();
  });

  it.each([
    [{ 'a.test': '127.0.0.1:1' }, 'A.TEST', { host: '127.0.0.1', port: 1 }],
    [
      { '*.b.test': '127.0.0.1:2', 'x.b.test': '127.0.0.1:3' },
      'x.b.test',
      { host: '127.0.0.1', port: 3 },
    ],
    [{ '*.b.test': '127.0.0.1:2' }, 'y.x.b.test', undefined],
    [{ 'a.test': '[::1]:4' }, 'a.test', { host: '::1', port: 4 }],
  ])('resolves %j for %s', (map, host, expected) => {
    expect(resolveMappedHost(map, host)).toEqual(expected);
  });

  it('refuses a malformed endpoint', () => {
    expect(() => resolveMappedHost({ 'a.test': '127.0.0.1' }, 'a.test')).toThrow(/host:port/);
  });
});
