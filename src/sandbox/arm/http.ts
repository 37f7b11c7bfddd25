import type { IncomingHttpHeaders } from 'node:http';

/** A request as handlers see it: body read and JSON-parsed when it is JSON. */
export interface SandboxRequest {
  readonly method: string;
  /** Host header without port, lowercase. */
  readonly host: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: Buffer;
  /** Parsed JSON body, or undefined when empty / not JSON. */
  readonly body: unknown;
}

export interface SandboxResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON value, raw bytes, or nothing. */
  readonly body?: unknown;
  /**
   * An error of the AKS resource provider (aks-errors.ts): its body is AKS's, unwrapped, unless the
   * scenario's `aksErrorsWrapped` switch has dispatch re-shape it into ARM's envelope.
   */
  readonly aksError?: boolean;
}

/** ARM's error envelope `{ error: { code, message } }`. */
export function armError(status: number, code: string, message: string): SandboxResponse {
  return { status, body: { error: { code, message } } };
}

export function json(
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): SandboxResponse {
  return headers ? { status, body, headers } : { status, body };
}

/** `properties` of a JSON body, or an empty object. */
export function bodyProperties(request: SandboxRequest): Record<string, unknown> {
  const body = request.body;
  if (body && typeof body === 'object' && 'properties' in body) {
    const properties = (body as { properties?: unknown }).properties;
    if (properties && typeof properties === 'object') return properties as Record<string, unknown>;
  }
  return {};
}

/** Parses a JSON body leniently: handlers validate what they need. */
export function parseJsonBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  if (contentType && !contentType.includes('json')) return undefined;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
