/**
 * The one start path of an upgrade (DESIGN section 3): HTTP, the fleet scan and AKS events all come
 * here, so the request is validated and checked against the cluster the same way, and a second start
 * of a pool being upgraded is refused the same way. Nothing is written or started for a refusal.
 */
import { errorCodeOf, messageWithoutCode } from '../domain/errors.js';
import { actorRecord, type Actor } from '../domain/identity.js';
import { isActive } from '../domain/runtime-status.js';
import type { StartedBy } from '../domain/upgrade-state.js';
import type { UpgradeRecord } from '../ports/store.js';
import {
  CURRENT_UPGRADE_VERSION,
  ORCHESTRATOR,
  type UpgradeRequest,
} from '../workflow/contracts/index.js';
import type { AppDeps, AppSettings } from './deps.js';
import { auditedRequest, requesterOf } from './audit.js';
import { takeCluster } from './cluster-lock.js';
import { planInstanceId, runIdOf, upgradeInstanceId } from './ids.js';
import { refusal, type Refused } from './refusal.js';
import {
  parseStartBody,
  subscriptionOf,
  type FieldError,
  type Parsed,
  type UpgradeStartBody,
} from './requests.js';
import {
  checkCluster,
  previousRunOf,
  previousRunRefusal,
  type PreviousRun,
} from './start-checks.js';

export type { StartedBy, Refused, PreviousRun };

export type StartUpgradeResult =
  | {
      readonly outcome: 'started';
      readonly instanceId: string;
      readonly request: UpgradeRequest;
      /** The pool's earlier run, as its row tells (an explicit start after a failure shows it). */
      readonly previousRun?: PreviousRun;
    }
  /** A run of this pool is still going: nothing was started (the 409). */
  | { readonly outcome: 'running'; readonly instanceId: string }
  | Refused;

export type StartDeps = Pick<AppDeps, 'client' | 'store' | 'locks' | 'settings' | 'now' | 'aks'> &
  Partial<Pick<AppDeps, 'audit' | 'log'>>;

/** The allow list check (403): only configured subscriptions are ever touched. */
export function forbiddenSubscription(
  allowed: readonly string[],
  clusterResourceId: string,
): FieldError | undefined {
  const subscription = subscriptionOf(clusterResourceId);
  if (subscription !== undefined && allowed.includes(subscription)) return undefined;
  return {
    path: 'clusterResourceId',
    message: `subscription ${subscription ?? '(none)'} is not in WINSHIFT_SUBSCRIPTIONS`,
  };
}

/** The body checked (400) and its subscription against the allow list (403), before any read. */
export function validRequest<T extends { readonly clusterResourceId: string }>(
  parsed: Parsed<T>,
  settings: Pick<AppSettings, 'subscriptions'>,
): { readonly ok: true; readonly value: T } | { readonly ok: false; readonly refused: Refused } {
  if (!parsed.ok) return { ok: false, refused: refusal('invalid', 'INVALID_INPUT', parsed.errors) };
  const forbidden = forbiddenSubscription(settings.subscriptions, parsed.value.clusterResourceId);
  if (forbidden !== undefined)
    return { ok: false, refused: refusal('forbidden', 'FORBIDDEN', [forbidden]) };
  return parsed;
}

/**
 * Validates `body` (the POST /api/upgrades body; defaults filled in), checks the allow list, refuses a
 * pool being upgraded, an automatic restart after a failure and what the cluster rules out, then
 * records the upgrades row (with who started the run: the caller, or the app itself for the fleet
 * scan and AKS events) and starts `upgradeWindowsPool` under the pool's id. A start with
 * `options.dryRun` runs under a plan id and records no row.
 */
export async function startUpgrade(
  deps: StartDeps,
  body: unknown,
  startedBy: StartedBy,
  by?: Actor,
): Promise<StartUpgradeResult> {
  const valid = validRequest(parseStartBody(body), deps.settings);
  if (!valid.ok) return valid.refused;
  const { clusterResourceId, poolName, options } = valid.value;
  const now = deps.now();
  const request = upgradeRequestOf(
    deps.settings,
    { clusterResourceId, poolName, options, runId: runIdOf(now) },
    startedBy,
  );
  if (options.dryRun) {
    const refused = await checkCluster(deps, valid.value, { checkNewPoolName: false });
    if (refused !== undefined) return refused;
    const instanceId = planInstanceId(clusterResourceId, poolName, now);
    await deps.client.startNew(ORCHESTRATOR.upgrade, instanceId, request);
    return { outcome: 'started', instanceId, request };
  }
  const instanceId = upgradeInstanceId(clusterResourceId, poolName);
  // Audited from here: a dry run changes nothing, a request refused above named nothing to start.
  const requester = requesterOf(startedBy, by);
  return auditedRequest(
    deps,
    {
      operation: 'start',
      runId: request.runId ?? instanceId,
      instanceId,
      clusterResourceId,
      requester,
    },
    () =>
      startRun(deps, valid.value, request, {
        instanceId,
        startedBy,
        now,
        ...(requester.actor ? { starter: requester.actor } : {}),
      }),
    (result) =>
      result.outcome === 'started'
        ? undefined
        : result.outcome === 'running'
          ? 'ALREADY_RUNNING'
          : result.code,
  );
}

/** A start past validation: the refusals that need a read, the row, the orchestration. */
async function startRun(
  deps: StartDeps,
  body: UpgradeStartBody,
  request: UpgradeRequest,
  run: {
    readonly instanceId: string;
    readonly startedBy: StartedBy;
    readonly now: Date;
    /** Who started the run (the caller, or winshift for its own starts), recorded on its row. */
    readonly starter?: Actor;
  },
): Promise<StartUpgradeResult> {
  const { clusterResourceId, poolName, options } = body;
  const { instanceId, startedBy, now, starter } = run;
  const current = await deps.client.getStatus(instanceId);
  if (current !== undefined && isActive(current.runtimeStatus))
    return { outcome: 'running', instanceId };
  const previous = await deps.store.getUpgrade(instanceId);
  const refused =
    previousRunRefusal(previous, startedBy) ??
    (await checkCluster(deps, body, { checkNewPoolName: true }));
  if (refused !== undefined) return refused;
  const busy = await takeCluster(deps, clusterResourceId, { instanceId, poolName });
  if (busy !== undefined) return busy;
  // The row is written before the start so the orchestrator's own records keep this run's createdAt
  // (a pool upgraded again reuses its id and row).
  const row: UpgradeRecord = {
    instanceId,
    ...(request.runId !== undefined ? { runId: request.runId } : {}),
    clusterResourceId,
    poolName,
    ...(options.targetOsSku !== undefined ? { targetOsSku: options.targetOsSku } : {}),
    ...(options.newPoolName !== undefined ? { newPoolName: options.newPoolName } : {}),
    state: 'Planning',
    startedBy,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    actors: starter ? { started: actorRecord(starter, now.toISOString()) } : {},
  };
  const started = await startWithRow(deps, row, previous, request);
  if (started === 'running') return { outcome: 'running', instanceId };
  return {
    outcome: 'started',
    instanceId,
    request,
    ...(previous ? { previousRun: previousRunOf(previous) } : {}),
  };
}

/** Writes the row, then starts; puts the earlier row back when the start does not happen. */
async function startWithRow(
  deps: StartDeps,
  row: UpgradeRecord,
  previous: UpgradeRecord | undefined,
  request: UpgradeRequest,
): Promise<'started' | 'running'> {
  await deps.store.upsertUpgrade(row);
  let started: 'started' | 'running';
  try {
    started = await deps.client.startNew(ORCHESTRATOR.upgrade, row.instanceId, request);
  } catch (error) {
    // Nothing started: the listing must not show this run as Planning. The earlier run's row comes
    // back; a first run's row says the start failed. Best effort: the start's error is what matters.
    const failed: UpgradeRecord = {
      ...row,
      state: 'Failed',
      lastError: {
        code: errorCodeOf(error),
        message: `the start failed: ${messageWithoutCode(error instanceof Error ? error.message : String(error))}`,
      },
    };
    // The earlier row comes back whole: its actors too (the new row cleared them).
    const restored = previous ? { ...previous, actors: previous.actors ?? {} } : failed;
    await deps.store.upsertUpgrade(restored).catch(() => undefined);
    throw error;
  }
  // Another start won the race between our status check and the start: put its row back.
  if (started === 'running' && previous !== undefined)
    await deps.store.upsertUpgrade({ ...previous, actors: previous.actors ?? {} });
  return started;
}

/**
 * The orchestration input of a validated request: the settings' poll pacing carried along, and the
 * managed-workloads policy of the settings where the request does not say (the plan records it).
 */
export function upgradeRequestOf(
  settings: Pick<AppSettings, 'pollPacing' | 'managedWorkloads'>,
  body: Pick<UpgradeRequest, 'clusterResourceId' | 'poolName' | 'options' | 'runId'>,
  startedBy: StartedBy,
): UpgradeRequest {
  const { pollPacing } = settings;
  return {
    clusterResourceId: body.clusterResourceId,
    poolName: body.poolName,
    options: {
      ...body.options,
      managedWorkloads: body.options.managedWorkloads ?? settings.managedWorkloads,
    },
    startedBy,
    version: CURRENT_UPGRADE_VERSION,
    ...(body.runId !== undefined ? { runId: body.runId } : {}),
    ...(pollPacing ? { timing: { ...pollPacing } } : {}),
  };
}
