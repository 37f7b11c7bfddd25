/**
 * An Event Grid custom topic's publishing endpoint, in the sandbox (`POST
 * https://<topic>.<region>-1.eventgrid.azure.net/api/events?api-version=2018-01-01`), for a topic
 * whose input schema is CloudEvents 1.0:
 * - Microsoft Entra authentication: a bearer token for the audience `https://eventgrid.azure.net`
 *   (https://learn.microsoft.com/azure/event-grid/authenticate-with-microsoft-entra-id), here issued
 *   by the sandbox's Entra issuer (entra/issuer.ts); none: 401, another audience or issuer: 401.
 * - The batch content type `application/cloudevents-batch+json` (CloudEvents JSON batch format;
 *   https://learn.microsoft.com/azure/event-grid/cloud-event-schema): another: 400; an event without
 *   the required attributes `id`, `source`, `type`, `specversion` 1.0: 400.
 * Everything accepted is recorded, in order, and told to listeners (`npm start` prints it).
 */
import type { SandboxResponse } from '../arm/http.js';
import type { Route, RouteContext } from '../arm/router.js';
import type { EntraIssuer } from '../entra/issuer.js';

/** The sandbox's one topic. */
export const SANDBOX_TOPIC_HOST = 'winshift-events.westeurope-1.eventgrid.azure.net';
export const SANDBOX_TOPIC_ENDPOINT = `https://${SANDBOX_TOPIC_HOST}/api/events`;
export const EVENT_GRID_AUDIENCE = 'https://eventgrid.azure.net';
/** The data-plane api-version @azure/eventgrid 5.x sends. */
const API_VERSION = '2018-01-01';

export interface ReceivedCloudEvent {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly subject?: string;
  readonly time?: string;
  readonly specversion: string;
  readonly data?: unknown;
  /** Who sent it (the token's `oid`). */
  readonly publisher: string;
  readonly receivedAt: string;
}

export class EventGridTopic {
  readonly #events: ReceivedCloudEvent[] = [];
  readonly #listeners = new Set<(event: ReceivedCloudEvent) => void>();

  constructor(readonly issuer: EntraIssuer) {}

  received(): readonly ReceivedCloudEvent[] {
    return [...this.#events];
  }

  clear(): void {
    this.#events.length = 0;
  }

  /** Calls `listener` for each event accepted from now on; returns the unsubscribe. */
  onEvent(listener: (event: ReceivedCloudEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  accept(events: readonly Omit<ReceivedCloudEvent, 'receivedAt'>[]): void {
    const receivedAt = new Date().toISOString();
    for (const event of events) {
      const recorded = { ...event, receivedAt };
      this.#events.push(recorded);
      for (const listener of this.#listeners) listener(recorded);
    }
  }
}

const egError = (status: number, code: string, message: string): SandboxResponse => ({
  status,
  body: { error: { code, message } },
});

function isCloudEvent(
  value: unknown,
): value is Omit<ReceivedCloudEvent, 'publisher' | 'receivedAt'> {
  const e = value as Record<string, unknown> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    ['id', 'source', 'type'].every((k) => typeof e[k] === 'string' && e[k] !== '') &&
    e['specversion'] === '1.0'
  );
}

function publish(topic: EventGridTopic, context: RouteContext): SandboxResponse {
  const { request } = context;
  if (request.url.searchParams.get('api-version') !== API_VERSION)
    return egError(400, 'BadRequest', `api-version must be ${API_VERSION}`);
  const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (bearer === undefined)
    return egError(401, 'Unauthorized', 'The request authorization is missing.');
  const verified = topic.issuer.verify(bearer, EVENT_GRID_AUDIENCE);
  if (!verified.ok)
    return egError(
      401,
      'Unauthorized',
      `The request authorization is not valid: ${verified.reason}.`,
    );
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/cloudevents-batch+json')
    return egError(
      400,
      'BadRequest',
      `content type ${contentType ?? ''} is not application/cloudevents-batch+json`,
    );
  let batch: unknown;
  try {
    batch = JSON.parse(request.rawBody.toString('utf8'));
  } catch {
    return egError(400, 'BadRequest', 'the body is not JSON');
  }
  if (!Array.isArray(batch) || !batch.every(isCloudEvent))
    return egError(400, 'BadRequest', 'the body is not an array of CloudEvents 1.0');
  topic.accept(batch.map((e) => ({ ...e, publisher: String(verified.claims['oid']) })));
  return { status: 200, body: undefined };
}

export function topicRoutes(topic: EventGridTopic): readonly Route[] {
  return [
    {
      method: 'POST',
      operationId: 'EventGrid_PublishCloudEventEvents',
      template: '/api/events',
      apiVersioned: false,
      handle: (context) => publish(topic, context),
    },
  ];
}
