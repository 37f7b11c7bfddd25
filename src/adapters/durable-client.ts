/**
 * The OrchestrationClient port over durable-functions' `DurableClient`: its failures become answers:
 * the host's refusal to start a running id becomes `running` (DESIGN section 3: that refusal is the
 * 409), an unknown instance becomes `undefined`.
 */
import type * as df from 'durable-functions';
import type { InstanceStatus, OrchestrationClient, RuntimeStatus } from '../ports/orchestration.js';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The host refuses a running id with 409 and "already running" (local host; Azure's extension:
 * "already exists" / "already running" with NonRunningStates); durable-functions wraps it as text.
 */
export function isRunningRefusal(error: unknown): boolean {
  const text = messageOf(error);
  return /\b409\b/.test(text) || /already (running|exists)/i.test(text);
}

function iso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' ? value : '';
}

function instanceOf(status: df.DurableOrchestrationStatus): InstanceStatus {
  return {
    instanceId: status.instanceId,
    name: status.name,
    runtimeStatus: String(status.runtimeStatus) as RuntimeStatus,
    createdTime: iso(status.createdTime),
    lastUpdatedTime: iso(status.lastUpdatedTime),
    ...(status.customStatus !== undefined && status.customStatus !== null
      ? { customStatus: status.customStatus }
      : {}),
    ...(status.output !== undefined && status.output !== null ? { output: status.output } : {}),
  };
}

export function durableOrchestrationClient(client: df.DurableClient): OrchestrationClient {
  return {
    async startNew(orchestrator, instanceId, input) {
      try {
        await client.startNew(orchestrator, { instanceId, input });
        return 'started';
      } catch (error) {
        if (isRunningRefusal(error)) return 'running';
        throw error;
      }
    },
    async getStatus(instanceId) {
      let status: df.DurableOrchestrationStatus;
      try {
        status = await client.getStatus(instanceId);
      } catch (error) {
        if (/HTTP 404/.test(messageOf(error))) return undefined;
        throw error;
      }
      // The extension answers an unknown id with an empty status on some versions.
      if (status.instanceId === '' || status.instanceId === undefined) return undefined;
      return instanceOf(status);
    },
    async raiseEvent(instanceId, eventName, data) {
      await client.raiseEvent(instanceId, eventName, data);
    },
    async terminate(instanceId, reason) {
      // durable-functions 3.5 puts the reason into the URL's query as it is (`?reason=${reason}`):
      // an `&` or `#` in it would cut it short, a `%` break it. The host decodes the query.
      await client.terminate(instanceId, encodeURIComponent(reason));
    },
    async listInstances(query) {
      // `GET instances/?createdTimeTo=...&runtimeStatus=...`; the client follows the
      // x-ms-continuation-token pages itself.
      const statuses = await client.getStatusBy({
        createdTimeTo: query.createdBefore,
        runtimeStatus: [...query.runtimeStatus] as unknown as df.OrchestrationRuntimeStatus[],
      });
      return statuses.map(instanceOf);
    },
    async purge(instanceId) {
      const result = await client.purgeInstanceHistory(instanceId);
      return result.instancesDeleted > 0;
    },
  };
}
