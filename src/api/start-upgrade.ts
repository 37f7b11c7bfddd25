/**
 * The one start path of an upgrade (DESIGN section 3): HTTP, the fleet scan and AKS events all come
 * here, so the request is validated the same way and a second start of a pool being upgraded is
 * refused the same way. Keep this signature stable: src/fleet and src/events call it.
 */
import { errorCodeOf, messageWithoutCode } from '../domain/errors.js';
import { sha256Hex } from '../domain/hash.js';
import type { UpgradeRecord } from '../ports/store.js';
import { ORCHESTRATOR, type UpgradeRequest } from '../workflow/contracts.js';
import { isActive } from './client.js';
import type { ApiDeps } from './deps.js';
import { parseStartBody, subscriptionOf, type FieldError } from './schemas.js';

export type StartedBy = UpgradeRequest['startedBy'];

export type StartUpgradeResult =
  | { readonly outcome: 'started'; readonly instanceId: string; readonly request: UpgradeRequest }
  /** A run of this pool is still going: nothing was started (the 409). */
  | { readonly outcome: 'running'; readonly instanceId: string }
  | {
      readonly outcome: 'refused';
      readonly code: 'INVALID_INPUT' | 'FORBIDDEN';
      readonly message: string;
      readonly errors: readonly FieldError[];
    };

/** 32 hex of SHA-256 over the lower-cased cluster id and the pool: one id per pool, no `/`. */
export function poolKey(clusterResourceId: string, poolName: string): string {
  return sha256Hex(`${clusterResourceId.toLowerCase()}/${poolName.toLowerCase()}`).slice(0, 32);
}

/** The upgrade's instance id: the same for every start of one pool, so the host refuses a second. */
export function upgradeInstanceId(clusterResourceId: string, poolName: string): string {
  return `upg-${poolKey(clusterResourceId, poolName)}`;
}

/** A dry run's id: its own per request, so planning never blocks (or is blocked by) an upgrade. */
export function planInstanceId(clusterResourceId: string, poolName: string, now: Date): string {
  return `plan-${poolKey(clusterResourceId, poolName)}-${now.getTime().toString(36)}`;
}

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
  deps: Pick<ApiDeps, 'client' | 'store' | 'config' | 'now'>,
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
  const forbidden = forbiddenSubscription(deps.config.subscriptions, clusterResourceId);
  if (forbidden !== undefined) {
    return {
      outcome: 'refused',
      code: 'FORBIDDEN',
      message: forbidden.message,
      errors: [forbidden],
    };
  }
  const { pollPacing } = deps.config;
  const request: UpgradeRequest = {
    clusterResourceId,
    poolName,
    options,
    startedBy,
    ...(pollPacing ? { timing: { ...pollPacing } } : {}),
  };
  const now = deps.now();
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
