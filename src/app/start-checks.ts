/**
 * What a start (and a dry run) checks before it writes or starts anything: the cluster and its pools
 * from ONE ARM read, judged by the domain's rules (domain/start-check.ts), and, for the automatic
 * starts, how the pool's last run ended.
 */
import type { ClusterFacts } from '../domain/azure-facts.js';
import { errorCodeOf } from '../domain/errors.js';
import { startCheck } from '../domain/start-check.js';
import {
  isAutomaticStart,
  NEEDS_A_PERSON,
  type StartedBy,
  type UpgradeState,
} from '../domain/upgrade-state.js';
import type { UpgradeRecord } from '../ports/store.js';
import type { AppDeps } from './deps.js';
import { refusal, type Refused } from './refusal.js';

export interface StartTarget {
  readonly clusterResourceId: string;
  readonly poolName: string;
  readonly options: { readonly targetOsSku?: string; readonly newPoolName?: string };
}

/**
 * Reads the cluster once and refuses a request that cannot run: no such cluster or pool, a Linux
 * pool, no newer Windows Server for it, or (starts only) a new pool name the cluster already has. A
 * failed read refuses too (nothing is started on a guess); failures other than NOT_FOUND, TRANSIENT,
 * FORBIDDEN and UNAUTHORIZED are winshift's own and are thrown.
 */
export async function checkCluster(
  deps: Pick<AppDeps, 'aks' | 'settings' | 'now'>,
  target: StartTarget,
  { checkNewPoolName }: { readonly checkNewPoolName: boolean },
): Promise<Refused | undefined> {
  let cluster: ClusterFacts;
  try {
    cluster = await deps.aks.getCluster(target.clusterResourceId);
  } catch (error) {
    return readRefusal(error, target.clusterResourceId);
  }
  const found = startCheck({
    cluster,
    poolName: target.poolName,
    ...(target.options.targetOsSku !== undefined
      ? { targetOsSku: target.options.targetOsSku }
      : {}),
    ...(target.options.newPoolName !== undefined
      ? { newPoolName: target.options.newPoolName }
      : {}),
    calendar: deps.settings.calendar,
    now: deps.now(),
    checkNewPoolName,
  });
  return found && refusal(found.reason, found.code, [{ path: found.path, message: found.message }]);
}

function readRefusal(error: unknown, clusterResourceId: string): Refused {
  const code = errorCodeOf(error);
  const path = 'clusterResourceId';
  switch (code) {
    case 'NOT_FOUND':
      return refusal('clusterNotFound', code, [
        { path, message: `Azure has no AKS cluster ${clusterResourceId}` },
      ]);
    case 'TRANSIENT':
      return refusal('azureUnavailable', code, [
        {
          path,
          message:
            'Azure Resource Manager did not answer the read of the cluster; nothing was started, try again later',
        },
      ]);
    case 'FORBIDDEN':
    case 'UNAUTHORIZED':
      return refusal('azureRefused', code, [
        {
          path,
          message: `Azure Resource Manager refused winshift's identity the read of the cluster (${code}); nothing was started: check the identity's role in that subscription`,
        },
      ]);
    default:
      throw error;
  }
}

/** What the pool's last run left, as its upgrades row tells (the 202 of a start shows it). */
export interface PreviousRun {
  readonly state: UpgradeState;
  readonly lastError?: { readonly code: string; readonly message: string };
  /** When the run last recorded its state (its end, for a run that ended). */
  readonly endedAt: string;
}

export function previousRunOf(row: UpgradeRecord): PreviousRun {
  return {
    state: row.state,
    ...(row.lastError ? { lastError: row.lastError } : {}),
    endedAt: row.updatedAt,
  };
}

/**
 * The fleet scan and AKS events never start a pool again whose last run ended Failed (a failed
 * rollback included) or Terminated: what it left needs a person first. An explicit start may.
 */
export function previousRunRefusal(
  previous: UpgradeRecord | undefined,
  startedBy: StartedBy,
): Refused | undefined {
  if (previous === undefined || !isAutomaticStart(startedBy)) return undefined;
  if (!NEEDS_A_PERSON.includes(previous.state)) return undefined;
  const error = previous.lastError ? ` (${previous.lastError.code})` : '';
  return refusal('previousRunFailed', 'PREVIOUS_RUN_FAILED', [
    {
      path: 'poolName',
      message: `the last run of pool ${previous.poolName} ended ${previous.state}${error} at ${previous.updatedAt}; only an explicit start (POST /api/upgrades) runs it again`,
    },
  ]);
}
