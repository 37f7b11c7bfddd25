/**
 * The planner's first decisions: which OS the source pool runs, which OS the new pool gets (and
 * whether the cluster's Kubernetes version allows it), and the new pool's name.
 */
import type { RetirementCalendar } from './calendar.js';
import { WinshiftError } from './errors.js';
import { poolNameProblem, suggestPoolName } from './naming.js';
import {
  buildOf,
  compareOsSku,
  isOsSku,
  isWindowsOsType,
  nextOsSku,
  NODE_LABELS,
  parseOsSku,
  type OsSku,
} from './os.js';
import type { Blocker, UpgradeOptions } from './plan.js';
import type { ReadFacts } from './planner-facts.js';
import { chooseTargetSku } from './target-sku.js';

export interface SourceOs {
  readonly poolName: string;
  readonly osSku: OsSku;
  readonly build: string;
}

/**
 * The source pool's OS: `osSKU` of the pool, or the nodes' os-sku label when ARM leaves it out (older
 * pools created before the property existed). A missing or non-Windows pool cannot be planned at all,
 * so these throw instead of returning a blocker: there is no plan to show.
 */
export function sourceOsOf(facts: ReadFacts): SourceOs {
  const pool = facts.sourcePool;
  const where = `cluster ${facts.cluster.name}`;
  if (pool === undefined)
    throw new WinshiftError('NOT_FOUND', `agent pool ${facts.poolName} was not found in ${where}`);
  const osType = typeof pool.spec['osType'] === 'string' ? pool.spec['osType'] : '';
  if (!isWindowsOsType(osType)) {
    throw new WinshiftError(
      'INVALID_INPUT',
      `agent pool ${pool.name} runs ${osType || 'an unknown OS'}, not Windows`,
    );
  }
  const declared = pool.spec['osSKU'];
  const labelled = facts.nodes.map((n) => n.labels[NODE_LABELS.osSku]).find(isOsSku);
  const osSku = isOsSku(declared) ? declared : labelled;
  if (osSku === undefined) {
    throw new WinshiftError(
      'INVALID_INPUT',
      `agent pool ${pool.name} has osSKU ${String(declared)}: not a Windows Server SKU winshift knows`,
    );
  }
  return { poolName: pool.name, osSku, build: buildOf(osSku) };
}

export interface TargetDecision {
  readonly osSku: OsSku;
  readonly build: string;
  readonly requiresFips: boolean;
  readonly minKubernetes?: string;
  readonly blockers: readonly Blocker[];
}

/**
 * The target OS (requested, or the next supported one). When none fits, the plan still names the
 * SKU the request or the next step would have used, so a dry run shows what else stands in the way,
 * and carries the blocker.
 */
export function decideTarget(
  source: SourceOs,
  facts: ReadFacts,
  options: UpgradeOptions,
  calendar: RetirementCalendar,
): TargetDecision {
  const kubernetesVersion = facts.cluster.kubernetesVersion;
  const choice = chooseTargetSku(
    {
      sourceSku: source.osSku,
      kubernetesVersion,
      now: new Date(facts.readAt),
      ...(options.targetOsSku !== undefined ? { requested: options.targetOsSku } : {}),
    },
    calendar,
  );
  if (choice.ok) {
    return {
      osSku: choice.osSku,
      build: buildOf(choice.osSku),
      requiresFips: choice.requiresFips,
      ...(choice.minKubernetes !== undefined ? { minKubernetes: choice.minKubernetes } : {}),
      blockers: [],
    };
  }
  const requested = options.targetOsSku === undefined ? undefined : parseOsSku(options.targetOsSku);
  const newer = requested !== undefined && compareOsSku(requested, source.osSku) > 0;
  const osSku = (newer ? requested : nextOsSku(source.osSku)) ?? source.osSku;
  const window = calendar[osSku];
  return {
    osSku,
    build: buildOf(osSku),
    requiresFips: window.requiresFips === true,
    ...(window.minKubernetes !== undefined ? { minKubernetes: window.minKubernetes } : {}),
    blockers: [{ code: choice.code, message: choice.reason, subject: `pool ${source.poolName}` }],
  };
}

export interface PoolNameDecision {
  readonly name: string;
  readonly blockers: readonly Blocker[];
}

/** The requested name, checked (form and uniqueness), or a free suggested one. */
export function decidePoolName(
  target: OsSku,
  options: UpgradeOptions,
  facts: ReadFacts,
): PoolNameDecision {
  const existing = facts.cluster.pools.map((p) => p.name);
  const requested = options.newPoolName;
  if (requested === undefined) return { name: suggestPoolName(target, existing), blockers: [] };
  const problem = poolNameProblem(requested, existing);
  if (problem === undefined) return { name: requested, blockers: [] };
  const code = problem.includes('already exists') ? 'POOL_EXISTS' : 'INVALID_INPUT';
  return { name: requested, blockers: [{ code, message: problem, subject: `pool ${requested}` }] };
}
