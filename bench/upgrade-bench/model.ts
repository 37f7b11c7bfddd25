/**
 * The time models of `npm run bench:upgrade`, read from the scenario and its resolved latencies (never
 * hard-coded): the critical path's lower bound of a blue/green pool replacement, and the manual
 * procedure an operator would follow step by step.
 */
import type { SandboxLatency, SandboxScenario } from '../../src/sandbox/index.js';

/** Windows Server 2022's build prefix: the variants a new pool's nodes pull. */
const LTSC2022_BUILD = '10.0.20348';
/** Kubernetes' default terminationGracePeriodSeconds. */
const DEFAULT_GRACE_SECONDS = 30;
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

interface ContainerLike {
  readonly image?: string;
}
interface PodSpecLike {
  readonly initContainers?: readonly ContainerLike[];
  readonly containers?: readonly ContainerLike[];
  readonly terminationGracePeriodSeconds?: number;
}

/** One moved workload: its new images in the order its pod pulls them (init containers first). */
export interface MovedWorkload {
  readonly key: string;
  readonly newImages: readonly { readonly ref: string; readonly sizeBytes: number }[];
  readonly graceSeconds: number;
  /**
   * Pods the workload's controller replaces strictly one after another: a StatefulSet's replicas
   * (its rolling update waits for each new pod to be Ready before stopping the next old one); 1 else.
   */
  readonly orderedPods: number;
}

export interface Term {
  readonly name: string;
  readonly ms: number;
  readonly detail: string;
}

export interface Model {
  readonly name: string;
  readonly description: string;
  readonly terms: readonly Term[];
  readonly totalMs: number;
}

const model = (name: string, description: string, terms: Term[]): Model => ({
  name,
  description,
  terms,
  totalMs: terms.reduce((sum, t) => sum + t.ms, 0),
});

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const gib = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(2)} GiB`;

/** The size of the largest ltsc2022 variant of `ref` (`host/repository:tag`) in the scenario. */
function ltsc2022Size(scenario: SandboxScenario, ref: string): number {
  const slash = ref.indexOf('/');
  const colon = ref.lastIndexOf(':');
  const [host, repository, tag] = [
    ref.slice(0, slash),
    ref.slice(slash + 1, colon),
    ref.slice(colon + 1),
  ];
  const image = scenario.registries
    ?.find((r) => r.host === host)
    ?.images.find((i) => i.repository === repository && i.tag === tag);
  const sizes = (image?.variants ?? [])
    .filter((v) => v.osVersion?.startsWith(LTSC2022_BUILD))
    .map((v) => v.sizeBytes);
  if (sizes.length === 0) throw new Error(`the scenario has no ltsc2022 variant of ${ref}`);
  return Math.max(...sizes);
}

/**
 * The workloads the upgrade moves: every pod template of `clusterName` with an ltsc2019 image; their
 * new images are the ltsc2022 twins (the default scenario publishes each tag for both builds).
 */
export function movedWorkloads(scenario: SandboxScenario, clusterName: string): MovedWorkload[] {
  const cluster = scenario.subscriptions
    .flatMap((s) => s.resourceGroups)
    .flatMap((g) => g.clusters ?? [])
    .find((c) => c.name === clusterName);
  if (!cluster) throw new Error(`no cluster ${clusterName} in the scenario`);
  const moved: MovedWorkload[] = [];
  for (const object of cluster.kubernetes?.objects ?? []) {
    if (!WORKLOAD_KINDS.has(object.kind)) continue;
    const spec = (object.spec as { template?: { spec?: PodSpecLike } } | undefined)?.template?.spec;
    const images = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]
      .map((c) => c.image ?? '')
      .filter((image) => image !== '');
    if (!images.some((image) => image.includes('ltsc2019'))) continue;
    moved.push({
      key: `${object.kind}/${object.metadata.namespace ?? 'default'}/${object.metadata.name}`,
      newImages: images.map((image) => {
        const ref = image.replaceAll('ltsc2019', 'ltsc2022');
        return { ref, sizeBytes: ltsc2022Size(scenario, ref) };
      }),
      graceSeconds: spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS,
      orderedPods:
        object.kind === 'StatefulSet'
          ? ((object.spec as { replicas?: number } | undefined)?.replicas ?? 1)
          : 1,
    });
  }
  if (moved.length === 0) throw new Error(`no ltsc2019 workloads in ${clusterName}`);
  return moved;
}

export function poolNodeCount(
  scenario: SandboxScenario,
  clusterName: string,
  poolName: string,
): number {
  const pool = scenario.subscriptions
    .flatMap((s) => s.resourceGroups)
    .flatMap((g) => g.clusters ?? [])
    .find((c) => c.name === clusterName)
    ?.pools.find((p) => p.name === poolName);
  if (!pool) throw new Error(`no pool ${poolName} in ${clusterName}`);
  return pool.count ?? 1;
}

export interface ModelInput {
  readonly workloads: readonly MovedWorkload[];
  readonly latency: Required<SandboxLatency>;
  readonly oldPoolNodes: number;
}

const pullMs = (bytes: number, latency: Required<SandboxLatency>): number =>
  (bytes / latency.imagePullBytesPerSecond) * 1000;

function shared(input: ModelInput): {
  pool: Term;
  deletion: Term;
  graceMs: number;
  graceDetail: string;
} {
  const { latency, workloads } = input;
  const graceSeconds = Math.max(...workloads.map((w) => w.graceSeconds));
  return {
    pool: {
      name: 'pool provisioning to nodes Ready',
      ms: latency.poolProvisioningMs,
      detail: 'poolProvisioningMs',
    },
    deletion: { name: 'pool deletion', ms: latency.poolDeletionMs, detail: 'poolDeletionMs' },
    graceMs: graceSeconds * 1000 * latency.gracePeriodScale,
    graceDetail: `max terminationGracePeriodSeconds ${graceSeconds} s x gracePeriodScale ${latency.gracePeriodScale}`,
  };
}

/**
 * The critical path's lower bound: the new pool must exist, the largest new image must reach a node,
 * one container start, one termination grace (the drain), and the old pool's deletion; nothing shorter
 * can move the workloads, whatever overlaps.
 */
export function lowerBound(input: ModelInput): Model {
  const { latency, workloads } = input;
  const largest = workloads
    .flatMap((w) => w.newImages)
    .reduce((a, b) => (b.sizeBytes > a.sizeBytes ? b : a));
  const { pool, deletion, graceMs, graceDetail } = shared(input);
  const rate = latency.imagePullBytesPerSecond / 1024 ** 2;
  return model(
    'lower bound',
    'pool provisioning + longest new-image pull + one container start + longest drain grace + pool deletion',
    [
      pool,
      {
        name: 'longest new-image pull',
        ms: pullMs(largest.sizeBytes, latency),
        detail: `${largest.ref} ${gib(largest.sizeBytes)} / ${rate.toFixed(0)} MiB/s (imagePullBytesPerSecond)`,
      },
      {
        name: 'longest pod start-to-Ready',
        ms: latency.containerStartMs,
        detail: 'containerStartMs',
      },
      { name: 'longest termination grace during the drain', ms: graceMs, detail: graceDetail },
      deletion,
    ],
  );
}

/**
 * The lower bound plus what this scenario's own workloads force on any tool: a StatefulSet replaces
 * its pods one at a time (stop the old pod: its grace; start the new one), so each pod after the
 * first adds one grace and one start to the critical path. Printed as context next to the bound.
 */
export function scenarioFloor(input: ModelInput): Model {
  const { latency, workloads } = input;
  const bound = lowerBound(input);
  const slowest = workloads.reduce((a, b) =>
    rollExtraMs(b, latency) > rollExtraMs(a, latency) ? b : a,
  );
  return model('scenario floor', 'lower bound + the longest ordered roll beyond its first pod', [
    ...bound.terms,
    {
      name: 'ordered roll beyond the first pod',
      ms: rollExtraMs(slowest, latency),
      detail: `${slowest.key}: ${slowest.orderedPods - 1} more pod(s) x (grace ${slowest.graceSeconds} s x gracePeriodScale + containerStartMs)`,
    },
  ]);
}

function rollExtraMs(w: MovedWorkload, latency: Required<SandboxLatency>): number {
  const cycleMs = w.graceSeconds * 1000 * latency.gracePeriodScale + latency.containerStartMs;
  return Math.max(0, w.orderedPods - 1) * cycleMs;
}

/**
 * The manual procedure, one step at a time: create the pool and wait; then per workload apply the new
 * spec and wait for its own pods (its images pulled in pod order, init containers first, then one
 * container start); then cordon and drain the old nodes one by one (each drain waits one grace period);
 * then delete the pool and wait. With pre-pull, an operator first runs a DaemonSet pulling every new
 * image at once (the nodes pull in parallel: the largest image), so each workload waits only its start.
 */
export function manualProcedure(input: ModelInput, prePull: boolean): Model {
  const { latency, workloads, oldPoolNodes } = input;
  const { pool, deletion, graceMs, graceDetail } = shared(input);
  const terms: Term[] = [pool];
  if (prePull) {
    const largest = Math.max(...workloads.flatMap((w) => w.newImages.map((i) => i.sizeBytes)));
    terms.push({
      name: 'pre-pull DaemonSet (all new images in parallel)',
      ms: pullMs(largest, latency),
      detail: `largest new image ${gib(largest)}`,
    });
  }
  for (const w of workloads) {
    const bytes = w.newImages.reduce((sum, i) => sum + i.sizeBytes, 0);
    const pull = prePull ? 0 : pullMs(bytes, latency);
    terms.push({
      name: `apply ${w.key}, wait Ready`,
      ms: pull + latency.containerStartMs,
      detail: prePull
        ? 'containerStartMs (images cached)'
        : `pull ${gib(bytes)} + containerStartMs`,
    });
  }
  terms.push({
    name: `cordon + drain ${oldPoolNodes} old nodes one by one`,
    ms: oldPoolNodes * graceMs,
    detail: `${oldPoolNodes} x (${graceDetail})`,
  });
  terms.push(deletion);
  return model(
    `manual, step by step, ${prePull ? 'with' : 'without'} pre-pull`,
    'pool + (pre-pull) + per workload (pull + start) + per old node (grace) + deletion',
    terms,
  );
}

export function formatModel(m: Model): string[] {
  const width = Math.max(...m.terms.map((t) => t.name.length));
  return [
    `${m.name}: ${seconds(m.totalMs)} = ${m.description}`,
    ...m.terms.map((t) => `  ${t.name.padEnd(width)} ${seconds(t.ms).padStart(9)}  (${t.detail})`),
  ];
}

export { seconds };
