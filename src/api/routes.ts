/**
 * Every route of the HTTP API, once: functions/api.ts registers them and openapi.ts documents them
 * from the same entries (and the same zod schemas), so the document cannot miss a route.
 */
import { errorCodeOf } from '../domain/errors.js';
import type { AppRole, Caller } from '../domain/identity.js';
import type { App } from '../app/index.js';
import type { ApiRoute } from './route.js';

export type { ApiRoute };
import { auditListQuery, runAuditQuery } from '../app/audit-requests.js';
import { auditListHandler, runAuditHandler } from './audit.js';
import { healthHandler } from './health.js';
import { authorize } from './identity.js';
import { openApiDocument } from './openapi.js';
import { planHandler, planPatchesHandler } from './plans.js';
import { json, problem, type ApiResponse } from './problem.js';
import type { ApiRequest } from './request.js';
import {
  cancelBody,
  instanceParams,
  listQuery,
  patchesQuery,
  planBody,
  terminateBody,
  upgradeStartBody,
} from '../app/requests.js';
import {
  approveHandler,
  cancelHandler,
  getUpgradeHandler,
  listUpgradesHandler,
  startUpgradeHandler,
  terminateHandler,
} from './upgrades.js';

type Handler = (app: App, request: ApiRequest, caller: Caller) => Promise<ApiResponse>;

/**
 * Runs a handler with its deps, for a caller holding `role` (identity.ts: 401 without a principal
 * in entra mode, 403 naming the missing role); an invalid configuration answers 503 (GET
 * /api/health says why).
 */
function withDeps(role: AppRole, handler: Handler): ApiRoute['handle'] {
  return async (load, request) => {
    let app: App;
    try {
      app = load();
    } catch (error) {
      if (errorCodeOf(error) !== 'INVALID_INPUT') throw error;
      return problem(
        503,
        'winshift is not configured correctly; GET /api/health lists the problems',
      );
    }
    const who = authorize(request, app.deps.settings.auth, role);
    return who.ok ? handler(app, request, who.caller) : who.response;
  };
}

const COMMON = {
  401: 'keys mode: no or a wrong function key (the host answers, without a body); entra mode: no valid bearer token (App Service Authentication answers), or no signed-in principal (type unauthenticated).',
  403: 'entra mode: the caller lacks the app role this operation needs (type missing-role; requiredRole names it).',
  500: 'winshift failed; nothing was started.',
};

/** What a start and a dry run answer before anything runs (problem.ts REFUSAL_ANSWERS). */
const CHECKED = {
  400: 'Invalid request (errors name each field).',
  404: 'No such cluster (type cluster-not-found) or pool (type pool-not-found).',
  413: 'Body over 64 KB.',
  422: "A Linux pool (pool-not-windows), a target OS not newer than the pool's (target-os-not-newer), or no newer Windows Server the cluster's Kubernetes version supports (target-os-unsupported).",
  502: "Azure Resource Manager refused winshift's identity the cluster read (azure-refused).",
  503: 'Azure Resource Manager did not answer the cluster read (azure-unavailable; Retry-After).',
  ...COMMON,
  403: `The subscription is not in the allow list (code FORBIDDEN, errors name clusterResourceId), or ${COMMON[403]}`,
};

/** GET /api/fleet: the last fleet scan's report (DESIGN section 3). */
async function fleetHandler(app: App): Promise<ApiResponse> {
  const report = await app.fleetReport();
  if (report !== undefined) return json(200, report);
  return problem(404, 'No fleet scan has completed yet; it runs on WINSHIFT_FLEET_SCAN_SCHEDULE.');
}

export const ROUTES: readonly ApiRoute[] = [
  {
    name: 'createPlan',
    method: 'POST',
    route: 'plans',
    summary: 'Plan an upgrade (dry run): the plan and its blockers, nothing changed.',
    body: planBody,
    responses: {
      200: 'The plan (state Completed: executable; Blocked: see blockers, a taken newPoolName too).',
      202: 'Planning takes longer: poll the status URL.',
      ...CHECKED,
    },
    role: 'Winshift.Operate',
    handle: withDeps('Winshift.Operate', planHandler),
  },
  {
    name: 'getPlanPatches',
    method: 'GET',
    route: 'plans/{id}/patches',
    summary:
      "A stored plan's change to each workload (a dry run's plan-... or an upgrade's upg-...), as patches to commit to the repository Flux, Argo CD or Helm applies: YAML strategic merge patches, or JSON with both those and RFC 6902 patches.",
    params: instanceParams,
    query: patchesQuery,
    produces: ['application/yaml', 'application/json'],
    responses: {
      200: 'application/yaml: one document per workload, each after a comment naming the workload and its suggested file; application/json: {id, sourcePool, targetPool, targetOsSku, files: [{title, path, jsonPatchPath, workload, managedBy?, strategicMerge, jsonPatch, target, notes?}]}.',
      400: 'Malformed id, or a bad format or managed (errors name the field).',
      404: 'No such plan or upgrade, or no stored plan.',
      ...COMMON,
    },
    role: 'Winshift.Read',
    handle: withDeps('Winshift.Read', planPatchesHandler),
  },
  {
    name: 'startUpgrade',
    method: 'POST',
    route: 'upgrades',
    summary: 'Start the upgrade of a Windows node pool.',
    body: upgradeStartBody,
    responses: {
      202: "Started: id and status, approve and cancel URLs (Location: the status URL); previousRun: the pool's last run, when it had one.",
      ...CHECKED,
      409: 'An upgrade of this pool is running (instanceId names it), or newPoolName is already a pool of the cluster (type pool-name-taken).',
    },
    role: 'Winshift.Operate',
    handle: withDeps('Winshift.Operate', startUpgradeHandler),
  },
  {
    name: 'listUpgrades',
    method: 'GET',
    route: 'upgrades',
    summary: 'List upgrades, filtered and paged.',
    query: listQuery,
    responses: {
      200: 'A page of upgrades; `next` when there are more.',
      400: 'Invalid filter.',
      ...COMMON,
    },
    role: 'Winshift.Read',
    handle: withDeps('Winshift.Read', listUpgradesHandler),
  },
  {
    name: 'getUpgrade',
    method: 'GET',
    route: 'upgrades/{id}',
    summary: 'The status of an upgrade: phase, steps, plan and per-workload progress.',
    params: instanceParams,
    responses: { 200: 'The upgrade.', 400: 'Malformed id.', 404: 'No such upgrade.', ...COMMON },
    role: 'Winshift.Read',
    handle: withDeps('Winshift.Read', getUpgradeHandler),
  },
  {
    name: 'approveUpgrade',
    method: 'POST',
    route: 'upgrades/{id}/approve',
    summary: 'Approve the deletion of the old pool (at the approval gate).',
    params: instanceParams,
    responses: {
      202: 'Approval sent.',
      400: 'Malformed id.',
      404: 'No such upgrade.',
      409: 'Not running, or not awaiting approval.',
      ...COMMON,
      403: `The approver started this run while approval separation is on (type approval-separation; startedBy names who started it), or ${COMMON[403]}`,
    },
    role: 'Winshift.Approve',
    handle: withDeps('Winshift.Approve', approveHandler),
  },
  {
    name: 'cancelUpgrade',
    method: 'POST',
    route: 'upgrades/{id}/cancel',
    summary: 'Cancel: roll back to the old pool.',
    params: instanceParams,
    body: cancelBody,
    bodyOptional: true,
    responses: {
      202: 'Cancel sent; the upgrade rolls back.',
      400: 'Malformed id, or an invalid reason.',
      404: 'No such upgrade.',
      409: 'Not running.',
      ...COMMON,
    },
    role: 'Winshift.Operate',
    handle: withDeps('Winshift.Operate', cancelHandler),
  },
  {
    name: 'terminateUpgrade',
    method: 'POST',
    route: 'upgrades/{id}/terminate',
    summary:
      'Terminate a stuck run: no rollback; the row records Terminated and what the run left.',
    params: instanceParams,
    body: terminateBody,
    responses: {
      202: 'Terminated: state Terminated and lastError {code TERMINATED, message "<reason>; left: ..."}.',
      400: 'Malformed id, or a missing, empty, long or unknown field in the body.',
      404: 'No such upgrade.',
      409: 'Not running.',
      ...COMMON,
    },
    role: 'Winshift.Operate',
    handle: withDeps('Winshift.Operate', terminateHandler),
  },
  {
    name: 'getUpgradeAudit',
    method: 'GET',
    route: 'upgrades/{id}/audit',
    summary:
      "A run's audit trail, oldest first: each request (start, approve, cancel, terminate: who, when, through which entry point, why) and each write winshift made (ARM PUT/PATCH/DELETE, role assignments, Key Vault access policies, Kubernetes patches, cordons, evictions, deletions), appended `attempted` before it was tried and completed `done` or `failed` (with the error code) after.",
    params: instanceParams,
    query: runAuditQuery,
    produces: ['application/json', 'text/csv'],
    responses: {
      200: 'application/json: {id, runId, entries: [{id, at, runId, instanceId, clusterResourceId, kind, operation, target, actor?, entryPoint?, reason?, activity?, outcome, completedAt?, errorCode?, beforeSha256?, changeSha256?, afterSha256?}]}; text/csv (format=csv): the same, one row per entry after a header row (RFC 4180).',
      400: 'Malformed id, or a bad format or runId.',
      404: 'No such upgrade, or no audit of that run.',
      ...COMMON,
    },
    role: 'Winshift.Read',
    handle: withDeps('Winshift.Read', runAuditHandler),
  },
  {
    name: 'listAudit',
    method: 'GET',
    route: 'audit',
    summary:
      "Every run's audit entries from a time on, oldest first, filtered by cluster and actor, paged.",
    query: auditListQuery,
    responses: {
      200: 'A page: {items: [entries, as GET /api/upgrades/{id}/audit], continuationToken?, next?}.',
      400: 'Invalid filter, or a continuationToken not from a previous page.',
      ...COMMON,
    },
    role: 'Winshift.Read',
    handle: withDeps('Winshift.Read', auditListHandler),
  },
  {
    name: 'health',
    method: 'GET',
    route: 'health',
    summary: 'Configuration valid and storage reachable.',
    responses: {
      200: 'Healthy.',
      503: 'Not ready: problems lists why.',
      401: COMMON[401],
      403: COMMON[403],
    },
    role: 'Winshift.Read',
    handle: (load, request) => healthHandler(load, request),
  },
  {
    name: 'openApi',
    method: 'GET',
    route: 'openapi.json',
    summary: 'This document.',
    anonymous: true,
    responses: { 200: 'The OpenAPI 3.1 document.' },
    handle: (_load, request) => Promise.resolve(json(200, openApiDocument(ROUTES, request.url))),
  },
  {
    name: 'getFleet',
    method: 'GET',
    route: 'fleet',
    summary: 'The last fleet scan: Windows pools classified by the OS retirement calendar.',
    responses: {
      200: 'The report: summary counts, per-subscription figures, one entry per Windows pool.',
      404: 'No fleet scan has completed yet.',
      ...COMMON,
    },
    role: 'Winshift.Read',
    handle: withDeps('Winshift.Read', fleetHandler),
  },
];
