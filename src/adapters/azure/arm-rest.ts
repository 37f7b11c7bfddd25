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
import { errorDetailText } from '../../domain/azure-errors.js';
import { armErrorOf } from './arm-error-body.js';

export interface ArmResponse {
  readonly status: number;
  readonly body: unknown;
}

type Method = 'get' | 'put' | 'delete';

/**
 * A failed ARM response as the RestError the typed SDK calls throw (status, service code, headers),
 * from either error shape (arm-error-body.ts: AKS answers without the `error` wrapper). The message
 * carries the details' too, where the reason often is (a quota inside InvalidTemplateDeployment).
 */
export function restErrorOf(
  status: number,
  body: unknown,
  headers: Record<string, string>,
  request: PipelineRequest,
): RestError {
  const error = armErrorOf(body);
  const code = error?.code !== '' ? error?.code : undefined;
  const described = error === undefined ? '' : errorDetailText(error);
  const message = described !== '' ? described : `ARM answered HTTP ${status}`;
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
