import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadFunctionsApp } from './functions-core/load-app.js';
import type { FunctionsCoreStandIn } from './functions-core/stand-in.js';
import type { Registration, RpcTypedData } from './functions-core/types.js';
import type { HostContext, HostExtension } from './host-extension.js';
import { sandboxJsonClient } from '../sandbox/entra/https-json.js';
import { handleAdmin, type AdminApiOptions } from './http/admin.js';
import { RPC_PATH } from './durable/client-binding.js';
import { easyAuthFrom } from './http/easy-auth.js';
import { HttpFunctions } from './http/http-functions.js';
import { describeFunctions, type FunctionListing } from './http/function-listing.js';
import {
  isFunctionDisabled,
  loadAppSettings,
  loadHostJson,
  resolveKeys,
  routePrefixOf,
  type HostKeys,
} from './settings.js';

export interface LocalHostOptions {
  /** The Functions app folder: its package.json `main` names the entry, as for the real host. */
  appDir: string;
  /** 0 (the default) takes a free port. */
  port?: number;
  /** Settings over local.settings.json and the environment. */
  settings?: Record<string, string>;
  extensions?: HostExtension[];
  /** Largest request body accepted, in bytes (the real host's default is 100 MB). */
  maxRequestBodyBytes?: number;
}

export interface RunningLocalHost {
  origin: string;
  port: number;
  keys: HostKeys;
  core: FunctionsCoreStandIn;
  /** Every function with how to reach it (URL, next occurrence), as `func start` lists them. */
  functions(): FunctionListing[];
  stop(): Promise<void>;
}

/**
 * A local Functions host for this app: loads the app through the functions-core stand-in, serves its
 * HTTP functions and the admin API, and runs the trigger extensions (Durable, timers, Event Grid).
 */
export async function startLocalHost(options: LocalHostOptions): Promise<RunningLocalHost> {
  const settings = { ...(await loadAppSettings(options.appDir, process.env)), ...options.settings };
  const keys = resolveKeys(settings);
  const hostJson = await loadHostJson(options.appDir);
  const extensions = options.extensions ?? [];
  // Filled in once the app is loaded; requests before that find no function.
  const routing: { http?: HttpFunctions } = {};
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      console.error('[local host] request failed', error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const maxBody = options.maxRequestBodyBytes ?? 100 * 1024 * 1024;
  const isDisabled = (name: string): boolean => isFunctionDisabled(name, settings);
  const routePrefix = routePrefixOf(hostJson);
  const admin: Partial<AdminApiOptions> = {};
  // App Service Authentication in front of everything, when configured (http/easy-auth.ts); the
  // platform tells the app it is on with WEBSITE_AUTH_ENABLED.
  const easyAuth = easyAuthFrom(
    settings,
    (url) =>
      sandboxJsonClient({
        hostMap: settings.WINSHIFT_SANDBOX_HOST_MAP,
        caFile: settings.WINSHIFT_SANDBOX_CA_FILE,
      })(url),
    [`${RPC_PATH}/`],
  );
  if (easyAuth) settings.WEBSITE_AUTH_ENABLED = 'True';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const body = await readBody(req, maxBody);
    if (body === undefined) {
      res.writeHead(413).end();
      return;
    }
    const verdict = easyAuth ? await easyAuth.authenticate(req, url) : { ok: true as const };
    if (!verdict.ok) {
      console.log(
        `[local host] App Service Authentication: 401 for ${url.pathname}: ${verdict.reason}`,
      );
      res.writeHead(verdict.status, { 'www-authenticate': `Bearer realm="${url.host}"` }).end();
      return;
    }
    if (url.pathname.startsWith('/admin/')) {
      if (admin.core) handleAdmin(admin as AdminApiOptions, req, res, url, body);
      else res.writeHead(503).end();
      return;
    }
    for (const extension of extensions) {
      if (await extension.handleRequest(req, res, url, body)) return;
    }
    if (routing.http && (await routing.http.handle(req, res, url, body))) return;
    res.writeHead(404).end();
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  // The Durable client builds status URLs from WEBSITE_HOSTNAME; point it at this host.
  settings.WEBSITE_HOSTNAME = `127.0.0.1:${port}`;
  Object.assign(process.env, settings);

  const core = await loadFunctionsApp(options.appDir).catch(async (error: unknown) => {
    await closeServer(server);
    throw error;
  });
  const context: HostContext = {
    core,
    origin,
    keys,
    storageConnectionString: settings.AzureWebJobsStorage ?? '',
    settings,
    hostJson,
    log: (level, message) => core.log(level, 'system', message),
    appDir: options.appDir,
  };
  for (const extension of extensions) await extension.start(context);
  const inputsFor = (registration: Registration): Record<string, RpcTypedData> =>
    extraInputsFor(registration, extensions);
  core.extraInputsFor = inputsFor;
  const http = new HttpFunctions(core, routePrefix, keys, inputsFor, isDisabled);
  routing.http = http;
  Object.assign(admin, {
    core,
    keys,
    origin: () => origin,
    routePrefix,
    extensions,
    httpFunctions: () => http.functions,
    isDisabled,
    startedAt: Date.now(),
  } satisfies AdminApiOptions);

  return {
    origin,
    port,
    keys,
    core,
    functions: () =>
      describeFunctions({
        core,
        origin,
        routePrefix,
        extensions,
        http: http.functions,
        isDisabled,
      }),
    stop: async () => {
      await closeServer(server);
      for (const extension of [...extensions].reverse()) await extension.stop();
    },
  };
}

/** Values for a function's non-trigger input bindings, from the extension that provides each type. */
export function extraInputsFor(
  registration: Registration,
  extensions: HostExtension[],
): Record<string, RpcTypedData> {
  const inputs: Record<string, RpcTypedData> = {};
  for (const [name, binding] of Object.entries(registration.metadata.bindings)) {
    if (binding.direction !== 'in' || binding.type.toLowerCase().endsWith('trigger')) continue;
    for (const extension of extensions) {
      const value = extension.inputFor(binding, registration);
      if (value) {
        inputs[name] = value;
        break;
      }
    }
  }
  return inputs;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
