import { setTimeout as sleep } from 'node:timers/promises';
import {
  CoreV1Api,
  makeInformer,
  type Informer,
  type KubeConfig,
  type ObjectCache,
  type V1Pod,
} from '@kubernetes/client-node';
import type { ImageCatalog } from './image-catalog.js';
import { ImagePulls } from './image-pulls.js';
import type { NodeDirectory, SimulatedNode } from './nodes.js';
import { runPod, type PodRuntime } from './pod-lifecycle.js';

export interface NodeAgentOptions {
  /** Image download speed (default 40 MiB/s); a pull takes sizeBytes / this. */
  readonly pullBytesPerSecond?: number;
  /** Time between "image present" and "container running" (default 1500 ms). */
  readonly startDelayInMs?: number;
  /** Multiplies terminating pods' grace periods (default 1; tests use ~0.02). */
  readonly gracePeriodScale?: number;
  /** Multiplies the kubelet's back-off (10 s doubling to 5 min) for pull errors and crash loops. */
  readonly backoffScale?: number;
}

/** How long after a failed call a pod is tried again (a kubelet resyncs pods every few seconds). */
const RETRY_AFTER_MS = 1000;

interface PodWork {
  readonly kind: 'running' | 'terminating';
  readonly abort: AbortController;
}

/**
 * Plays the kubelet for every simulated node: runs pods bound to live simulated nodes (pull, start,
 * report status), shows pull errors and crash loops for images the node's OS cannot run, and confirms
 * the deletion of terminating pods after their grace period.
 */
export class NodeAgent {
  private readonly core: CoreV1Api;
  private readonly informer: Informer<V1Pod> & ObjectCache<V1Pod>;
  private readonly work = new Map<string, PodWork>();
  private readonly stopped = new AbortController();
  private readonly runtime: PodRuntime;

  constructor(
    kubeConfig: KubeConfig,
    nodes: NodeDirectory,
    images: ImageCatalog,
    private readonly options: NodeAgentOptions = {},
  ) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.informer = makeInformer(kubeConfig, '/api/v1/pods', () =>
      this.core.listPodForAllNamespaces(),
    );
    const pulls = new ImagePulls(
      options.pullBytesPerSecond ?? 40 * 1024 * 1024,
      this.stopped.signal,
    );
    this.runtime = {
      core: this.core,
      nodes,
      images,
      pulls,
      startDelayInMs: options.startDelayInMs ?? 1500,
      backoffScale: options.backoffScale ?? 1,
    };
    const reconcile = (pod: V1Pod): void => this.reconcile(pod);
    this.informer.on('add', reconcile);
    this.informer.on('update', reconcile);
    this.informer.on('delete', (pod) => this.forget(pod.metadata?.uid));
    this.informer.on('error', () => {
      // The watch broke (e.g. the API server restarted): start over, as client-go's reflector does.
      if (!this.stopped.signal.aborted)
        void sleep(1000, undefined, { ref: false })
          .then(() => (this.stopped.signal.aborted ? undefined : this.informer.start()))
          .catch(() => undefined);
    });
  }

  async start(): Promise<void> {
    await this.informer.start();
  }

  async stop(): Promise<void> {
    this.stopped.abort();
    for (const work of this.work.values()) work.abort.abort();
    this.work.clear();
    await this.informer.stop();
  }

  private liveNodeOf(pod: V1Pod): SimulatedNode | undefined {
    const node = this.runtime.nodes.node(pod.spec?.nodeName ?? '');
    return node?.alive ? node : undefined;
  }

  private reconcile(pod: V1Pod): void {
    const uid = pod.metadata?.uid;
    const node = this.liveNodeOf(pod);
    if (!uid || !node || this.stopped.signal.aborted) return;
    const current = this.work.get(uid);
    if (pod.metadata?.deletionTimestamp) {
      if (current?.kind === 'terminating') return;
      current?.abort.abort();
      this.begin(uid, 'terminating', (signal) => this.terminate(pod, signal));
    } else if (!current && pod.status?.phase === 'Pending') {
      this.begin(uid, 'running', (signal) => runPod(this.runtime, pod, node, signal));
    }
  }

  private begin(
    uid: string,
    kind: PodWork['kind'],
    task: (signal: AbortSignal) => Promise<void>,
  ): void {
    const abort = new AbortController();
    const work: PodWork = { kind, abort };
    this.work.set(uid, work);
    task(AbortSignal.any([abort.signal, this.stopped.signal])).catch(() => {
      // Aborted, or the pod is gone: nothing to do. Otherwise a call failed (a status patch the API
      // server did not take in time, under load): a kubelet's sync loop tries the pod again, so the
      // work is dropped and the pod, as the cache now has it, reconciled again a little later.
      if (abort.signal.aborted || this.stopped.signal.aborted || this.work.get(uid) !== work)
        return;
      this.work.delete(uid);
      void sleep(RETRY_AFTER_MS, undefined, { ref: false })
        .then(() => this.retry(uid))
        .catch(() => undefined);
    });
  }

  /** Reconciles the cached pod with this uid again, if it is still there and nothing works on it. */
  private retry(uid: string): void {
    if (this.stopped.signal.aborted || this.work.has(uid)) return;
    const pod = this.informer.list().find((p) => p.metadata?.uid === uid);
    if (pod) this.reconcile(pod);
  }

  private forget(uid: string | undefined): void {
    if (!uid) return;
    this.work.get(uid)?.abort.abort();
    this.work.delete(uid);
  }

  /** Waits the (scaled) grace period, then confirms the deletion like a kubelet whose containers stopped. */
  private async terminate(pod: V1Pod, signal: AbortSignal): Promise<void> {
    const { name = '', namespace = '', uid = '' } = pod.metadata ?? {};
    const waitInMs = gracePeriodSecondsOf(pod) * 1000 * (this.options.gracePeriodScale ?? 1);
    await sleep(waitInMs, undefined, { signal, ref: false });
    if (!this.liveNodeOf(pod)) return; // a lost node's pods stay Terminating, as in Kubernetes
    try {
      await this.core.deleteNamespacedPod({
        name,
        namespace,
        gracePeriodSeconds: 0,
        body: { gracePeriodSeconds: 0, preconditions: { uid } },
      });
    } catch (error) {
      if ((error as { code?: number }).code !== 404) throw error;
    }
  }
}

function gracePeriodSecondsOf(pod: V1Pod): number {
  return pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
}
