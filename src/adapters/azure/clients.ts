/**
 * What every Azure client of one process shares: the credential, the transport (the sandbox's host
 * map + CA, or none in Azure), the SDK retry settings, and the subscription allow list. SDK clients
 * are bound to a subscription, so each adapter keeps one client per subscription, built on first use.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { HttpClient, PipelineRetryOptions } from '@azure/core-rest-pipeline';
import { WinshiftError } from '../../domain/errors.js';

export interface AzureClientContext {
  readonly credential: TokenCredential;
  /** The shared transport's SDK HttpClient (sandbox); undefined: the SDK's default (production). */
  readonly httpClient?: HttpClient | undefined;
  /** The SDK's own quick retries before a failure reaches winshift's activity retry policy. */
  readonly retryOptions?: PipelineRetryOptions | undefined;
  /** Lower-cased subscription GUIDs winshift may act in. */
  readonly subscriptions: ReadonlySet<string>;
}

/** Options every SDK client constructor accepts (`CommonClientOptions`). */
export interface SdkClientOptions {
  httpClient?: HttpClient;
  retryOptions?: PipelineRetryOptions;
}

export function sdkOptions(context: AzureClientContext): SdkClientOptions {
  return {
    ...(context.httpClient ? { httpClient: context.httpClient } : {}),
    ...(context.retryOptions ? { retryOptions: context.retryOptions } : {}),
  };
}

/**
 * Refuses a subscription outside the allow list (WINSHIFT_SUBSCRIPTIONS): requests are validated
 * against it too, but an id from a plan or an event must not reach past it either.
 */
export function assertAllowed(context: AzureClientContext, subscriptionId: string): void {
  if (!context.subscriptions.has(subscriptionId.toLowerCase())) {
    throw new WinshiftError(
      'FORBIDDEN',
      `subscription ${subscriptionId} is not in winshift's allowed subscriptions (WINSHIFT_SUBSCRIPTIONS)`,
    );
  }
}

/** One client per subscription (case-insensitive), made on first use. */
export function perSubscription<T>(make: (subscriptionId: string) => T): (id: string) => T {
  const clients = new Map<string, T>();
  return (subscriptionId) => {
    const key = subscriptionId.toLowerCase();
    let client = clients.get(key);
    if (client === undefined) {
      client = make(subscriptionId);
      clients.set(key, client);
    }
    return client;
  };
}
