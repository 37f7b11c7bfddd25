/**
 * The upgrade handlers: start, status, list, approve, cancel and terminate. Each reads the HTTP request, calls
 * the application (src/app) and shapes the answer; functions/api.ts only binds them to routes.
 */
import type { App, ControlResult } from '../app/index.js';
import type { Caller } from '../domain/identity.js';
import {
  parseCancelBody,
  parseInstanceId,
  parseListQuery,
  parseTerminateBody,
} from '../app/requests.js';
import { invalid, json, problem, refusedAnswer, type ApiResponse } from './problem.js';
import { baseUrlOf, queryObject, readJsonBody, type ApiRequest } from './request.js';
import { linksOf, upgradeView } from '../app/views.js';
import { requesterOf } from './requester.js';

/**
 * POST /api/upgrades: 202 with the links (and what the pool's last run left, when it had one); a
 * refusal (problem.ts REFUSAL_ANSWERS) or 409 naming the running instance.
 */
export async function startUpgradeHandler(
  app: App,
  request: ApiRequest,
  caller?: Caller,
): Promise<ApiResponse> {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const requester = requesterOf(request, caller);
  const startedBy = requester.entryPoint === 'cli' ? 'cli' : 'http';
  const result = await app.start(body.value, startedBy, requester.actor);
  const base = baseUrlOf(request);
  switch (result.outcome) {
    case 'refused':
      return refusedAnswer(result);
    case 'running': {
      const links = linksOf(base, result.instanceId);
      return problem(409, `an upgrade of this pool is already running: ${result.instanceId}`, {
        instanceId: result.instanceId,
        statusUrl: links.status,
      });
    }
    case 'started': {
      const links = linksOf(base, result.instanceId);
      return json(
        202,
        {
          id: result.instanceId,
          statusUrl: links.status,
          approveUrl: links.approve,
          cancelUrl: links.cancel,
          dryRun: result.request.options.dryRun,
          ...(result.previousRun ? { previousRun: result.previousRun } : {}),
        },
        { location: links.status },
      );
    }
  }
}

/** GET /api/upgrades/{id}: the live status, the plan and each workload's progress; 404 unknown. */
export async function getUpgradeHandler(app: App, request: ApiRequest): Promise<ApiResponse> {
  const id = parseInstanceId(request.params['id']);
  if (!id.ok) return invalid(id.errors);
  const detail = await app.get(id.value);
  if (detail === undefined) return problem(404, `no upgrade ${id.value}`);
  return json(
    200,
    upgradeView({
      id: id.value,
      ...(detail.instance ? { instance: detail.instance } : {}),
      ...(detail.record ? { record: detail.record } : {}),
      ...(detail.plan ? { plan: detail.plan } : {}),
      workloads: detail.workloads,
      links: linksOf(baseUrlOf(request), id.value),
    }),
  );
}

/** GET /api/upgrades: the upgrades table, filtered and paged. */
export async function listUpgradesHandler(app: App, request: ApiRequest): Promise<ApiResponse> {
  const query = parseListQuery(queryObject(request));
  if (!query.ok) return invalid(query.errors);
  const { status, cluster, since, pageSize, continuationToken } = query.value;
  const result = await app.list({
    pageSize,
    ...(status !== undefined ? { state: status } : {}),
    ...(cluster !== undefined ? { clusterResourceId: cluster } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(continuationToken !== undefined ? { continuationToken } : {}),
  });
  if (result.outcome === 'badToken') {
    return invalid([{ path: 'continuationToken', message: 'is not a token from a previous page' }]);
  }
  const { page } = result;
  let next: string | undefined;
  if (page.continuationToken !== undefined) {
    const url = new URL(`${baseUrlOf(request)}/api/upgrades`);
    for (const [key, value] of Object.entries({ status, cluster, since })) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    url.searchParams.set('pageSize', String(pageSize));
    url.searchParams.set('continuationToken', page.continuationToken);
    next = url.toString();
  }
  return json(200, {
    items: page.items.map((item) => ({
      ...item,
      links: linksOf(baseUrlOf(request), item.instanceId),
    })),
    ...(page.continuationToken !== undefined
      ? { continuationToken: page.continuationToken, next }
      : {}),
  });
}

/** The answer to approve or cancel. */
function controlAnswer(
  result: ControlResult,
  event: 'approve' | 'cancel',
  request: ApiRequest,
): ApiResponse {
  const id = result.instanceId;
  switch (result.outcome) {
    case 'notFound':
      return problem(404, `no upgrade ${id}`);
    case 'notRunning':
      return problem(409, `upgrade ${id} is not running (${result.runtimeStatus})`, {
        instanceId: id,
        runtimeStatus: result.runtimeStatus,
      });
    case 'notAwaitingApproval':
      return problem(409, `upgrade ${id} is not awaiting approval (phase ${result.phase})`, {
        instanceId: id,
        runtimeStatus: 'Running',
      });
    case 'sameApprover':
      return problem(
        403,
        result.approverUnknown === true || result.startedBy === undefined
          ? `the approver of upgrade ${id} is not identified, and approval separation is on`
          : `${result.startedBy.name} started upgrade ${id}: someone else must approve it (WINSHIFT_APPROVAL_SEPARATION)`,
        {
          code: 'FORBIDDEN',
          instanceId: id,
          ...(result.startedBy ? { startedBy: result.startedBy } : {}),
        },
        {
          slug: 'approval-separation',
          title: 'The approver must be someone other than who started the run',
        },
      );
    case 'sent': {
      const links = linksOf(baseUrlOf(request), id);
      return json(202, { id, event, statusUrl: links.status }, { location: links.status });
    }
  }
}

/** POST /api/upgrades/{id}/approve: lets the old pool go (four eyes: see app/control.ts). */
export async function approveHandler(
  app: App,
  request: ApiRequest,
  caller?: Caller,
): Promise<ApiResponse> {
  const id = parseInstanceId(request.params['id']);
  if (!id.ok) return invalid(id.errors);
  return controlAnswer(await app.approve(id.value, requesterOf(request, caller)), 'approve', request);
}

/** POST /api/upgrades/{id}/cancel: rolls back (before the old pool is deleted). */
export async function cancelHandler(
  app: App,
  request: ApiRequest,
  caller?: Caller,
): Promise<ApiResponse> {
  const body = await readJsonBody(request, { optional: true });
  if (!body.ok) return body.response;
  const parsed = parseCancelBody(body.value);
  if (!parsed.ok) return invalid(parsed.errors);
  const id = parseInstanceId(request.params['id']);
  if (!id.ok) return invalid(id.errors);
  const result = await app.cancel(id.value, parsed.value.reason, requesterOf(request, caller));
  return controlAnswer(result, 'cancel', request);
}

/**
 * POST /api/upgrades/{id}/terminate: stops the run without rollback; 202 with what it left (the
 * row's lastError), 404 unknown, 409 not running.
 */
export async function terminateHandler(
  app: App,
  request: ApiRequest,
  caller?: Caller,
): Promise<ApiResponse> {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const parsed = parseTerminateBody(body.value);
  if (!parsed.ok) return invalid(parsed.errors);
  const id = parseInstanceId(request.params['id']);
  if (!id.ok) return invalid(id.errors);
  const result = await app.terminate(id.value, parsed.value.reason, requesterOf(request, caller));
  switch (result.outcome) {
    case 'notFound':
      return problem(404, `no upgrade ${id.value}`);
    case 'notRunning':
      return problem(409, `upgrade ${id.value} is not running (${result.runtimeStatus})`, {
        instanceId: id.value,
        runtimeStatus: result.runtimeStatus,
      });
    case 'terminated': {
      const links = linksOf(baseUrlOf(request), id.value);
      return json(
        202,
        { id: id.value, state: 'Terminated', lastError: result.lastError, statusUrl: links.status },
        { location: links.status },
      );
    }
  }
}
