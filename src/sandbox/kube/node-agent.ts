import { setTimeout as sleep } from 'node:timers/promises';
import {
  CoreV1Api,
  makeInformer,
  type Informer,
  type KubeConfig,
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
  private readonly informer: Informer<V1Pod>;
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
    this.work.set(uid, { kind, abort });
    task(AbortSignal.any([abort.signal, this.stopped.signal])).catch(() => undefined); // aborted, or the pod is gone
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
