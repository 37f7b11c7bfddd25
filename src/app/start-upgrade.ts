/**
 * The one start path of an upgrade (DESIGN section 3): HTTP, the fleet scan and AKS events all come
 * here, so the request is validated the same way and a second start of a pool being upgraded is
 * refused the same way.
 */
import { errorCodeOf, messageWithoutCode } from '../domain/errors.js';
import { isActive } from '../domain/runtime-status.js';
import type { StartedBy } from '../domain/upgrade-state.js';
import type { UpgradeRecord } from '../ports/store.js';
import {
  CURRENT_UPGRADE_VERSION,
  ORCHESTRATOR,
  type UpgradeRequest,
} from '../workflow/contracts/index.js';
import type { AppDeps, AppSettings } from './deps.js';
import { planInstanceId, runIdOf, upgradeInstanceId } from './ids.js';
import { parseStartBody, subscriptionOf, type FieldError } from './requests.js';

export type { StartedBy };

/** A request that was not started: invalid (400) or outside the allow list (403). */
export interface Refused {
  readonly outcome: 'refused';
  readonly code: 'INVALID_INPUT' | 'FORBIDDEN';
  readonly message: string;
  readonly errors: readonly FieldError[];
}

export type StartUpgradeResult =
  | { readonly outcome: 'started'; readonly instanceId: string; readonly request: UpgradeRequest }
  /** A run of this pool is still going: nothing was started (the 409). */
  | { readonly outcome: 'running'; readonly instanceId: string }
  | Refused;

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

/**
 * Validates `body` (the POST /api/upgrades body; defaults filled in), checks the allow list, then
 * starts `upgradeWindowsPool` under the pool's id and records the upgrades row. A start with
 * `options.dryRun` runs under a plan id and records no row.
 */
export async function startUpgrade(
  deps: Pick<AppDeps, 'client' | 'store' | 'settings' | 'now'>,
  body: unknown,
  startedBy: StartedBy,
): Promise<StartUpgradeResult> {
  const parsed = parseStartBody(body);
  if (!parsed.ok) {
    return {
      outcome: 'refused',
      code: 'INVALID_INPUT',
      message: parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; '),
      errors: parsed.errors,
    };
  }
  const { clusterResourceId, poolName, options } = parsed.value;
  const forbidden = forbiddenSubscription(deps.settings.subscriptions, clusterResourceId);
  if (forbidden !== undefined) {
    return {
      outcome: 'refused',
      code: 'FORBIDDEN',
      message: forbidden.message,
      errors: [forbidden],
    };
  }
  const now = deps.now();
  const request = upgradeRequestOf(
    deps.settings,
    { clusterResourceId, poolName, options, runId: runIdOf(now) },
    startedBy,
  );
  if (options.dryRun) {
    const instanceId = planInstanceId(clusterResourceId, poolName, now);
    await deps.client.startNew(ORCHESTRATOR.upgrade, instanceId, request);
    return { outcome: 'started', instanceId, request };
  }
  const instanceId = upgradeInstanceId(clusterResourceId, poolName);
  const current = await deps.client.getStatus(instanceId);
  if (current !== undefined && isActive(current.runtimeStatus))
    return { outcome: 'running', instanceId };
  // The row is written before the start so the orchestrator's own records keep this run's createdAt
  // (a pool upgraded again reuses its id and row).
  const previous = await deps.store.getUpgrade(instanceId);
  const row: UpgradeRecord = {
    instanceId,
    clusterResourceId,
    poolName,
    ...(options.targetOsSku !== undefined ? { targetOsSku: options.targetOsSku } : {}),
    ...(options.newPoolName !== undefined ? { newPoolName: options.newPoolName } : {}),
    state: 'Planning',
    startedBy,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await deps.store.upsertUpgrade(row);
  let started: 'started' | 'running';
  try {
    started = await deps.client.startNew(ORCHESTRATOR.upgrade, instanceId, request);
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
    await deps.store.upsertUpgrade(previous ?? failed).catch(() => undefined);
    throw error;
  }
  if (started === 'running') {
    // Another start won the race between our status check and the start: put its row back.
    if (previous !== undefined) await deps.store.upsertUpgrade(previous);
    return { outcome: 'running', instanceId };
  }
  return { outcome: 'started', instanceId, request };
}

/** The orchestration input of a validated request: the settings' poll pacing carried along. */
export function upgradeRequestOf(
  settings: Pick<AppSettings, 'pollPacing'>,
  body: Pick<UpgradeRequest, 'clusterResourceId' | 'poolName' | 'options' | 'runId'>,
  startedBy: StartedBy,
): UpgradeRequest {
  const { pollPacing } = settings;
  return {
    clusterResourceId: body.clusterResourceId,
    poolName: body.poolName,
    options: body.options,
    startedBy,
    version: CURRENT_UPGRADE_VERSION,
    ...(body.runId !== undefined ? { runId: body.runId } : {}),
    ...(pollPacing ? { timing: { ...pollPacing } } : {}),
  };
}
