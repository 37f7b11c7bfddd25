/**
 * What a failure says about itself, read by shape from the clients winshift uses, never by
 * `instanceof` (STYLE: errors by name/code):
 * - Azure SDK `RestError`: `statusCode`, the service's error `code` (ARM `error.code`, a Table
 *   storage code) and its message; network failures carry the system code in `code`.
 * - client-node `ApiException`: the HTTP status in a numeric `code`, the Kubernetes `Status` in
 *   `body` (`reason`, `message`); undici's connection failures carry the system error in `cause`.
 * - registry failures (adapters/registry): `statusCode` and the response text in `body`: a
 *   distribution-spec `errors[]` or an OAuth 2.0 token error (`error`, `error_description`).
 */

interface ErrorShape {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly status?: unknown;
  readonly cause?: unknown;
  readonly body?: unknown;
}

/** How far down a chain of `cause`s to look. */
const MAX_DEPTH = 4;

export function shapeOf(error: unknown): ErrorShape {
  return typeof error === 'object' && error !== null ? error : {};
}

/** The error and its causes, outermost first. */
export function causeChain(error: unknown): readonly unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < MAX_DEPTH) {
    chain.push(current);
    current = shapeOf(current).cause;
  }
  return chain;
}

function asStatus(value: unknown): number | undefined {
  return typeof value === 'number' && value >= 100 && value < 600 ? value : undefined;
}

/** The HTTP status of a failed call, or undefined when no response came back. */
export function httpStatusOf(error: unknown): number | undefined {
  const { statusCode, status, code } = shapeOf(error);
  return asStatus(statusCode) ?? asStatus(status) ?? asStatus(code);
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Every string `code` down the cause chain, outermost first (`ECONNRESET`, `AuthorizationFailed`). */
export function stringCodesOf(error: unknown): readonly string[] {
  return causeChain(error).flatMap((e) => nonEmpty(shapeOf(e).code) ?? []);
}

function parsed(body: unknown): Record<string, unknown> | undefined {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The code and message a response body carries (Kubernetes Status, distribution, OAuth). */
function bodyFacts(error: unknown): { code?: string; message?: string } {
  const body = parsed(shapeOf(error).body);
  if (body === undefined) return {};
  const [first] = Array.isArray(body['errors']) ? (body['errors'] as unknown[]) : [];
  const entry = shapeOf(first);
  const code = nonEmpty(body['reason']) ?? nonEmpty(entry.code) ?? nonEmpty(body['error']);
  const message =
    nonEmpty(body['message']) ?? nonEmpty(entry.message) ?? nonEmpty(body['error_description']);
  return { ...(code ? { code } : {}), ...(message ? { message } : {}) };
}

/** The service's own error code: ARM `error.code`, a Status `reason`, a distribution code. */
export function serviceCodeOf(error: unknown): string | undefined {
  return stringCodesOf(error)[0] ?? bodyFacts(error).code;
}

export function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

/** The service's message (the body's when it has one), else the first line of the error's. */
export function serviceMessageOf(error: unknown): string {
  const fromBody = bodyFacts(error).message;
  if (fromBody !== undefined) return fromBody;
  const { message } = shapeOf(error);
  return typeof message === 'string' ? firstLine(message) : String(error);
}

/** Every `name` down the cause chain, outermost first (`AbortError`, `AuthenticationError`). */
export function namesOf(error: unknown): readonly string[] {
  return causeChain(error).flatMap((e) => nonEmpty(shapeOf(e).name) ?? []);
}
