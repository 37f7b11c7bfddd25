/**
 * What a handler needs of an HTTP request: a small interface the Functions `HttpRequest` satisfies and
 * a test builds in one line. Bodies are read with a size limit before any parsing.
 */
import { invalid, problem, type ApiResponse } from './problem.js';

export interface ApiRequest {
  readonly url: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: { entries(): IterableIterator<[string, string]> | Iterable<[string, string]> };
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** Request bodies are small (a cluster id, a pool, options): anything larger is refused unread. */
export const MAX_BODY_BYTES = 64 * 1024;

export type Body =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly response: ApiResponse };

/**
 * The JSON body, or the 413/400 answer: too large (by header or by content) or not JSON. An empty
 * body is refused, or read as `{}` where the body is `optional`.
 */
export async function readJsonBody(
  request: ApiRequest,
  { optional = false }: { optional?: boolean } = {},
): Promise<Body> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return tooLarge(declared);
  const text = await request.text();
  const size = Buffer.byteLength(text, 'utf8');
  if (size > MAX_BODY_BYTES) return tooLarge(size);
  if (text.trim() === '') {
    if (optional) return { ok: true, value: {} };
    return { ok: false, response: invalid([{ path: '', message: 'a JSON body is required' }]) };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return {
      ok: false,
      response: invalid([{ path: '', message: 'the body is not valid JSON' }]),
    };
  }
}

function tooLarge(size: number): Body {
  return {
    ok: false,
    response: problem(413, `the body has ${size} bytes; at most ${MAX_BODY_BYTES} are accepted`),
  };
}

/**
 * The query as an object of strings; a repeated parameter is an error of its own (`a list is not
 * accepted`), since every filter takes one value.
 */
export function queryObject(request: ApiRequest): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  for (const [key, value] of request.query.entries()) {
    const existing = result[key];
    result[key] =
      existing === undefined
        ? value
        : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return result;
}

/** The origin the caller used (behind the Functions front end: the forwarded host and scheme). */
export function baseUrlOf(request: ApiRequest): string {
  const url = new URL(request.url);
  const host = request.headers.get('x-forwarded-host') ?? url.host;
  const proto = request.headers.get('x-forwarded-proto') ?? url.protocol.replace(':', '');
  return `${proto}://${host}`;
}
