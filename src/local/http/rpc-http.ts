import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RpcHttpData } from '../functions-core/types.js';

/** The request as the host passes it to the worker (RPC `RpcHttp`). */
export function toRpcHttp(
  req: IncomingMessage,
  url: URL,
  params: Record<string, string>,
  body: Buffer,
): RpcHttpData {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  // The host flattens a repeated query parameter into one comma-separated value (StringValues).
  const query: Record<string, string> = {};
  for (const name of new Set(url.searchParams.keys())) {
    query[name] = url.searchParams.getAll(name).join(',');
  }
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    url: url.toString(),
    headers,
    query,
    params,
    // The Node.js worker asks for raw body bytes, so every body arrives as bytes.
    body: body.length > 0 ? { bytes: new Uint8Array(body) } : undefined,
  };
}

interface RpcCookie {
  name: string;
  value: string;
  domain?: { value?: string };
  path?: { value?: string };
  expires?: { value?: { seconds?: number } };
  secure?: { value?: boolean };
  httpOnly?: { value?: boolean };
  sameSite?: string;
  maxAge?: { value?: number };
}

/** Writes the worker's `RpcHttp` response, cookies included, as the host does. */
export function writeRpcHttp(res: ServerResponse, http: RpcHttpData | undefined): void {
  if (!http) {
    // A function that returns no response: the host's FunctionInvocationMiddleware answers OkResult.
    res.writeHead(200, { 'content-length': '0' }).end();
    return;
  }
  const status = Number(http.statusCode ?? 200);
  const body = http.body?.bytes
    ? Buffer.from(http.body.bytes)
    : Buffer.from(http.body?.string ?? '');
  const headers: Record<string, string | string[]> = { ...http.headers };
  const cookies = ((http.cookies ?? []) as RpcCookie[]).map(formatCookie);
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(status, headers);
  res.end(body);
}

const SAME_SITE: Record<string, string> = { lax: 'lax', strict: 'strict', explicitNone: 'none' };

/** `Set-Cookie` in the attribute order and spelling ASP.NET Core's `SetCookieHeaderValue` uses. */
export function formatCookie(cookie: RpcCookie): string {
  const expires = cookie.expires?.value?.seconds;
  const maxAge = cookie.maxAge?.value;
  const sameSite = SAME_SITE[cookie.sameSite ?? ''];
  const attributes: [boolean, () => string][] = [
    [expires !== undefined, () => `expires=${new Date(expires! * 1000).toUTCString()}`],
    [maxAge !== undefined, () => `max-age=${Math.trunc(maxAge!)}`],
    [Boolean(cookie.domain?.value), () => `domain=${cookie.domain?.value}`],
    [Boolean(cookie.path?.value), () => `path=${cookie.path?.value}`],
    [cookie.secure?.value === true, () => 'secure'],
    [sameSite !== undefined, () => `samesite=${sameSite}`],
    [cookie.httpOnly?.value === true, () => 'httponly'],
  ];
  const present = attributes.filter(([has]) => has).map(([, text]) => text());
  return [`${cookie.name}=${cookie.value}`, ...present].join('; ');
}
