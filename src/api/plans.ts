/**
 * POST /api/plans: a dry run (src/app/plan-upgrade.ts). 200 with the plan, or 202 with the status URL
 * to poll when planning takes longer. GET /api/plans/{id}/patches: the stored plan's change to each
 * workload as patches to commit (src/app/patches.ts).
 */
import type { App } from '../app/index.js';
import { parseInstanceId, parsePatchesQuery } from '../app/requests.js';
import type { UpgradeOutcome } from '../workflow/contracts/index.js';
import { invalid, json, problem, refusedAnswer, text, type ApiResponse } from './problem.js';
import { baseUrlOf, queryObject, readJsonBody, type ApiRequest } from './request.js';
import { linksOf } from '../app/views.js';

export async function planHandler(app: App, request: ApiRequest): Promise<ApiResponse> {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const result = await app.plan(body.value);
  if (result.outcome === 'refused') return refusedAnswer(result);
  const statusUrl = linksOf(baseUrlOf(request), result.instanceId).status;
  switch (result.outcome) {
    case 'planned':
      return planAnswer(result.instanceId, result.result, statusUrl);
    case 'pending':
      return json(202, { id: result.instanceId, statusUrl }, { location: statusUrl });
    case 'ended':
      return problem(500, `planning ended ${result.runtimeStatus}; see ${statusUrl}`, {
        instanceId: result.instanceId,
        statusUrl,
      });
  }
}

/**
 * 200: the dry run's outcome. `executable` is false when blockers (or a failure) stop the upgrade;
 * warnings (GITOPS_MANAGED) never do.
 */
function planAnswer(instanceId: string, outcome: UpgradeOutcome, statusUrl: string): ApiResponse {
  return json(200, {
    id: instanceId,
    state: outcome.state,
    executable: outcome.state === 'Completed',
    plan: outcome.plan ?? null,
    blockers: outcome.plan?.blockers ?? [],
    warnings: outcome.plan?.warnings ?? [],
    ...(outcome.lastError ? { lastError: outcome.lastError } : {}),
    statusUrl,
  });
}

/**
 * GET /api/plans/{id}/patches?format=yaml|json&managed=true|false: 200 application/yaml (a stream of
 * strategic merge patches) or application/json; 404 without a stored plan; 400 for a malformed id
 * or query.
 */
export async function planPatchesHandler(app: App, request: ApiRequest): Promise<ApiResponse> {
  const id = parseInstanceId(request.params['id']);
  const query = parsePatchesQuery(queryObject(request));
  const errors = [...(id.ok ? [] : id.errors), ...(query.ok ? [] : query.errors)];
  if (!id.ok || !query.ok) return invalid(errors);
  const result = await app.patches(id.value, query.value);
  switch (result.outcome) {
    case 'notFound':
      return problem(404, `no stored plan for ${id.value}`);
    case 'yaml':
      return text(200, result.text, 'application/yaml');
    case 'json':
      return json(200, result.document);
  }
}
