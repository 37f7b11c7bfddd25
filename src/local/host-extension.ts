import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FunctionsCoreStandIn } from './functions-core/stand-in.js';
import type { Registration, RpcBinding, RpcTypedData } from './functions-core/types.js';
import type { HostKeys } from './settings.js';

/** What the local host tells an extension when it starts. */
export interface HostContext {
  core: FunctionsCoreStandIn;
  /** `http://127.0.0.1:<port>`: the host's own origin. */
  origin: string;
  /** The host's keys (the Event Grid webhook checks the system key, Durable's webhooks the master key). */
  keys: HostKeys;
  /** Azure Storage connection string (Azurite) from the `AzureWebJobsStorage` setting. */
  storageConnectionString: string;
  /** The app settings (local.settings.json `Values` plus the process environment). */
  settings: Record<string, string>;
  /** host.json, parsed. */
  hostJson: Record<string, unknown>;
  log(level: 'information' | 'warning' | 'error', message: string): void;
  /** The Functions app folder (state such as timer schedule status lives under `.winshift/`). */
  appDir?: string;
}

/**
 * A trigger/binding extension of the local host, as the Durable Task extension is one of the real
 * host. The host routes requests under `/runtime/webhooks/<name>/` and input bindings of the types
 * the extension claims to it.
 */
export interface HostExtension {
  readonly name: string;
  start(context: HostContext): Promise<void>;
  /** Answers a request the extension owns and returns true, or returns false to let the host go on. */
  handleRequest(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: Buffer,
  ): Promise<boolean>;
  /** The value of an input binding this extension provides (for example `durableClient`), if any. */
  inputFor(binding: RpcBinding, registration: Registration): RpcTypedData | undefined;
  /**
   * Runs a function whose trigger this extension owns with the admin API's `input`
   * (`POST /admin/functions/{name}`); undefined when the trigger is not this extension's.
   */
  invokeFromAdmin?(registration: Registration, input: string): Promise<void> | undefined;
  /** A short description for the host's start-up listing (a URL, a next occurrence), if any. */
  describeFunction?(registration: Registration): string | undefined;
  /** Stops background work; pending work must be recoverable after a restart. */
  stop(): Promise<void>;
}
