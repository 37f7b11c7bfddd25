/**
 * A DaemonSet runs one pod template on every node it selects. Narrowed after the drain, it keeps any
 * other Windows pool it ran on (domain/daemonset-placement.ts, issue 12 item 6), but the images are
 * the template's, one per container: when winshift changes them to the target build's, its pods on
 * another pool whose hosts cannot run that build would never start again. Such a DaemonSet cannot be
 * moved as it is: the plan refuses it and says what to do.
 */
import type { PoolSummary } from './azure-facts.js';
import type { WorkloadInfo } from './kube-objects.js';
import { buildOf, hostCanRun, isOsSku, isWindowsOsType, type OsSku } from './os.js';
import type { Blocker, ImageChange } from './plan.js';
import { poolNodeFacts, schedulingProblems } from './placement-check.js';
import type { RuntimeClasses } from './runtime-class.js';
import { workloadKey } from './workload-ref.js';

export interface DaemonSetSpanContext {
  readonly sourcePool: string;
  readonly targetOsSku: OsSku;
  readonly pools: readonly PoolSummary[];
  readonly runtimeClasses: RuntimeClasses;
}

/** The other Windows pools the DaemonSet's template lands on whose hosts cannot run the target build. */
export function poolsLeftBehind(workload: WorkloadInfo, context: DaemonSetSpanContext): string[] {
  const target = buildOf(context.targetOsSku);
  return context.pools
    .filter((p) => p.name !== context.sourcePool && isWindowsOsType(p.osType))
    .flatMap((p) => {
      // A Windows pool without osSKU predates the property: AKS made those Windows Server 2019.
      const sku = p.osSku ?? 'Windows2019';
      return isOsSku(sku) ? [{ name: p.name, sku }] : [];
    })
    .filter(({ sku }) => !hostCanRun(sku, target))
    .filter(({ name, sku }) => {
      const node = poolNodeFacts({ poolName: name, osSku: sku, build: buildOf(sku) });
      return schedulingProblems(workload.placement, node, context.runtimeClasses).length === 0;
    })
    .map(({ name }) => name)
    .sort();
}

export function daemonSetSpanBlockers(
  workload: WorkloadInfo,
  changes: readonly ImageChange[],
  context: DaemonSetSpanContext,
): Blocker[] {
  if (workload.kind !== 'DaemonSet' || changes.length === 0) return [];
  const pools = poolsLeftBehind(workload, context);
  if (pools.length === 0) return [];
  const images = [...new Set(changes.map((c) => c.to))].join(', ');
  return [
    {
      code: 'DAEMONSET_SPANS_POOLS',
      subject: workloadKey(workload),
      message: `the DaemonSet also runs on pool ${pools.join(', ')}, whose hosts cannot run its new images (${images}); a DaemonSet has one image per container: give it images with a variant for every Windows build it runs on (a multi-platform tag), split it per pool, or upgrade ${pools.join(', ')} first`,
    },
  ];
}
