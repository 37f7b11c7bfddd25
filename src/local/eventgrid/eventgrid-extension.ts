import type { IncomingMessage, ServerResponse } from 'node:http';
import { invokeRegistration } from '../functions-core/invoke.js';
import type { Registration } from '../functions-core/types.js';
import { triggerOf } from '../functions-core/types.js';
import type { HostContext, HostExtension } from '../host-extension.js';
import { safeEqual, presentedKey } from '../http/auth.js';
import { isFunctionDisabled } from '../settings.js';
import { allowedOrigin, eventsOf, validationCodeOf } from './validation.js';

const WEBHOOK_PATH = '/runtime/webhooks/eventgrid';

/**
 * The Event Grid trigger extension: the webhook `/runtime/webhooks/eventgrid?functionName=NAME`
 * behind the `eventgrid_extension` system key (or the master key), answering Event Grid's
 * validation handshakes and invoking `eventGridTrigger` functions once per delivered event, as the
 * WebJobs Event Grid extension does (Event Grid schema and CloudEvents 1.0 alike).
 */
export class EventGridExtension implements HostExtension {
  readonly name = 'eventgrid';
  private context: HostContext | undefined;

  start(context: HostContext): Promise<void> {
    this.context = context;
    return Promise.resolve();
  }

  async handleRequest(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: Buffer,
  ): Promise<boolean> {
    if (url.pathname.replace(/\/+$/, '').toLowerCase() !== WEBHOOK_PATH) return false;
    const context = this.context!;
    const key = presentedKey(req, url);
    const keys = context.keys;
    if (!key || !(safeEqual(key, keys.eventGrid) || safeEqual(key, keys.master))) {
      res.writeHead(401).end();
      return true;
    }
    const name = url.searchParams.get('functionName') ?? '';
    const registration = this.functionNamed(name);
    if (!registration) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`cannot find function: '${name}'`);
      return true;
    }
    await this.process(registration, req, res, body);
    return true;
  }

  inputFor(): undefined {
    return undefined;
  }

  invokeFromAdmin(registration: Registration, input: string): Promise<void> | undefined {
    if (triggerOf(registration).type !== 'eventGridTrigger') return undefined;
    return Promise.resolve()
      .then(() => JSON.parse(input) as Record<string, unknown>)
      .then((event) => this.invoke(registration, event));
  }

  describeFunction(registration: Registration): string | undefined {
    if (triggerOf(registration).type !== 'eventGridTrigger') return undefined;
    const name = encodeURIComponent(registration.metadata.name);
    return `eventGridTrigger ${this.context?.origin}${WEBHOOK_PATH}?functionName=${name} (code: the eventgrid_extension key)`;
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  private functionNamed(name: string): Registration | undefined {
    const registration = this.context!.core.find(name);
    if (!registration || triggerOf(registration).type !== 'eventGridTrigger') return undefined;
    return isFunctionDisabled(registration.metadata.name, this.context!.settings)
      ? undefined
      : registration;
  }

  private async process(
    registration: Registration,
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
  ): Promise<void> {
    if (req.method === 'OPTIONS') {
      // CloudEvents abuse protection (WebHook spec section 4).
      const origin = req.headers['webhook-request-origin'];
      res.writeHead(200, {
        'webhook-allowed-origin': allowedOrigin(typeof origin === 'string' ? origin : undefined),
        'webhook-allowed-rate': '*',
      });
      res.end();
      return;
    }
    const eventType = String(req.headers['aeg-event-type'] ?? '').toLowerCase();
    if (eventType === 'unsubscribe') {
      res.writeHead(202).end();
      return;
    }
    if (eventType !== 'subscriptionvalidation' && eventType !== 'notification') {
      res.writeHead(400).end();
      return;
    }
    const parsed = parseJson(body);
    if (eventType === 'subscriptionvalidation') {
      const code = validationCodeOf(parsed);
      if (code === undefined) return badRequest(res, 'no validationCode in the validation event');
      this.context!.log(
        'information',
        `perform handshake with eventGrid for function: ${registration.metadata.name}`,
      );
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ validationResponse: code }));
      return;
    }
    const events = eventsOf(parsed);
    if (!events)
      return badRequest(res, 'the body must be a JSON event object or an array of events');
    await this.dispatch(registration, events, res);
  }

  /** One invocation per event, all at once; any failure answers 500 so Event Grid redelivers. */
  private async dispatch(
    registration: Registration,
    events: Record<string, unknown>[],
    res: ServerResponse,
  ): Promise<void> {
    const results = await Promise.allSettled(
      events.map((event) => this.invoke(registration, event)),
    );
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) {
      const name = registration.metadata.name;
      this.context!.log('error', `${name} failed: ${describe(failed.reason)}`);
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Exception while executing function: Functions.${name}`);
      return;
    }
    res.writeHead(202).end();
  }

  private async invoke(registration: Registration, event: Record<string, unknown>): Promise<void> {
    // The host binds the event as a JObject and sends it to the worker as JSON TypedData.
    await invokeRegistration(this.context!.core, registration, {
      trigger: { json: JSON.stringify(event) },
      triggerMetadata: { data: { json: JSON.stringify(event.data ?? null) } },
    });
  }
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function badRequest(res: ServerResponse, message: string): void {
  res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(message);
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
