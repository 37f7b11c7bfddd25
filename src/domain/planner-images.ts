/**
 * Per-container image decisions (containers AND initContainers): the tag rule and the user map say
 * what each image becomes; the registry then has the last word, so every image the new pool would
 * run is looked up and must have a variant the target host can run.
 */
import { hasRunnableVariant } from './image-variants.js';
import { decideImage, type ImageDecision, type ImageMap } from './images.js';
import type { OsSku } from './os.js';
import type { Blocker, ImageChange } from './plan.js';
import type { ImageLookupFact } from './planner-facts.js';
import type { ContainerInfo, WorkloadInfo } from './kube-objects.js';
import { workloadKey } from './workload-ref.js';

interface ContainerSlot {
  readonly container: ContainerInfo;
  readonly init: boolean;
  /** Its position in its list. */
  readonly index: number;
}

function slotsOf(workload: WorkloadInfo): ContainerSlot[] {
  return [
    ...workload.containers.map((container, index) => ({ container, init: false, index })),
    ...workload.initContainers.map((container, index) => ({ container, init: true, index })),
  ];
}

/** The reference the registry must confirm, or undefined when the decision already refuses it. */
function candidateOf(decision: ImageDecision): string | undefined {
  return decision.action === 'incompatible' ? undefined : decision.image;
}

/** Every distinct image reference the plan needs looked up, sorted. */
export function imagesToLookUp(
  workloads: readonly WorkloadInfo[],
  target: OsSku,
  imageMap: ImageMap,
): string[] {
  const images = new Set<string>();
  for (const workload of workloads) {
    for (const { container } of slotsOf(workload)) {
      const candidate = candidateOf(decideImage(container.image, target, imageMap));
      if (candidate !== undefined) images.add(candidate);
    }
  }
  return [...images].sort();
}

export interface WorkloadImages {
  /** Only containers whose image changes. */
  readonly changes: readonly ImageChange[];
  /** Every image the workload runs on the new pool (the pre-pull list). */
  readonly images: readonly string[];
  readonly blockers: readonly Blocker[];
}

function registryProblem(
  target: OsSku,
  lookup: ImageLookupFact | undefined,
): Pick<Blocker, 'code' | 'message'> | undefined {
  if (lookup === undefined || lookup.status === 'missing')
    return { code: 'IMAGE_UNRESOLVED', message: 'the registry has no such image' };
  if (lookup.status === 'refused')
    return {
      code: 'REGISTRY_REFUSED',
      message: `winshift refuses to contact its registry: ${lookup.reason}`,
    };
  if (lookup.status === 'unreadable')
    return {
      code: 'IMAGE_UNRESOLVED',
      message: `the registry could not be read: ${lookup.reason}`,
    };
  const verdict = hasRunnableVariant(target, lookup.variants);
  return verdict.runnable ? undefined : { code: 'IMAGE_INCOMPATIBLE', message: verdict.reason };
}

/** The image plan of one workload against the registry lookups. */
export function planWorkloadImages(
  workload: WorkloadInfo,
  target: OsSku,
  imageMap: ImageMap,
  lookups: Readonly<Record<string, ImageLookupFact>>,
): WorkloadImages {
  const changes: ImageChange[] = [];
  const images: string[] = [];
  const blockers: Blocker[] = [];
  for (const { container, init, index } of slotsOf(workload)) {
    const where = `${workloadKey(workload)} ${init ? 'initContainer' : 'container'} ${container.name}`;
    const decision = decideImage(container.image, target, imageMap);
    const candidate = candidateOf(decision);
    if (candidate === undefined) {
      const message = `${where}: ${decision.reason}`;
      blockers.push({ code: 'IMAGE_INCOMPATIBLE', message, subject: container.image });
      continue;
    }
    const problem = registryProblem(target, lookups[candidate]);
    if (problem !== undefined) {
      const from = candidate === container.image ? '' : ` (rewritten from ${container.image})`;
      blockers.push({
        ...problem,
        message: `${where}${from}: ${problem.message}`,
        subject: candidate,
      });
      continue;
    }
    images.push(candidate);
    if (candidate !== container.image)
      changes.push({
        container: container.name,
        init,
        from: container.image,
        to: candidate,
        index,
      });
  }
  return { changes, images, blockers };
}
