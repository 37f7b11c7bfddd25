/**
 * kubectl drain's pod filters as pure functions: which pods on a cordoned node are evicted, which are
 * skipped, and which stop the drain unless the user opted in. Eviction (not deletion) keeps
 * PodDisruptionBudgets in charge; the drain activity retries 429s.
 */
export interface DrainPod {
  readonly namespace: string;
  readonly name: string;
  readonly ownerReferences?: readonly {
    readonly kind: string;
    readonly name: string;
    readonly controller?: boolean;
  }[];
  readonly annotations?: Readonly<Record<string, string>>;
  readonly phase?: string;
  readonly volumes?: readonly { readonly name: string; readonly emptyDir?: object }[];
}

export interface DrainOptions {
  /** Evict pods with no controller (they are not recreated anywhere). kubectl's `--force`. */
  readonly force?: boolean;
  /** Evict pods using emptyDir (its data is lost). kubectl's `--delete-emptydir-data`. */
  readonly deleteEmptyDirData?: boolean;
}

export type DrainVerdict =
  | { readonly action: 'evict'; readonly warnings: readonly string[] }
  | { readonly action: 'skip'; readonly reason: string }
  | { readonly action: 'refuse'; readonly reason: string };

const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

function controllerOf(pod: DrainPod): { kind: string; name: string } | undefined {
  return pod.ownerReferences?.find((o) => o.controller === true);
}

function finished(pod: DrainPod): boolean {
  return pod.phase === 'Succeeded' || pod.phase === 'Failed';
}

/**
 * Classifies one pod in kubectl's filter order: DaemonSet pods are skipped (the controller ignores
 * cordons and would recreate them), mirror pods are skipped (the kubelet owns them), emptyDir pods need
 * `deleteEmptyDirData`, pods without a controller need `force`. Finished pods are always safe.
 */
export function classifyPodForDrain(pod: DrainPod, options: DrainOptions = {}): DrainVerdict {
  const controller = controllerOf(pod);
  if (controller?.kind === 'DaemonSet')
    return { action: 'skip', reason: `managed by DaemonSet ${controller.name}` };
  if (pod.annotations?.[MIRROR_ANNOTATION] !== undefined)
    return { action: 'skip', reason: 'mirror (static) pod' };
  const warnings: string[] = [];
  const emptyDirs = (pod.volumes ?? []).filter((v) => v.emptyDir !== undefined).map((v) => v.name);
  if (emptyDirs.length > 0 && !finished(pod)) {
    const note = `uses emptyDir ${emptyDirs.join(', ')} (local data is lost)`;
    if (!options.deleteEmptyDirData)
      return { action: 'refuse', reason: `${note}: needs deleteEmptyDirData` };
    warnings.push(note);
  }
  if (controller === undefined && !finished(pod)) {
    const note = 'has no controller (it will not be recreated)';
    if (!options.force) return { action: 'refuse', reason: `${note}: needs force` };
    warnings.push(note);
  }
  return { action: 'evict', warnings };
}

export interface DrainPlan {
  readonly evict: readonly DrainPod[];
  readonly skipped: readonly { readonly pod: DrainPod; readonly reason: string }[];
  readonly refused: readonly { readonly pod: DrainPod; readonly reason: string }[];
  readonly warnings: readonly string[];
}

/** Classifies every pod of a node; a drain proceeds only when `refused` is empty (kubectl's rule). */
export function planDrain(pods: readonly DrainPod[], options: DrainOptions = {}): DrainPlan {
  const evict: DrainPod[] = [];
  const skipped: { pod: DrainPod; reason: string }[] = [];
  const refused: { pod: DrainPod; reason: string }[] = [];
  const warnings: string[] = [];
  for (const pod of pods) {
    const verdict = classifyPodForDrain(pod, options);
    if (verdict.action === 'evict') {
      evict.push(pod);
      warnings.push(...verdict.warnings.map((w) => `${pod.namespace}/${pod.name} ${w}`));
    } else (verdict.action === 'skip' ? skipped : refused).push({ pod, reason: verdict.reason });
  }
  return { evict, skipped, refused, warnings };
}
