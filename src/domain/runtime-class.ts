/**
 * RuntimeClasses and the move: a RuntimeClass's `scheduling.nodeSelector` is merged into every pod
 * that names it, so a class pinning the old build would keep pods off the new pool whatever the
 * workload's own selector says. Such a class is swapped for one pinning the new build, or the plan
 * refuses the workload (DESIGN step 4).
 */
import { NODE_LABELS, sameBuild } from './os.js';
import type { SourcePool, TargetOs } from './placement.js';
import type { Labels, Toleration } from './scheduling.js';

export interface RuntimeClassFacts {
  readonly handler: string;
  /** `scheduling.nodeSelector` */
  readonly nodeSelector?: Labels;
  /** `scheduling.tolerations` */
  readonly tolerations?: readonly Toleration[];
}

export type RuntimeClasses = Readonly<Record<string, RuntimeClassFacts>>;

export type RuntimeClassDecision =
  | { readonly action: 'keep'; readonly reason: string }
  | { readonly action: 'map'; readonly runtimeClassName: string; readonly reason: string }
  | { readonly action: 'refuse'; readonly reason: string };

function pinsSource(selector: Labels, source: SourcePool): boolean {
  return Object.entries(selector).some(([key, value]) => {
    if (key === NODE_LABELS.windowsBuild) return sameBuild(value, source.build);
    if (key === NODE_LABELS.osSku) return value === source.osSku;
    if (key === NODE_LABELS.agentPool || key === NODE_LABELS.legacyAgentPool) {
      return value === source.poolName;
    }
    return false;
  });
}

function pinsTarget(selector: Labels, target: TargetOs): boolean {
  const build = selector[NODE_LABELS.windowsBuild];
  return (
    (build !== undefined && sameBuild(build, target.build)) ||
    selector[NODE_LABELS.osSku] === target.osSku
  );
}

/** Selector keys other than the OS/pool identity must agree, so the swap changes only the OS pin. */
function sameOtherKeys(a: Labels, b: Labels): boolean {
  const identity: readonly string[] = Object.values(NODE_LABELS);
  const rest = (l: Labels): string =>
    JSON.stringify(
      Object.entries(l)
        .filter(([k]) => !identity.includes(k))
        .sort(([x], [y]) => x.localeCompare(y)),
    );
  return rest(a) === rest(b);
}

/**
 * Decides the RuntimeClass for the moved workload. Candidates use the same handler, pin the target
 * build or OS SKU, and otherwise select the same nodes; the first by name wins so replanning is stable.
 */
export function mapRuntimeClass(
  runtimeClassName: string | undefined,
  runtimeClasses: RuntimeClasses,
  source: SourcePool,
  target: TargetOs,
): RuntimeClassDecision {
  if (runtimeClassName === undefined) return { action: 'keep', reason: 'no RuntimeClass' };
  const current = runtimeClasses[runtimeClassName];
  if (current === undefined) {
    return {
      action: 'refuse',
      reason: `RuntimeClass "${runtimeClassName}" does not exist in the cluster`,
    };
  }
  const selector = current.nodeSelector ?? {};
  if (!pinsSource(selector, source)) {
    return {
      action: 'keep',
      reason: `RuntimeClass "${runtimeClassName}" does not pin the old pool or build`,
    };
  }
  const candidate = Object.entries(runtimeClasses)
    .filter(([, rc]) => rc.handler === current.handler)
    .filter(
      ([, rc]) =>
        pinsTarget(rc.nodeSelector ?? {}, target) && !pinsSource(rc.nodeSelector ?? {}, source),
    )
    .filter(([, rc]) => sameOtherKeys(rc.nodeSelector ?? {}, selector))
    .map(([name]) => name)
    .sort()[0];
  if (candidate === undefined) {
    return {
      action: 'refuse',
      reason: `RuntimeClass "${runtimeClassName}" pins the old build and no RuntimeClass with handler "${current.handler}" pins ${target.osSku} (${target.build}): create one`,
    };
  }
  return {
    action: 'map',
    runtimeClassName: candidate,
    reason: `RuntimeClass "${runtimeClassName}" -> "${candidate}"`,
  };
}
