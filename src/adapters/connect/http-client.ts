import type { Agent } from 'node:http';
import {
  createDefaultHttpClient,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';

/**
 * An Azure SDK `HttpClient` that sends every request through the given agent. SDK clients accept it
 * as `{ httpClient }` in their options; the pipeline (retries, auth, LRO polling) is unchanged, only
 * the socket comes from the shared agent (core-rest-pipeline's Node client honours `request.agent`).
 */
export function createAgentHttpClient(agent: Agent, inner?: HttpClient): HttpClient {
  const client = inner ?? createDefaultHttpClient();
  return {
    sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      request.agent ??= agent;
      return client.sendRequest(request);
    },
  };
}
