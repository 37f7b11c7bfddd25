/**
 * Answers of the HTTP API: JSON bodies and RFC 7807 problem documents. Nothing here ever carries a
 * stack trace or an exception's raw text from an SDK: a 500 says only that it failed and where to look.
 */
import type { Refused, RefusalReason } from '../app/index.js';
import type { FieldError } from '../app/requests.js';

export interface ApiResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** A JSON answer; absent when the answer is text. */
  readonly jsonBody?: unknown;
  /** A text answer (e.g. application/yaml), sent as it is. */
  readonly textBody?: string;
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
  422: { slug: 'unprocessable', title: 'The request cannot be carried out' },
  500: { slug: 'internal', title: 'winshift failed to answer' },
  502: { slug: 'bad-gateway', title: 'A service winshift depends on refused it' },
  503: { slug: 'unavailable', title: 'winshift is not ready' },
};

interface ProblemKind {
  readonly slug: string;
  readonly title: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A problem answer; `kind` names a more precise problem type than the status's own. */
export function problem(
  status: number,
  detail: string,
  extensions: Readonly<Record<string, unknown>> = {},
  kind: ProblemKind = PROBLEM_TYPES[status] ?? { slug: 'error', title: 'Error' },
): ApiResponse {
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
export function invalid(
  errors: readonly FieldError[],
  extensions: Readonly<Record<string, unknown>> = {},
): ApiResponse {
  const detail = errors
    .slice(0, 5)
    .map((e) => (e.path === '' ? e.message : `${e.path}: ${e.message}`))
    .join('; ');
  const more = errors.length > 5 ? ` (and ${errors.length - 5} more)` : '';
  return problem(400, `${detail}${more}`, { errors, ...extensions });
}

export function text(status: number, body: string, contentType: string): ApiResponse {
  return { status, headers: { 'content-type': contentType }, textBody: body };
}

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): ApiResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, jsonBody: body };
}

interface RefusalAnswer {
  readonly status: number;
  /** The problem type when it is more precise than the status's own. */
  readonly kind?: ProblemKind;
  readonly headers?: Readonly<Record<string, string>>;
}

const precise = (status: number, slug: string, title: string): RefusalAnswer => ({
  status,
  kind: { slug, title },
});

/**
 * Each refusal's answer (README "HTTP API"): its status and problem type. Every refusal also carries
 * winshift's `code` and the `errors` naming the field it is about.
 */
export const REFUSAL_ANSWERS: Readonly<Record<RefusalReason, RefusalAnswer>> = {
  invalid: { status: 400 },
  forbidden: { status: 403 },
  clusterNotFound: precise(404, 'cluster-not-found', 'The AKS cluster does not exist'),
  poolNotFound: precise(404, 'pool-not-found', 'The cluster has no such node pool'),
  poolNotWindows: precise(422, 'pool-not-windows', 'The node pool is not a Windows pool'),
  targetNotNewer: precise(422, 'target-os-not-newer', "The target OS is not newer than the pool's"),
  targetUnsupported: precise(
    422,
    'target-os-unsupported',
    "No newer Windows Server fits the cluster's Kubernetes version",
  ),
  poolNameTaken: precise(409, 'pool-name-taken', 'The cluster already has a pool of that name'),
  previousRunFailed: precise(409, 'previous-run-failed', "The pool's last run needs a person"),
  azureUnavailable: {
    ...precise(503, 'azure-unavailable', 'Azure Resource Manager did not answer'),
    headers: { 'retry-after': '30' },
  },
  azureRefused: precise(502, 'azure-refused', "Azure Resource Manager refused winshift's identity"),
  clusterBusy: precise(409, 'cluster-busy', 'Another pool of the cluster is being upgraded'),
};

/** A request the application refused: nothing was written or started. */
export function refusedAnswer(refused: Refused): ApiResponse {
  const { status, kind, headers } = REFUSAL_ANSWERS[refused.reason];
  const extensions = { code: refused.code, errors: refused.errors };
  const answer =
    refused.reason === 'invalid'
      ? invalid(refused.errors, { code: refused.code })
      : problem(status, refused.message, extensions, kind);
  return headers ? { ...answer, headers: { ...answer.headers, ...headers } } : answer;
}
