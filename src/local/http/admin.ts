import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FunctionsCoreStandIn } from '../functions-core/stand-in.js';
import type { Registration } from '../functions-core/types.js';
import { triggerOf } from '../functions-core/types.js';
import type { HostExtension } from '../host-extension.js';
import type { HostKeys } from '../settings.js';
import { isAuthorized, presentedKey } from './auth.js';
import type { HttpFunction } from './http-functions.js';

export interface AdminApiOptions {
  core: FunctionsCoreStandIn;
  keys: HostKeys;
  origin: () => string;
  routePrefix: string;
  extensions: HostExtension[];
  httpFunctions: () => HttpFunction[];
  isDisabled: (name: string) => boolean;
  startedAt: number;
}

/**
 * The slice of the real host's admin API the local host serves (master key only):
 * `GET /admin/host/status`, `GET /admin/functions[/{name}]` and `POST /admin/functions/{name}`
 * (`{"input": "..."}` -> 202, the invocation runs in the background) for non-HTTP functions.
 */
export function handleAdmin(
  options: AdminApiOptions,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
): void {
  if (!isAuthorized('admin', presentedKey(req, url), options.keys)) {
    res.writeHead(401).end();
    return;
  }
  const method = req.method ?? 'GET';
  const functionRoute = /^\/admin\/functions\/([^/]+)\/?$/i.exec(url.pathname);
  if (url.pathname === '/admin/host/status' && method === 'GET') {
    sendJson(res, 200, {
      id: 'winshift-local-host',
      state: 'Running',
      version: '4.0.0-winshift-local',
      processUptime: Date.now() - options.startedAt,
    });
  } else if (/^\/admin\/functions\/?$/i.test(url.pathname) && method === 'GET') {
    sendJson(
      res,
      200,
      [...options.core.registrations.values()].map((r) => describe(options, r)),
    );
  } else if (functionRoute) {
    const registration = options.core.find(decodeURIComponent(functionRoute[1]!));
    if (!registration) res.writeHead(404).end();
    else if (method === 'GET') sendJson(res, 200, describe(options, registration));
    else if (method === 'POST') invoke(options, registration, body, res);
    else res.writeHead(405, { allow: 'GET, POST' }).end();
  } else {
    res.writeHead(404).end();
  }
}

function invoke(
  options: AdminApiOptions,
  registration: Registration,
  body: Buffer,
  res: ServerResponse,
): void {
  const invocation = parseInvocation(body);
  if (!invocation) {
    // As the real host: a body that does not bind to `FunctionInvocation` is a 400.
    sendJson(res, 400, { message: 'The body must be a JSON object such as {"input": "..."}.' });
    return;
  }
  const { input } = invocation;
  const text = typeof input === 'string' ? input : input == null ? '' : JSON.stringify(input);
  const name = registration.metadata.name;
  for (const extension of options.extensions) {
    const run = extension.invokeFromAdmin?.(registration, text);
    if (!run) continue;
    run.catch((error: unknown) =>
      options.core.log('error', 'system', `${name} (admin invocation) failed: ${String(error)}`),
    );
    res.writeHead(202).end();
    return;
  }
  // The real host accepts any trigger here; the local host runs only those an extension owns.
  sendJson(res, 400, {
    message: `The local host cannot invoke '${triggerOf(registration).type}' functions from the admin API.`,
  });
}

function parseInvocation(body: Buffer): { input?: unknown } | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? parsed
      : undefined;
  } catch {
    return undefined;
  }
}

function describe(options: AdminApiOptions, registration: Registration): Record<string, unknown> {
  const name = registration.metadata.name;
  const origin = options.origin();
  const http = options.httpFunctions().find((fn) => fn.registration === registration);
  const prefix = options.routePrefix ? `${options.routePrefix}/` : '';
  return {
    name,
    href: `${origin}/admin/functions/${name}`,
    invoke_url_template: http ? `${origin}/${prefix}${http.route.template}` : null,
    language: 'node',
    config: {
      bindings: Object.entries(registration.metadata.bindings).map(([n, b]) => ({ ...b, name: n })),
    },
    isDisabled: options.isDisabled(name),
    isDirect: true,
    isProxy: false,
  };
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}
