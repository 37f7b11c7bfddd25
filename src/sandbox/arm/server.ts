import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ADMIN_PREFIX, handleAdmin } from './admin.js';
import type { EmulatorContext } from './context.js';
import { dispatch, type Service } from './dispatch.js';
import { armError, parseJsonBody, type SandboxRequest, type SandboxResponse } from './http.js';

/** Which service answers a host name; undefined: unknown host. */
export type ServiceResolver = (host: string) => Service | undefined;

/** Parses the request target; `//x` is a path (SDKs send it for scopes with a leading slash), not an authority. */
function requestUrl(host: string, target: string): URL {
  const url = new URL(
    `https://${host || 'localhost'}${target.startsWith('/') ? target : `/${target}`}`,
  );
  url.pathname = url.pathname.replace(/\/{2,}/g, '/');
  return url;
}

async function readRequest(req: IncomingMessage): Promise<SandboxRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks);
  const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    host,
    url: requestUrl(host, req.url ?? '/'),
    headers: req.headers,
    rawBody,
    body: parseJsonBody(rawBody, req.headers['content-type']),
  };
}

function write(res: ServerResponse, response: SandboxResponse, method: string): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload: Buffer | undefined;
  if (Buffer.isBuffer(response.body)) {
    payload = response.body;
  } else if (response.body !== undefined) {
    payload = Buffer.from(JSON.stringify(response.body));
    headers['Content-Type'] ??= 'application/json; charset=utf-8';
  }
  headers['Content-Length'] ??= String(payload?.length ?? 0);
  headers['x-ms-request-id'] ??= crypto.randomUUID();
  res.writeHead(response.status, headers);
  res.end(method === 'HEAD' ? undefined : payload);
}

/** The one HTTPS server of the emulator: every host name, dispatched by the Host header. */
export async function startHttpsServer(
  emulator: EmulatorContext,
  tls: { certPem: string; keyPem: string },
  resolve: ServiceResolver,
  armHost: string,
): Promise<{ server: https.Server; port: number }> {
  const server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    void (async () => {
      const request = await readRequest(req);
      if (request.host === armHost && request.url.pathname.startsWith(ADMIN_PREFIX)) {
        write(res, handleAdmin(emulator, request), request.method);
        return;
      }
      const service = resolve(request.host);
      const response = service
        ? await dispatch(emulator, service, request)
        : armError(404, 'UnknownHost', `the sandbox serves no host named '${request.host}'`);
      write(res, response, request.method);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(error instanceof Error ? error.message : String(error));
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  return { server, port: (server.address() as AddressInfo).port };
}
