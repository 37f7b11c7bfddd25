/**
 * Answers of the HTTP API: JSON bodies and RFC 7807 problem documents. Nothing here ever carries a
 * stack trace or an exception's raw text from an SDK: a 500 says only that it failed and where to look.
 */
import type { FieldError } from '../app/requests.js';
import type { Refused } from '../app/start-upgrade.js';

export interface ApiResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly jsonBody: unknown;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

const PROBLEM_TYPES: Readonly<Record<number, { slug: string; title: string }>> = {
  400: { slug: 'invalid-request', title: 'The request is invalid' },
  401: { slug: 'unauthorized', title: 'A function key is required' },
  403: { slug: 'forbidden', title: 'The request is not allowed' },
  404: { slug: 'not-found', title: 'No such resource' },
  405: { slug: 'method-not-allowed', title: 'Method not allowed' },
  409: { slug: 'conflict', title: 'The request conflicts with the current state' },
  413: { slug: 'payload-too-large', title: 'The request body is too large' },
  415: { slug: 'unsupported-media-type', title: 'The request body must be JSON' },
  500: { slug: 'internal', title: 'winshift failed to answer' },
  503: { slug: 'unavailable', title: 'winshift is not ready' },
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problem(
  status: number,
  detail: string,
  extensions: Readonly<Record<string, unknown>> = {},
): ApiResponse {
  const kind = PROBLEM_TYPES[status] ?? { slug: 'error', title: 'Error' };
  const body: Problem = {
    type: `https://winshift.dev/problems/${kind.slug}`,
    title: kind.title,
    status,
    detail,
    ...extensions,
  };
  return { status, headers: { 'content-type': PROBLEM_CONTENT_TYPE }, jsonBody: body };
}

/** 400 naming each field and the rule it breaks. */
export function invalid(errors: readonly FieldError[]): ApiResponse {
  const detail = errors
    .slice(0, 5)
    .map((e) => (e.path === '' ? e.message : `${e.path}: ${e.message}`))
    .join('; ');
  const more = errors.length > 5 ? ` (and ${errors.length - 5} more)` : '';
  return problem(400, `${detail}${more}`, { errors });
}

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): ApiResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, jsonBody: body };
}

/** A request the application refused: 403 outside the allow list, else 400 naming each field. */
export function refusedAnswer(refused: Refused): ApiResponse {
  return refused.code === 'FORBIDDEN'
    ? problem(403, refused.message, { errors: refused.errors })
    : invalid(refused.errors);
}
