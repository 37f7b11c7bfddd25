/**
 * The audit handlers: GET /api/upgrades/{id}/audit (a run's entries, JSON or CSV) and GET
 * /api/audit (every run's entries from a time on, paged).
 */
import { auditCsv } from '../domain/audit-csv.js';
import type { App } from '../app/index.js';
import { parseAuditListQuery, parseRunAuditQuery, sinceTime } from '../app/audit-requests.js';
import { parseInstanceId } from '../app/requests.js';
import { invalid, json, problem, text, type ApiResponse } from './problem.js';
import { baseUrlOf, queryObject, type ApiRequest } from './request.js';

export async function runAuditHandler(app: App, request: ApiRequest): Promise<ApiResponse> {
  const id = parseInstanceId(request.params['id']);
  const query = parseRunAuditQuery(queryObject(request));
  if (!id.ok || !query.ok)
    return invalid([...(id.ok ? [] : id.errors), ...(query.ok ? [] : query.errors)]);
  const result = await app.audit(id.value, query.value.runId);
  if (result.outcome === 'notFound') return problem(404, `no audit of ${id.value}`);
  if (query.value.format === 'csv')
    return text(200, auditCsv(result.entries), 'text/csv; charset=utf-8; header=present');
  return json(200, { id: id.value, runId: result.runId, entries: result.entries });
}

export async function auditListHandler(app: App, request: ApiRequest): Promise<ApiResponse> {
  const query = parseAuditListQuery(queryObject(request));
  if (!query.ok) return invalid(query.errors);
  const { since, cluster, actor, pageSize, continuationToken } = query.value;
  // One time for the window, from the app's clock: the query and the next page's link agree.
  const from = sinceTime(since, app.deps.now()) ?? since;
  const result = await app.auditList({
    since: from,
    pageSize,
    ...(cluster !== undefined ? { clusterResourceId: cluster } : {}),
    ...(actor !== undefined ? { actor } : {}),
    ...(continuationToken !== undefined ? { continuationToken } : {}),
  });
  if (result.outcome === 'badToken')
    return invalid([{ path: 'continuationToken', message: 'is not a token from a previous page' }]);
  const { page } = result;
  let next: string | undefined;
  if (page.continuationToken !== undefined) {
    const url = new URL(`${baseUrlOf(request)}/api/audit`);
    // The same window on every page: a relative `since` is fixed to the time of the first page.
    url.searchParams.set('since', from);
    for (const [key, value] of Object.entries({ cluster, actor })) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    url.searchParams.set('pageSize', String(pageSize));
    url.searchParams.set('continuationToken', page.continuationToken);
    next = url.toString();
  }
  return json(200, {
    items: page.items,
    ...(page.continuationToken !== undefined
      ? { continuationToken: page.continuationToken, next }
      : {}),
  });
}
