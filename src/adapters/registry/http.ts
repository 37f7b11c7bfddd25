/**
 * HTTP for registries through @azure/core-rest-pipeline: the SDK's retry and throttling policies
 * and, in the sandbox, the shared HttpClient whose agent applies the host map and CA.
 */
import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
  type PipelineRetryOptions,
} from '@azure/core-rest-pipeline';

export interface RegistryResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | undefined };
  readonly bodyText: string;
}

export interface RegistryRequest {
  readonly method?: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  /** Sent as `application/x-www-form-urlencoded` (the token endpoints). */
  readonly form?: Record<string, string>;
}

export type RegistrySend = (url: string, request?: RegistryRequest) => Promise<RegistryResponse>;

export interface RegistryHttpOptions {
  readonly httpClient?: HttpClient | undefined;
  readonly retryOptions?: PipelineRetryOptions | undefined;
}

export function createRegistrySend(options: RegistryHttpOptions = {}): RegistrySend {
  const httpClient = options.httpClient ?? createDefaultHttpClient();
  const pipeline: Pipeline = createPipelineFromOptions({
    ...(options.retryOptions ? { retryOptions: options.retryOptions } : {}),
  });
  return async (url, request = {}) => {
    const pipelineRequest = createPipelineRequest({
      url,
      method: request.method ?? 'GET',
      headers: createHttpHeaders(request.headers),
    });
    if (request.form) {
      pipelineRequest.body = new URLSearchParams(request.form).toString();
      pipelineRequest.headers.set('content-type', 'application/x-www-form-urlencoded');
    }
    const response = await pipeline.sendRequest(httpClient, pipelineRequest);
    return {
      status: response.status,
      headers: response.headers,
      bodyText: response.bodyAsText ?? '',
    };
  };
}
