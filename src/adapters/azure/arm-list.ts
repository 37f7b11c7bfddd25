/**
 * Paged ARM reads that no installed SDK covers in the shape winshift needs: the permissions API at
 * any resource scope (the typed `permissions.listForResource` splits a resource id into parts) and
 * Microsoft.ContainerRegistry (no @azure/arm-containerregistry dependency for two reads). Same
 * credential, transport and SDK retry policies as every other client (core-rest-pipeline); a
 * failure is a RestError like the SDKs throw, so `azureCall` classifies it the same way.
 */
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  RestError,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import type { AzureClientContext } from './clients.js';

export const ARM_ENDPOINT = 'https://management.azure.com';
const ARM_SCOPE = `${ARM_ENDPOINT}/.default`;

/** Every item of a paged ARM list (`value` + `nextLink`). */
export type ArmList = (path: string, apiVersion: string) => Promise<unknown[]>;

interface ArmErrorBody {
  readonly error?: { readonly code?: unknown; readonly message?: unknown };
}

function parse(response: PipelineResponse): unknown {
  try {
    return JSON.parse(response.bodyAsText ?? '') as unknown;
  } catch {
    return undefined;
  }
}

function failure(response: PipelineResponse, body: unknown): RestError {
  const error = (body as ArmErrorBody | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : undefined;
  const message =
    typeof error?.message === 'string' ? error.message : `ARM answered HTTP ${response.status}`;
  return new RestError(message, {
    statusCode: response.status,
    response,
    request: response.request,
    ...(code ? { code } : {}),
  });
}

export function createArmList(context: AzureClientContext): ArmList {
  const httpClient = context.httpClient ?? createDefaultHttpClient();
  const pipeline = createPipelineFromOptions({
    ...(context.retryOptions ? { retryOptions: context.retryOptions } : {}),
  });
  pipeline.addPolicy(
    bearerTokenAuthenticationPolicy({ credential: context.credential, scopes: ARM_SCOPE }),
  );
  const get = async (url: string): Promise<{ value: unknown[]; nextLink?: string }> => {
    const request = createPipelineRequest({
      url,
      method: 'GET',
      headers: createHttpHeaders({ accept: 'application/json' }),
    });
    const response = await pipeline.sendRequest(httpClient, request);
    const body = parse(response);
    if (response.status >= 400) throw failure(response, body);
    const page = (body ?? {}) as { value?: unknown; nextLink?: unknown };
    return {
      value: Array.isArray(page.value) ? (page.value as unknown[]) : [],
      ...(typeof page.nextLink === 'string' && page.nextLink !== ''
        ? { nextLink: page.nextLink }
        : {}),
    };
  };
  return async (path, apiVersion) => {
    const items: unknown[] = [];
    let next: string | undefined =
      `${ARM_ENDPOINT}${path}?api-version=${encodeURIComponent(apiVersion)}`;
    while (next !== undefined) {
      const page = await get(next);
      items.push(...page.value);
      // ARM's nextLink stays on ARM; anything else is not followed (no token leaves for it).
      next = page.nextLink?.startsWith(`${ARM_ENDPOINT}/`) ? page.nextLink : undefined;
    }
    return items;
  };
}
