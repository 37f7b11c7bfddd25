/**
 * Lifecycle events winshift publishes (CloudEvents 1.0, domain/lifecycle-events.ts) to an Event Grid
 * custom topic. Publishing is off when no topic is configured: the port then sends nothing.
 */
import type { LifecycleEvent } from '../domain/lifecycle-events.js';

export type { LifecycleEvent };

export interface LifecyclePublisher {
  /** Whether events go anywhere (a topic is configured). */
  readonly enabled: boolean;
  /** Sends the events in one batch; the same ids again are the same events (consumers dedupe). */
  publish(events: readonly LifecycleEvent[]): Promise<void>;
}
