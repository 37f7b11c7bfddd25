/**
 * Whether an upgrade can start at all, judged from the cluster as ARM lists it (one read): the pool
 * exists and runs Windows, a newer Windows Server fits the cluster's Kubernetes version (the planner's
 * own rule, target-sku.ts), and the requested new pool name is free. A request that fails here is
 * refused before anything is written or started; the plan (step 0) checks the rest.
 */
import type { ClusterFacts } from './azure-facts.js';
import type { RetirementCalendar } from './calendar.js';
import type { ErrorCode } from './errors.js';
import { poolNameTaken } from './naming.js';
import { isOsSku, isWindowsOsType } from './os.js';
import { chooseTargetSku } from './target-sku.js';

/** Why a start is refused; each has its own answer (src/api maps them to HTTP statuses). */
export type StartCheckReason =
  'poolNotFound' | 'poolNotWindows' | 'targetNotNewer' | 'targetUnsupported' | 'poolNameTaken';

export interface StartCheckRefusal {
  readonly reason: StartCheckReason;
  readonly code: ErrorCode;
  /** The request field it is about (`poolName`, `options.targetOsSku`, ...). */
  readonly path: string;
  readonly message: string;
}

export interface StartCheckInput {
  readonly cluster: Pick<ClusterFacts, 'name' | 'kubernetesVersion' | 'pools'>;
  readonly poolName: string;
  readonly targetOsSku?: string;
  readonly newPoolName?: string;
  readonly calendar: RetirementCalendar;
  readonly now: Date;
  /**
   * A taken `newPoolName` refuses a start; a dry run shows it as a blocker of its plan instead
   * (POOL_EXISTS), with whatever else stands in the way.
   */
  readonly checkNewPoolName: boolean;
}

/** The first reason the request cannot start, or undefined when it may. */
export function startCheck(input: StartCheckInput): StartCheckRefusal | undefined {
  const { cluster, poolName } = input;
  const pool = cluster.pools.find((p) => p.name.toLowerCase() === poolName.toLowerCase());
  if (pool === undefined) {
    const names = cluster.pools.map((p) => p.name).join(', ') || 'none';
    return {
      reason: 'poolNotFound',
      code: 'NOT_FOUND',
      path: 'poolName',
      message: `cluster ${cluster.name} has no pool ${poolName} (its pools: ${names})`,
    };
  }
  if (!isWindowsOsType(pool.osType)) {
    return {
      reason: 'poolNotWindows',
      code: 'INVALID_INPUT',
      path: 'poolName',
      message: `pool ${pool.name} runs ${pool.osType}, not Windows: winshift upgrades Windows pools only`,
    };
  }
  const target = targetRefusal(input, pool.osSku);
  if (target !== undefined) return target;
  const { newPoolName } = input;
  if (
    input.checkNewPoolName &&
    newPoolName !== undefined &&
    poolNameTaken(
      newPoolName,
      cluster.pools.map((p) => p.name),
    )
  ) {
    return {
      reason: 'poolNameTaken',
      code: 'POOL_EXISTS',
      path: 'options.newPoolName',
      message: `cluster ${cluster.name} already has a pool ${newPoolName}: choose another newPoolName or leave it out`,
    };
  }
  return undefined;
}

/**
 * The target OS rule of the plan (chooseTargetSku). A pool without a known `osSKU` (an old pool that
 * predates the property) is left to the plan, which reads its nodes' labels.
 */
function targetRefusal(
  input: StartCheckInput,
  sourceSku: string | undefined,
): StartCheckRefusal | undefined {
  if (!isOsSku(sourceSku)) return undefined;
  const choice = chooseTargetSku(
    {
      sourceSku,
      kubernetesVersion: input.cluster.kubernetesVersion,
      now: input.now,
      ...(input.targetOsSku !== undefined ? { requested: input.targetOsSku } : {}),
    },
    input.calendar,
  );
  if (choice.ok) return undefined;
  const path = input.targetOsSku !== undefined ? 'options.targetOsSku' : 'poolName';
  return choice.code === 'OS_SKU_UNSUPPORTED'
    ? { reason: 'targetUnsupported', code: choice.code, path, message: choice.reason }
    : { reason: 'targetNotNewer', code: choice.code, path, message: choice.reason };
}
