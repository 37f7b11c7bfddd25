import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { triggerOf } from '../functions-core/types.js';
import {
  RPC_PATH,
  WEBHOOK_PATH,
  managementPayload,
  type DurableClientBinding,
} from './client-binding.js';
import type { EngineCore } from './engine-core.js';
import { ACTIVE_STATUSES } from './live-instance.js';
import { listInstances, purgeInstances, type InstanceFilter } from './queries.js';
import { statusCode, statusJson, type StatusOptions } from './status.js';

interface Request {
  method: string;
  /** Path segments after the API base, decoded. */
  segments: string[];
  url: URL;
  body: Buffer;
  res: ServerResponse;
  req: IncomingMessage;
  webhook: boolean;
}

/**
 * The Durable extension's HTTP API: the client's RPC routes (`rpcBaseUrl`) and the documented
 * `/runtime/webhooks/durabletask/...` routes, which need the system key (`code`).
 */
export class DurableHttpApi {
  constructor(
    private readonly engine: EngineCore,
    private readonly binding: () => DurableClientBinding,
    private readonly systemKey: string,
  ) {}

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    body: Buffer,
  ): Promise<boolean> {
    const path = url.pathname;
    const webhook = path === WEBHOOK_PATH || path.startsWith(`${WEBHOOK_PATH}/`);
    const rpc = path === RPC_PATH || path.startsWith(`${RPC_PATH}/`);
    if (!webhook && !rpc) return false;
    if (webhook && !this.authorized(req, url)) {
      send(res, 401, { Message: 'The durabletask webhooks require the system key (code).' });
      return true;
    }
    const rest = path.slice((webhook ? WEBHOOK_PATH : RPC_PATH).length);
    const segments = rest
      .split('/')
      .filter((s) => s.length > 0)
      .map(decodeURIComponent);
    await this.route({ method: req.method ?? 'GET', segments, url, body, res, req, webhook });
    return true;
  }

  private authorized(req: IncomingMessage, url: URL): boolean {
    const key = url.searchParams.get('code') ?? req.headers['x-functions-key'];
    return key === this.systemKey;
  }

  private async route(r: Request): Promise<void> {
    const [head, id, action, name] = r.segments;
    if (head === 'orchestrators' && id && r.method === 'POST') return this.start(r, id, action);
    if (head === 'entities')
      return notSupported(r, 'Durable entities are not supported by the local host.');
    if (head !== 'instances') return send(r.res, 404, { Message: 'No such durabletask route.' });
    if (!id) {
      if (r.method === 'GET') return this.list(r);
      if (r.method === 'DELETE') return this.purgeBy(r);
    } else if (!action) {
      if (r.method === 'GET') return this.status(r, id);
      if (r.method === 'DELETE') return this.purge(r, id);
    } else if (r.method === 'POST') {
      return this.instanceAction(r, id, action, name);
    }
    send(r.res, 405, { Message: `${r.method} is not allowed here.` });
  }

  private async instanceAction(
    r: Request,
    id: string,
    action: string,
    name?: string,
  ): Promise<void> {
    if (action === 'raiseEvent' && name) {
      const result = await this.engine.raiseEvent(id, name, bodyText(r.body));
      return sendResult(r, result, id);
    }
    if (action === 'terminate') {
      const result = await this.engine.terminate(id, r.url.searchParams.get('reason') ?? '');
      return sendResult(r, result, id);
    }
    if (action === 'rewind')
      return notSupported(r, 'The rewind operation is not supported by the local host.');
    if (action === 'suspend' || action === 'resume' || action === 'restart') {
      return notSupported(r, `The ${action} operation is not supported by the local host.`);
    }
    send(r.res, 404, { Message: `Unknown instance operation '${action}'.` });
  }

  private async start(r: Request, name: string, explicitId?: string): Promise<void> {
    const registration = this.engine.core.find(name);
    if (!registration || triggerOf(registration).type !== 'orchestrationTrigger') {
      return send(r.res, 400, {
        Message: `The function '${name}' doesn't exist, is disabled, or is not an orchestrator function.`,
      });
    }
    const instanceId = explicitId ?? randomUUID().replace(/-/g, '');
    const result = await this.engine.start(
      registration.metadata.name,
      instanceId,
      bodyText(r.body),
    );
    if (result === 'conflict') {
      return send(r.res, 409, {
        Message: `An Orchestration instance with the ID '${instanceId}' is already running (overridableExistingInstanceStates: NonRunningStates).`,
      });
    }
    const payload = managementPayload(this.binding(), instanceId);
    const finished = await this.waitIfAsked(r, instanceId);
    if (finished) return send(r.res, 200, finished);
    r.res.setHeader('Location', payload.statusQueryGetUri ?? '');
    send(r.res, 202, payload);
  }

  /**
   * `createAndWaitOnNewInstancePostUri`: with `timeout` (seconds) the start waits for the end,
   * polling every `pollingInterval` seconds, and answers 200 with the output when it ends in time.
   */
  private async waitIfAsked(r: Request, instanceId: string): Promise<unknown> {
    const timeout = Number(r.url.searchParams.get('timeout'));
    if (!r.webhook || !(timeout > 0)) return undefined;
    const interval = Math.max(0.05, Number(r.url.searchParams.get('pollingInterval')) || 1);
    const deadline = Date.now() + timeout * 1000;
    for (;;) {
      const record = await this.engine.getRecord(instanceId);
      if (record && !ACTIVE_STATUSES.has(record.runtimeStatus)) {
        return record.runtimeStatus === 'Completed'
          ? (JSON.parse(record.output ?? 'null') as unknown)
          : statusJson(record, statusOptions(r.url));
      }
      if (Date.now() + interval * 1000 > deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, interval * 1000));
    }
  }

  private async status(r: Request, id: string): Promise<void> {
    const record = await this.engine.getRecord(id);
    if (!record) return send(r.res, 404, { Message: `No instance with ID '${id}' found.` });
    const options = statusOptions(r.url);
    const history = options.showHistory ? await this.engine.getHistory(record) : undefined;
    const failureAs500 = r.url.searchParams.get('returnInternalServerErrorOnFailure') === 'true';
    const code = statusCode(record.runtimeStatus, failureAs500);
    if (code === 202 && r.webhook) {
      r.res.setHeader('Location', r.url.href);
      r.res.setHeader('Retry-After', '10');
    }
    send(r.res, code, statusJson(record, options, history));
  }

  private async list(r: Request): Promise<void> {
    const filter = instanceFilter(r.url);
    const top = Number(r.url.searchParams.get('top') ?? '100') || 100;
    const token = headerValue(r.req.headers['x-ms-continuation-token']);
    const page = await listInstances(this.engine, filter, top, token);
    if (page.continuationToken) r.res.setHeader('x-ms-continuation-token', page.continuationToken);
    const options = statusOptions(r.url);
    send(
      r.res,
      200,
      page.records.map((record) => statusJson(record, options)),
    );
  }

  private async purge(r: Request, id: string): Promise<void> {
    const deleted = await this.engine.purge(id);
    if (deleted === 0)
      return send(r.res, 404, { Message: `No finished instance with ID '${id}' found.` });
    send(r.res, 200, { instancesDeleted: deleted });
  }

  private async purgeBy(r: Request): Promise<void> {
    const deleted = await purgeInstances(this.engine, instanceFilter(r.url));
    if (deleted === 0) return send(r.res, 404, { Message: 'No finished instances matched.' });
    send(r.res, 200, { instancesDeleted: deleted });
  }
}

function sendResult(r: Request, result: string, id: string): void {
  if (result === 'accepted') return send(r.res, 202, undefined);
  if (result === 'gone') return send(r.res, 410, { Message: `Instance '${id}' is not running.` });
  send(r.res, 404, { Message: `No instance with ID '${id}' found.` });
}

function notSupported(r: Request, message: string): void {
  send(r.res, 501, message);
}

function statusOptions(url: URL): StatusOptions {
  return {
    showInput: url.searchParams.get('showInput') !== 'false',
    showHistory: url.searchParams.get('showHistory') === 'true',
    showHistoryOutput: url.searchParams.get('showHistoryOutput') === 'true',
  };
}

function instanceFilter(url: URL): InstanceFilter {
  const statuses = url.searchParams.get('runtimeStatus');
  const from = url.searchParams.get('createdTimeFrom');
  const to = url.searchParams.get('createdTimeTo');
  return {
    runtimeStatus: statuses
      ? statuses
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined,
    createdTimeFrom: from ? new Date(from) : undefined,
    createdTimeTo: to ? new Date(to) : undefined,
    instanceIdPrefix: url.searchParams.get('instanceIdPrefix') ?? undefined,
  };
}

function bodyText(body: Buffer): string | undefined {
  const text = body.toString('utf8');
  return text.trim().length === 0 ? undefined : text;
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function send(res: ServerResponse, status: number, value: unknown): void {
  if (value === undefined) {
    res.writeHead(status).end();
    return;
  }
  if (typeof value === 'string') {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(value);
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}
