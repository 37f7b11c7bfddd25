/**
 * HTTP for registries through @azure/core-rest-pipeline (its retry and throttling policies) over the
 * registry's own agent (connection.ts), with the limits of ADR 0012: a deadline per call (retries and
 * the body included), a cap on every response body, and redirects followed by winshift itself, at
 * most MAX_REDIRECTS, each target checked like the first URL and never sent the registry's token
 * unless it is the same host.
 */
import type { Agent } from 'node:https';
import type { Readable } from 'node:stream';
import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
  type PipelineResponse,
  type PipelineRetryOptions,
} from '@azure/core-rest-pipeline';
import { WinshiftError } from '../../domain/errors.js';
import { urlProblem } from '../../domain/registry-policy.js';

export interface RegistryResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | undefined };
  readonly bodyText: string;
  /** The host that gave this answer (after redirects): what error messages name. */
  readonly host: string;
}

export interface RegistryRequest {
  readonly method?: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  /** Sent as `application/x-www-form-urlencoded` (the token endpoints). */
  readonly form?: Record<string, string>;
}

export type RegistrySend = (url: string, request?: RegistryRequest) => Promise<RegistryResponse>;

/** The limits of every registry call (ADR 0012). */
export const REGISTRY_LIMITS = {
  /** One call, its quick retries and its body included. */
  timeoutInMs: 30_000,
  /**
   * The distribution spec has registries accept manifests of at least 4 MB ("Registries SHOULD
   * support manifests of at least 4 megabytes", opencontainers/distribution-spec spec.md, Pushing
   * Manifests): no manifest, config blob or token answer winshift needs is larger.
   */
  maxResponseBytes: 4 * 1024 * 1024,
  /** ACR, MCR and Docker Hub redirect blob reads once, to storage or a CDN. */
  maxRedirects: 3,
} as const;

export interface RegistryHttpOptions {
  readonly retryOptions?: PipelineRetryOptions | undefined;
  readonly timeoutInMs?: number | undefined;
  readonly maxResponseBytes?: number | undefined;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function refused(host: string, reason: string): WinshiftError {
  return new WinshiftError('REGISTRY_REFUSED', `registry ${host}: ${reason}`);
}

const hostOf = (url: string): string => URL.parse(url)?.host ?? 'an unparsable URL';

/** The body, read up to `max` bytes (decompressed); a larger one is refused, not read. */
async function readCapped(response: PipelineResponse, max: number, host: string): Promise<string> {
  const stream = response.readableStreamBody as Readable | undefined;
  if (stream === undefined) return response.bodyAsText ?? '';
  const declared = Number(response.headers.get('content-length') ?? 0);
  const chunks: Buffer[] = [];
  let size = declared;
  if (size <= max) {
    size = 0;
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      size += buffer.length;
      if (size > max) break;
      chunks.push(buffer);
    }
  }
  if (size > max) {
    stream.destroy();
    throw refused(host, `an answer is larger than ${max} bytes`);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function createRegistrySend(agent: Agent, options: RegistryHttpOptions = {}): RegistrySend {
  const httpClient: HttpClient = createDefaultHttpClient();
  const pipeline: Pipeline = createPipelineFromOptions({
    ...(options.retryOptions ? { retryOptions: options.retryOptions } : {}),
    // Redirects are followed below, each target checked.
    redirectOptions: { maxRetries: 0 },
  });
  const timeoutInMs = options.timeoutInMs ?? REGISTRY_LIMITS.timeoutInMs;
  const maxBytes = options.maxResponseBytes ?? REGISTRY_LIMITS.maxResponseBytes;

  async function once(
    url: string,
    request: RegistryRequest,
    headers: Record<string, string>,
  ): Promise<RegistryResponse> {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutInMs);
    try {
      const pipelineRequest = createPipelineRequest({
        url,
        method: request.method ?? 'GET',
        headers: createHttpHeaders(headers),
        abortSignal: deadline.signal,
        streamResponseStatusCodes: new Set([Number.POSITIVE_INFINITY]),
      });
      pipelineRequest.agent = agent;
      if (request.form) {
        pipelineRequest.body = new URLSearchParams(request.form).toString();
        pipelineRequest.headers.set('content-type', 'application/x-www-form-urlencoded');
      }
      const response = await pipeline.sendRequest(httpClient, pipelineRequest);
      const host = hostOf(url);
      return {
        status: response.status,
        headers: response.headers,
        bodyText: await readCapped(response, maxBytes, host),
        host,
      };
    } finally {
      clearTimeout(timer);
    }
  }

  return async (url, request = {}) => {
    let current = url;
    let headers = { ...request.headers };
    for (let hop = 0; ; hop += 1) {
      const problem = urlProblem(current);
      if (problem !== undefined) throw refused(hostOf(current), problem);
      const response = await once(current, request, headers);
      const location = response.headers.get('location');
      // Token endpoints (POST) are never redirected: their 3xx is an answer like any other.
      if (!REDIRECTS.has(response.status) || !location || request.method === 'POST')
        return response;
      if (hop === REGISTRY_LIMITS.maxRedirects)
        throw refused(response.host, `more than ${REGISTRY_LIMITS.maxRedirects} redirects`);
      const next = URL.parse(location, current);
      if (next === null) throw refused(response.host, 'a redirect to an unparsable location');
      if (next.host.toLowerCase() !== new URL(current).host.toLowerCase()) {
        // The registry's token is for the registry: storage behind it gets a signed URL instead.
        headers = Object.fromEntries(
          Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'),
        );
      }
      current = next.toString();
    }
  };
}
