/**
 * Raw ARM JSON through an SDK's own REST layer (`@azure/arm-containerservice/api`): same pipeline,
 * credential, transport and retries as the typed client, but bodies stay as ARM writes them. Used
 * for agent pools, whose spec winshift copies key by key (see map-aks.ts).
 */
import type { ContainerServiceContext } from '@azure/arm-containerservice/api';
import {
  createHttpHeaders,
  RestError,
  type PipelineRequest,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';

export interface ArmResponse {
  readonly status: number;
  readonly body: unknown;
}

type Method = 'get' | 'put' | 'delete';

interface ArmErrorBody {
  readonly error?: { readonly code?: unknown; readonly message?: unknown };
}

/** A failed ARM response as the RestError the typed SDK calls throw (status, ARM code, headers). */
function restErrorOf(
  status: number,
  body: unknown,
  headers: Record<string, string>,
  request: PipelineRequest,
): RestError {
  const error = (body as ArmErrorBody | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : undefined;
  const message =
    typeof error?.message === 'string' ? error.message : `ARM answered HTTP ${status}`;
  const response: PipelineResponse = { status, headers: createHttpHeaders(headers), request };
  return new RestError(message, { statusCode: status, response, ...(code ? { code } : {}) });
}

/** Sends one ARM request; a status of 400 or more throws a RestError. */
export async function armRequest(
  context: ContainerServiceContext,
  method: Method,
  path: string,
  options: { apiVersion: string; body?: unknown; headers?: Record<string, string> },
): Promise<ArmResponse> {
  const resource = context.pathUnchecked(path);
  const response = await resource[method]({
    queryParameters: { 'api-version': options.apiVersion },
    ...(options.body !== undefined ? { body: options.body, contentType: 'application/json' } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });
  const status = Number(response.status);
  if (status >= 400) {
    throw restErrorOf(status, response.body, response.headers, response.request);
  }
  return { status, body: response.body };
}
