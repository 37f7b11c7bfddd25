import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FunctionsCoreStandIn } from '../functions-core/stand-in.js';
import type { Registration, RpcTypedData } from '../functions-core/types.js';
import { triggerOf } from '../functions-core/types.js';
import { invokeRegistration } from '../functions-core/invoke.js';
import { comparePrecedence, compileRoute, type CompiledRoute } from './routes.js';
import { isAuthorized, presentedKey, type AuthLevel } from './auth.js';
import { toRpcHttp, writeRpcHttp } from './rpc-http.js';
import type { HostKeys } from '../settings.js';

export interface HttpFunction {
  registration: Registration;
  route: CompiledRoute;
  methods: string[] | undefined;
  authLevel: AuthLevel;
}

export type InputResolver = (registration: Registration) => Record<string, RpcTypedData>;

/** The HTTP-triggered functions of an app with their compiled routes, most specific first. */
export function httpFunctionsOf(registrations: Iterable<Registration>): HttpFunction[] {
  return [...registrations]
    .flatMap((registration) => {
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
    })
    .sort((a, b) => comparePrecedence(a.route.precedence, b.route.precedence));
}

/** Routes requests under the route prefix to HTTP-triggered functions, as the real host does. */
export class HttpFunctions {
  readonly functions: HttpFunction[];

  constructor(
    private readonly core: FunctionsCoreStandIn,
    private readonly routePrefix: string,
    private readonly keys: HostKeys,
    private readonly extraInputs: InputResolver,
    private readonly isDisabled: (name: string) => boolean = () => false,
  ) {
    this.functions = httpFunctionsOf(core.registrations.values());
  }

  /** Answers the request if a function's route and method match; false otherwise (a 404). */
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
    const method = (req.method ?? 'GET').toUpperCase();
    // The method is part of the route, as in the real host: a known route with another method is
    // a 404 there, not a 405 (Azure/azure-functions-host#10098).
    for (const fn of this.functions) {
      if (fn.methods && !fn.methods.includes(method)) continue;
      const params = fn.route.match(path);
      if (!params) continue;
      const key = presentedKey(req, url);
      if (!isAuthorized(fn.authLevel, key, this.keys)) {
        res.writeHead(401).end();
        return true;
      }
      // A disabled function is a 404, except to a caller with the master key (real host).
      if (
        this.isDisabled(fn.registration.metadata.name) &&
        !isAuthorized('admin', key, this.keys)
      ) {
        res.writeHead(404).end();
        return true;
      }
      await this.invoke(fn, params, req, url, body, res);
      return true;
    }
    return false;
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
      // The real host logs the exception and answers 500 with an empty body.
      this.core.log(
        'error',
        'system',
        `${fn.registration.metadata.name} failed: ${describe(error)}`,
      );
      if (!res.headersSent) res.writeHead(500).end();
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
