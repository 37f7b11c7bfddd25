/**
 * The upgrade handlers: start, status, list, approve and cancel. Each is `(deps, request) => answer`,
 * so tests drive them with typed fakes and functions/api.ts only binds them to routes.
 */
import { EVENTS, type UpgradeStatus } from '../workflow/contracts.js';
import { isActive } from './client.js';
import type { ApiDeps } from './deps.js';
import { invalid, json, problem, type ApiResponse } from './problem.js';
import { baseUrlOf, queryObject, readJsonBody, type ApiRequest } from './request.js';
import { parseCancelBody, parseInstanceId, parseListQuery } from './schemas.js';
import { startUpgrade } from './start-upgrade.js';
import { linksOf, upgradeView } from './views.js';

/** POST /api/upgrades: 202 with the links, 400/403 refused, 409 naming the running instance. */
export async function startUpgradeHandler(
  deps: ApiDeps,
  request: ApiRequest,
): Promise<ApiResponse> {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const result = await startUpgrade(deps, body.value, 'http');
  const base = baseUrlOf(request);
  switch (result.outcome) {
    case 'refused':
      return result.code === 'FORBIDDEN'
        ? problem(403, result.message, { errors: result.errors })
        : invalid(result.errors);
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
        },
        { location: links.status },
      );
    }
  }
}

/** GET /api/upgrades/{id}: the live status, the plan and each workload's progress; 404 unknown. */
export async function getUpgradeHandler(deps: ApiDeps, request: ApiRequest): Promise<ApiResponse> {
  const id = parseInstanceId(request.params['id']);
  if (!id.ok) return invalid(id.errors);
  const [instance, record] = await Promise.all([
    deps.client.getStatus(id.value),
    deps.store.getUpgrade(id.value),
  ]);
  if (instance === undefined && record === undefined) {
    return problem(404, `no upgrade ${id.value}`);
  }
  const [plan, workloads] = await Promise.all([
    deps.store.loadPlan(id.value),
    deps.store.loadProgress(id.value),
  ]);
  return json(
    200,
    upgradeView({
      id: id.value,
      ...(instance ? { instance } : {}),
      ...(record ? { record } : {}),
      ...(plan ? { plan } : {}),
      workloads,
      links: linksOf(baseUrlOf(request), id.value),
    }),
  );
}

/** GET /api/upgrades: the upgrades table, filtered and paged. */
export async function listUpgradesHandler(
  deps: ApiDeps,
  request: ApiRequest,
): Promise<ApiResponse> {
  const query = parseListQuery(queryObject(request));
  if (!query.ok) return invalid(query.errors);
  const { status, cluster, since, pageSize, continuationToken } = query.value;
  let page;
  try {
    page = await deps.store.listUpgrades({
      pageSize,
      ...(status !== undefined ? { state: status } : {}),
      ...(cluster !== undefined ? { clusterResourceId: cluster } : {}),
      ...(since !== undefined ? { since } : {}),
      ...(continuationToken !== undefined ? { continuationToken } : {}),
    });
  } catch (error) {
    // A token the service cannot read is the caller's mistake, not an outage.
    if (continuationToken !== undefined && /INVALID_INPUT|continuation/i.test(String(error))) {
      return invalid([
        { path: 'continuationToken', message: 'is not a token from a previous page' },
      ]);
    }
    throw error;
  }
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

/** Approval is only taken at the gate: an early approve would silently skip the soak. */
async function sendEvent(
  deps: ApiDeps,
  request: ApiRequest,
  event: 'approve' | 'cancel',
  data: Readonly<Record<string, string>> = {},
): Promise<ApiResponse> {
  const id = parseInstanceId(request.params['id']);
  if (!id.ok) return invalid(id.errors);
  const instance = await deps.client.getStatus(id.value);
  if (instance === undefined) return problem(404, `no upgrade ${id.value}`);
  if (!isActive(instance.runtimeStatus)) {
    return problem(409, `upgrade ${id.value} is not running (${instance.runtimeStatus})`, {
      instanceId: id.value,
      runtimeStatus: instance.runtimeStatus,
    });
  }
  if (event === 'approve') {
    const status = instance.customStatus as Partial<UpgradeStatus> | undefined;
    if (status?.awaitingApproval !== true) {
      return problem(
        409,
        `upgrade ${id.value} is not awaiting approval (phase ${status?.phase ?? 'unknown'})`,
        { instanceId: id.value, runtimeStatus: instance.runtimeStatus },
      );
    }
  }
  await deps.client.raiseEvent(id.value, EVENTS[event], {
    ...data,
    at: deps.now().toISOString(),
  });
  const links = linksOf(baseUrlOf(request), id.value);
  return json(202, { id: id.value, event, statusUrl: links.status }, { location: links.status });
}

/** POST /api/upgrades/{id}/approve: lets the old pool go. */
export function approveHandler(deps: ApiDeps, request: ApiRequest): Promise<ApiResponse> {
  return sendEvent(deps, request, 'approve');
}

/** POST /api/upgrades/{id}/cancel: rolls back (before the old pool is deleted). */
export async function cancelHandler(deps: ApiDeps, request: ApiRequest): Promise<ApiResponse> {
  const body = await readJsonBody(request, { optional: true });
  if (!body.ok) return body.response;
  const parsed = parseCancelBody(body.value);
  if (!parsed.ok) return invalid(parsed.errors);
  const { reason } = parsed.value;
  return sendEvent(deps, request, 'cancel', reason === undefined ? {} : { reason });
}
