/**
 * A small client of winshift's HTTP API (README "HTTP API"), used by the CLI and by `npm start`.
 * Function keys go in `x-functions-key`, tokens in `Authorization: Bearer`; errors come back as
 * ApiError with the problem's detail.
 */
import type { UpgradeView as ApiUpgradeView } from '../app/views.js';

export interface ClientOptions {
  /** Base URL of the Functions app, e.g. http://127.0.0.1:7071. */
  readonly url: string;
  readonly key?: string;
  /** A bearer token, or what gets one for each request (a sign-in), sent instead of a key. */
  readonly token?: string | (() => Promise<string>);
  readonly fetch?: typeof fetch;
}

/**
 * GET /api/upgrades/{id} exactly as the API documents it (src/api/views.ts: the orchestrator's custom
 * status is `status`, its output `outcome`); every field optional so an early answer still renders.
 * Typed from the API's own view so a renamed field breaks the build, not `watch` at run time.
 */
export type UpgradeView = Partial<ApiUpgradeView>;

/** POST /api/upgrades: 202 with the instance id and where to watch it. */
export interface StartView {
  readonly id: string;
  readonly statusUrl?: string;
  readonly [key: string]: unknown;
}

/** POST /api/upgrades/{id}/terminate: 202 with what the run left. */
export interface TerminateView {
  readonly id: string;
  readonly lastError?: { readonly code: string; readonly message: string };
  readonly [key: string]: unknown;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

/** The readable part of a problem+json body (or of any text the server sent). */
function problemText(status: number, body: unknown): string {
  if (typeof body === 'object' && body !== null) {
    const p = body as { title?: unknown; detail?: unknown; errors?: unknown };
    const parts = [p.title, p.detail].filter((x): x is string => typeof x === 'string');
    if (Array.isArray(p.errors)) parts.push(...p.errors.map((e) => JSON.stringify(e)));
    if (parts.length > 0) return `HTTP ${status}: ${parts.join(': ')}`;
  }
  return `HTTP ${status}${typeof body === 'string' && body !== '' ? `: ${body}` : ''}`;
}

export class WinshiftClient {
  readonly #base: string;
  readonly #key: string | undefined;
  readonly #token: ClientOptions['token'];
  readonly #fetch: typeof fetch;

  constructor(options: ClientOptions) {
    this.#base = options.url.replace(/\/+$/, '');
    this.#key = options.key;
    this.#token = options.token;
    this.#fetch = options.fetch ?? fetch;
  }

  async #credentials(): Promise<Record<string, string>> {
    if (this.#token !== undefined) {
      const token = typeof this.#token === 'string' ? this.#token : await this.#token();
      return { authorization: `Bearer ${token}` };
    }
    return this.#key ? { 'x-functions-key': this.#key } : {};
  }

  async request<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    accept = 'application/json',
  ): Promise<T> {
    // The API audits the CLI's requests with entry point `cli` (src/api/requester.ts).
    const headers: Record<string, string> = {
      accept,
      'x-winshift-client': 'cli',
      ...(await this.#credentials()),
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.#fetch(`${this.#base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      // not JSON: keep the text
    }
    if (!res.ok) throw new ApiError(res.status, problemText(res.status, parsed), parsed);
    return parsed as T;
  }

  plan(body: unknown): Promise<unknown> {
    return this.request('POST', '/api/plans', body);
  }
  start(body: unknown): Promise<StartView> {
    return this.request('POST', '/api/upgrades', body);
  }
  status(id: string): Promise<UpgradeView> {
    return this.request('GET', `/api/upgrades/${encodeURIComponent(id)}`);
  }
  list(query: Readonly<Record<string, string>> = {}): Promise<unknown> {
    const qs = new URLSearchParams(query).toString();
    return this.request('GET', `/api/upgrades${qs ? `?${qs}` : ''}`);
  }
  approve(id: string): Promise<unknown> {
    return this.request('POST', `/api/upgrades/${encodeURIComponent(id)}/approve`, {});
  }
  cancel(id: string, reason?: string): Promise<unknown> {
    const body = reason ? { reason } : {};
    return this.request('POST', `/api/upgrades/${encodeURIComponent(id)}/cancel`, body);
  }
  terminate(id: string, reason: string): Promise<TerminateView> {
    return this.request('POST', `/api/upgrades/${encodeURIComponent(id)}/terminate`, { reason });
  }
  fleet(): Promise<unknown> {
    return this.request('GET', '/api/fleet');
  }
  /** GET /api/upgrades/{id}/audit: the JSON document, or the CSV as text. */
  runAudit(id: string, format: 'json' | 'csv'): Promise<unknown> {
    const path = `/api/upgrades/${encodeURIComponent(id)}/audit?format=${format}`;
    return this.request('GET', path, undefined, format === 'csv' ? 'text/csv' : 'application/json');
  }
  /** GET /api/audit, every page (each page's `next` link). */
  async auditSince(query: Readonly<Record<string, string>>): Promise<unknown[]> {
    const items: unknown[] = [];
    let path: string | undefined = `/api/audit?${new URLSearchParams(query).toString()}`;
    while (path !== undefined) {
      const page: { items?: unknown[]; next?: string } = await this.request('GET', path);
      items.push(...(page.items ?? []));
      path =
        page.next === undefined
          ? undefined
          : new URL(page.next).pathname + new URL(page.next).search;
    }
    return items;
  }
  /** GET /api/plans/{id}/patches: the YAML stream as text, or the JSON document. */
  patches(id: string, format: 'yaml' | 'json', managed: boolean): Promise<unknown> {
    const query = new URLSearchParams({ format, managed: String(managed) }).toString();
    const path = `/api/plans/${encodeURIComponent(id)}/patches?${query}`;
    return this.request('GET', path, undefined, `application/${format}`);
  }
}
