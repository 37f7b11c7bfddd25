/**
 * A workload's saved original, kept twice (DESIGN step 4): in the store (first write wins) and as the
 * annotation `winshift.io/original` on the object itself, so either survives the loss of the other
 * and a retried patch never mistakes its own patched object for the original.
 */
import { canonicalJson } from '../../domain/hash.js';
import { placementOriginal, type PlacementOriginal } from '../../domain/placement.js';
import type { Placement } from '../../domain/scheduling.js';
import type { WorkloadInfo, WorkloadRef } from '../../ports/kubernetes.js';
import type { UpgradeStore, WorkloadOriginal } from '../../ports/store.js';
import { workloadKey } from '../../domain/workload-ref.js';

export const ORIGINAL_ANNOTATION = 'winshift.io/original';

interface AnnotationBody {
  readonly instanceId: string;
  readonly placement: PlacementOriginal;
  readonly images: Readonly<Record<string, string>>;
  readonly initImages: Readonly<Record<string, string>>;
  readonly updateStrategy?: string;
  readonly savedAt: string;
}

const imageMap = (containers: readonly { name: string; image: string }[]): Record<string, string> =>
  Object.fromEntries(containers.map((c) => [c.name, c.image]));

/** The original as read from an object winshift has not touched. */
export function originalFromLive(workload: WorkloadInfo, savedAt: string): WorkloadOriginal {
  const ref: WorkloadRef = {
    kind: workload.kind,
    namespace: workload.namespace,
    name: workload.name,
  };
  return {
    ref,
    placement: placementOriginal(workload.placement),
    images: imageMap(workload.containers),
    initImages: imageMap(workload.initContainers),
    ...(workload.kind === 'DaemonSet'
      ? { updateStrategy: workload.updateStrategy ?? 'RollingUpdate' }
      : {}),
    savedAt,
  };
}

/** Compact JSON for the annotation (sorted keys, so a rewrite of the same original is a no-op). */
export function encodeAnnotation(original: WorkloadOriginal, instanceId: string): string {
  const body: AnnotationBody = {
    instanceId,
    placement: original.placement,
    images: original.images,
    initImages: original.initImages,
    ...(original.updateStrategy !== undefined ? { updateStrategy: original.updateStrategy } : {}),
    savedAt: original.savedAt,
  };
  return canonicalJson(body);
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The original recorded on the object, or undefined when absent or unreadable. */
export function originalFromAnnotation(workload: WorkloadInfo): WorkloadOriginal | undefined {
  const text = workload.annotations[ORIGINAL_ANNOTATION];
  if (text === undefined) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(body) || !isRecord(body['placement']) || !isRecord(body['images']))
    return undefined;
  const b = body as unknown as AnnotationBody;
  return {
    ref: { kind: workload.kind, namespace: workload.namespace, name: workload.name },
    placement: b.placement,
    images: b.images,
    initImages: isRecord(b.initImages) ? b.initImages : {},
    ...(typeof b.updateStrategy === 'string' ? { updateStrategy: b.updateStrategy } : {}),
    savedAt: typeof b.savedAt === 'string' ? b.savedAt : '',
  };
}

/**
 * The true original, saved durably before any patch: an annotation left by an earlier attempt wins
 * over the live (already patched) object, and the store keeps whichever was written first.
 */
export async function ensureOriginal(
  store: UpgradeStore,
  instanceId: string,
  workload: WorkloadInfo,
  now: Date,
): Promise<WorkloadOriginal> {
  const candidate =
    originalFromAnnotation(workload) ?? originalFromLive(workload, now.toISOString());
  return store.saveOriginalOnce(instanceId, candidate);
}

/** Originals of an instance keyed by `workloadKey`. */
export async function loadOriginalMap(
  store: UpgradeStore,
  instanceId: string,
): Promise<ReadonlyMap<string, WorkloadOriginal>> {
  const originals = await store.loadOriginals(instanceId);
  return new Map(originals.map((o) => [workloadKey(o.ref), o]));
}

/** The saved placement as the scheduling shape the domain rewrites take. */
export function placementOf(original: PlacementOriginal): Placement {
  return {
    ...(original.nodeSelector !== null ? { nodeSelector: original.nodeSelector } : {}),
    ...(original.affinity !== null ? { affinity: original.affinity } : {}),
    ...(original.tolerations !== null ? { tolerations: original.tolerations } : {}),
    ...(original.runtimeClassName !== null ? { runtimeClassName: original.runtimeClassName } : {}),
  };
}
