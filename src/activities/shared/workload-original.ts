/**
 * A workload's saved original, kept twice (DESIGN step 4): in the store (first write wins) and as the
 * annotation `winshift.io/original` on the object itself, so either survives the loss of the other
 * and a retried patch never mistakes its own patched object for the original. Both belong to one run:
 * the store keys them by run id and the annotation names its run, so an annotation another run left
 * (a completed run that was not released, an earlier run of the same pool) is not this run's
 * original: to this run the workload is "not patched", and its live spec is what it saves.
 */
import { canonicalJson } from '../../domain/hash.js';
import { placementOriginal, type PlacementOriginal } from '../../domain/placement.js';
import type { WorkloadInfo, WorkloadRef } from '../../ports/kubernetes.js';
import type { UpgradeStore, WorkloadOriginal } from '../../ports/store.js';
import { workloadKey } from '../../domain/workload-ref.js';

export const ORIGINAL_ANNOTATION = 'winshift.io/original';

/** Whose run an original is: the instance (for people reading it) and the run (the key). */
export interface RunOwner {
  readonly instanceId: string;
  readonly runId: string;
}

interface AnnotationBody {
  readonly instanceId: string;
  /** Absent in annotations of older versions: their run was keyed by the instance id. */
  readonly runId?: string;
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
export function encodeAnnotation(original: WorkloadOriginal, owner: RunOwner): string {
  const body: AnnotationBody = {
    instanceId: owner.instanceId,
    runId: owner.runId,
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

function annotationBody(workload: WorkloadInfo): AnnotationBody | undefined {
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
  return body as unknown as AnnotationBody;
}

/**
 * The run whose original the annotation holds (an annotation of an older version names only its
 * instance, which was its run's key then), or undefined when there is none or it is unreadable.
 */
export function annotationRunId(workload: WorkloadInfo): string | undefined {
  const body = annotationBody(workload);
  if (body === undefined) return undefined;
  if (typeof body.runId === 'string') return body.runId;
  return typeof body.instanceId === 'string' ? body.instanceId : undefined;
}

/**
 * The original this run recorded on the object, or undefined when there is none, it is unreadable,
 * or another run wrote it (that run's original is not this run's: restoring it would roll the
 * workload back to an older spec).
 */
export function originalFromAnnotation(
  workload: WorkloadInfo,
  runId: string,
): WorkloadOriginal | undefined {
  const b = annotationBody(workload);
  if (b === undefined || annotationRunId(workload) !== runId) return undefined;
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
 * The true original, saved durably before any patch: an annotation left by an earlier attempt of
 * this run wins over the live (already patched) object, and the store keeps whichever this run wrote
 * first. Another run's annotation is ignored: the live object is this run's original.
 */
export async function ensureOriginal(
  store: UpgradeStore,
  runId: string,
  workload: WorkloadInfo,
  now: Date,
): Promise<WorkloadOriginal> {
  const candidate =
    originalFromAnnotation(workload, runId) ?? originalFromLive(workload, now.toISOString());
  return store.saveOriginalOnce(runId, candidate);
}

/** Originals of a run keyed by `workloadKey`. */
export async function loadOriginalMap(
  store: UpgradeStore,
  runId: string,
): Promise<ReadonlyMap<string, WorkloadOriginal>> {
  const originals = await store.loadOriginals(runId);
  return new Map(originals.map((o) => [workloadKey(o.ref), o]));
}
