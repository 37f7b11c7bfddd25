import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FunctionsCoreStandIn } from '../functions-core/stand-in.js';
import type { Registration, RpcHttpData, RpcTypedData } from '../functions-core/types.js';
import { triggerOf } from '../functions-core/types.js';
import { invokeRegistration } from '../functions-core/invoke.js';
import { compileRoute, type CompiledRoute } from './routes.js';
import { isAuthorized, presentedKey, type AuthLevel } from './auth.js';
import type { HostKeys } from '../settings.js';

interface HttpFunction {
  registration: Registration;
  route: CompiledRoute;
  methods: string[] | undefined;
  authLevel: AuthLevel;
}

export type InputResolver = (registration: Registration) => Record<string, RpcTypedData>;

/** Routes requests under the route prefix to HTTP-triggered functions, as the real host does. */
export class HttpFunctions {
  private readonly functions: HttpFunction[];

  constructor(
    private readonly core: FunctionsCoreStandIn,
    private readonly routePrefix: string,
    private readonly keys: HostKeys,
    private readonly extraInputs: InputResolver,
  ) {
    this.functions = [...core.registrations.values()].flatMap((registration) => {
      const trigger = triggerOf(registration);
      if (trigger.type !== 'httpTrigger') return [];
      const route = typeof trigger.route === 'string' ? trigger.route : registration.metadata.name;
      const methods = Array.isArray(trigger.methods)
        ? (trigger.methods as string[]).map((m) => m.toUpperCase())
        : undefined;
      const authLevel = (
        typeof trigger.authLevel === 'string' ? trigger.authLevel.toLowerCase() : 'function'
      ) as AuthLevel;
      return [{ registration, route: compileRoute(route), methods, authLevel }];
    });
  }

  /** Answers the request if a function's route matches; false when no route matches (404 is the caller's). */
  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: Buffer,
  ): Promise<boolean> {
    const prefix = this.routePrefix ? `/${this.routePrefix}` : '';
    if (prefix && !(url.pathname.toLowerCase() + '/').startsWith(prefix.toLowerCase() + '/'))
      return false;
    const path = url.pathname.slice(prefix.length);
    const matches = this.functions.flatMap((fn) => {
      const params = fn.route.match(path);
      return params ? [{ fn, params }] : [];
    });
    if (matches.length === 0) return false;
    const method = (req.method ?? 'GET').toUpperCase();
    const match = matches.find(({ fn }) => !fn.methods || fn.methods.includes(method));
    if (!match) {
      res.writeHead(405, { allow: allowedMethods(matches.map((m) => m.fn)) }).end();
      return true;
    }
    if (!isAuthorized(match.fn.authLevel, presentedKey(req, url), this.keys)) {
      res.writeHead(401).end();
      return true;
    }
    await this.invoke(match.fn, match.params, req, url, body, res);
    return true;
  }

  private async invoke(
    fn: HttpFunction,
    params: Record<string, string>,
    req: IncomingMessage,
    url: URL,
    body: Buffer,
    res: ServerResponse,
  ): Promise<void> {
    const http = toRpcHttp(req, url, params, body);
    try {
      const response = await invokeRegistration(this.core, fn.registration, {
        trigger: { http },
        triggerMetadata: {
          Query: { json: JSON.stringify(http.query) },
          Headers: { json: JSON.stringify(http.headers) },
        },
        extraInputs: this.extraInputs(fn.registration),
      });
      writeRpcHttp(
        res,
        response.returnValue?.http ?? response.outputData?.find((o) => o.data.http)?.data.http,
      );
    } catch (error) {
      // The real host logs the exception and answers 500 without details.
      this.core.log(
        'error',
        'system',
        `${fn.registration.metadata.name} failed: ${describe(error)}`,
      );
      if (!res.headersSent) res.writeHead(500).end();
    }
  }
}

function allowedMethods(functions: HttpFunction[]): string {
  return [...new Set(functions.flatMap((fn) => fn.methods ?? []))].join(', ');
}

function toRpcHttp(
  req: IncomingMessage,
  url: URL,
  params: Record<string, string>,
  body: Buffer,
): RpcHttpData {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = value;
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    url: url.toString(),
    headers,
    query,
    params,
    body: body.length > 0 ? { bytes: new Uint8Array(body) } : undefined,
  };
}

function writeRpcHttp(res: ServerResponse, http: RpcHttpData | undefined): void {
  if (!http) {
    // A function that returns nothing answers 204, as the host does for an empty response.
    res.writeHead(204).end();
    return;
  }
  const status = Number(http.statusCode ?? 200);
  const body = http.body?.bytes
    ? Buffer.from(http.body.bytes)
    : Buffer.from(http.body?.string ?? '');
  res.writeHead(status, http.headers);
  res.end(body);
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
