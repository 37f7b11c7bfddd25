/**
 * The part of the Durable client winshift uses, in its own terms (the adapter over durable-functions'
 * `DurableClient` is src/adapters/durable-client.ts): the host's refusal to start a running id is
 * `running` (DESIGN section 3: that refusal is the 409), an unknown instance is `undefined`.
 */
import type { RuntimeStatus } from '../domain/runtime-status.js';

export type { RuntimeStatus };

export interface InstanceStatus {
  readonly instanceId: string;
  readonly name: string;
  readonly runtimeStatus: RuntimeStatus;
  readonly createdTime: string;
  readonly lastUpdatedTime: string;
  readonly customStatus?: unknown;
  readonly output?: unknown;
}

/** A status query: instances created before a time, in one of the given runtime statuses. */
export interface InstanceQuery {
  readonly createdBefore: Date;
  readonly runtimeStatus: readonly RuntimeStatus[];
}

export interface OrchestrationClient {
  /** `running` when the host refuses the id because an instance with it is still running. */
  startNew(
    orchestrator: string,
    instanceId: string,
    input: unknown,
  ): Promise<'started' | 'running'>;
  getStatus(instanceId: string): Promise<InstanceStatus | undefined>;
  raiseEvent(instanceId: string, eventName: string, data: unknown): Promise<void>;
  terminate(instanceId: string, reason: string): Promise<void>;
  /** Every instance the query matches (all pages). */
  listInstances(query: InstanceQuery): Promise<readonly InstanceStatus[]>;
  /** Deletes an ended instance's history and state; false when there was none to delete. */
  purge(instanceId: string): Promise<boolean>;
}
