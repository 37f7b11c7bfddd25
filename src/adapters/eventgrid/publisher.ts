/**
 * Lifecycle events to an Event Grid custom topic (ports/lifecycle-events.ts) with the real
 * `EventGridPublisherClient` in the CloudEvents 1.0 schema: a batch is one POST of
 * `application/cloudevents-batch+json` to the topic's `/api/events`, authenticated with the app's
 * credential for the audience `https://eventgrid.azure.net` (Microsoft Entra authentication of
 * Event Grid publishers, https://learn.microsoft.com/azure/event-grid/authenticate-with-microsoft-entra-id;
 * the client asks for the scope `https://eventgrid.azure.net/.default`). Failures are classified by
 * the `eventGrid` table (adapters/errors). No endpoint: publishing is off and nothing is sent.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { HttpClient } from '@azure/core-rest-pipeline';
import { EventGridPublisherClient, type SendCloudEventInput } from '@azure/eventgrid';
import type { LifecycleEvent, LifecyclePublisher } from '../../ports/lifecycle-events.js';
import { azureCall } from '../errors.js';

export interface EventGridPublisherOptions {
  /** WINSHIFT_EVENTS_TOPIC_ENDPOINT; undefined: publishing is off. */
  readonly endpoint?: string;
  readonly credential: TokenCredential;
  /** The sandbox's transport (host map and CA); absent in Azure. */
  readonly httpClient?: HttpClient;
}

export const PUBLISHING_OFF: LifecyclePublisher = {
  enabled: false,
  publish: () => Promise.resolve(),
};

function cloudEvent(event: LifecycleEvent): SendCloudEventInput<unknown> {
  return {
    id: event.id,
    type: event.type,
    source: event.source,
    subject: event.subject,
    time: new Date(event.time),
    datacontenttype: 'application/json',
    data: event.data,
  };
}

export function createEventGridPublisher(options: EventGridPublisherOptions): LifecyclePublisher {
  const { endpoint } = options;
  if (endpoint === undefined) return PUBLISHING_OFF;
  const client = new EventGridPublisherClient(endpoint, 'CloudEvent', options.credential, {
    ...(options.httpClient ? { httpClient: options.httpClient } : {}),
    // The classifier decides what is retried: the orchestrator retries the recording activity.
    retryOptions: { maxRetries: 2 },
  });
  return {
    enabled: true,
    publish: async (events) => {
      if (events.length === 0) return;
      await azureCall(
        `publishing ${events.map((e) => e.type).join(', ')}`,
        () => client.send(events.map(cloudEvent)),
        { service: 'eventGrid' },
      );
    },
  };
}
