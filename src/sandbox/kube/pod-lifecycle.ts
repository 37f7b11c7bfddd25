import { setTimeout as sleep } from 'node:timers/promises';
import {
  PatchStrategy,
  setHeaderOptions,
  type CoreV1Api,
  type V1Container,
  type V1Pod,
} from '@kubernetes/client-node';
import { planPull } from './compatibility.js';
import type { ImageCatalog } from './image-catalog.js';
import type { ImagePulls } from './image-pulls.js';
import type { NodeDirectory, SimulatedNode } from './nodes.js';
import { podStatusPatch, type ContainerView } from './pod-status.js';

/** What running a pod needs (shared by all pods of a node agent). */
export interface PodRuntime {
  readonly core: CoreV1Api;
  readonly nodes: NodeDirectory;
  readonly images: ImageCatalog;
  readonly pulls: ImagePulls;
  readonly startDelayInMs: number;
  readonly backoffScale: number;
}

let nextPodAddress = 0;
const now = (): string => new Date().toISOString();

/** The kubelet's back-off: 10 s, doubling, at most 5 minutes (scaled). */
const backoffInMs = (attempt: number, scale: number): number =>
  Math.min(10_000 * 2 ** attempt, 300_000) * scale;

/**
 * Runs one pod on a simulated node: init containers in order, then the containers, each image pulled
 * (or not) according to the node's OS and build, and reports every step in pods/status. Resolves once
 * the pod runs; an image the node cannot run keeps it looping (back-off) until the signal aborts.
 */
export async function runPod(
  runtime: PodRuntime,
  pod: V1Pod,
  node: SimulatedNode,
  signal: AbortSignal,
): Promise<void> {
  const initContainers = pod.spec?.initContainers ?? [];
  const containers = pod.spec?.containers ?? [];
  const waitingFirst = initContainers.length > 0 ? 'PodInitializing' : 'ContainerCreating';
  const init: ContainerView[] = initContainers.map(() => ({
    kind: 'waiting',
    reason: 'PodInitializing',
  }));
  const main: ContainerView[] = containers.map(() => ({ kind: 'waiting', reason: waitingFirst }));
  const startTime = now();
  const ip = nextPodAddress++;
  const podIP = `10.244.${Math.floor(ip / 250)}.${(ip % 250) + 2}`;
  const report = async (): Promise<void> => {
    if (signal.aborted || !runtime.nodes.node(node.name)?.alive)
      throw new Error('pod work cancelled');
    const started = main.some((view) => view.kind !== 'waiting');
    const body = podStatusPatch(
      pod,
      { hostIP: node.address, startTime, init, main, ...(started ? { podIP } : {}) },
      now(),
    );
    await runtime.core.patchNamespacedPodStatus(
      { name: pod.metadata?.name ?? '', namespace: pod.metadata?.namespace ?? '', body },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  };
  const wait = (ms: number): Promise<void> => sleep(ms, undefined, { signal, ref: false });
  const context = { runtime, node, report, wait };

  await report();
  for (const [index, container] of initContainers.entries()) {
    const setView = (view: ContainerView): void => void (init[index] = view);
    await startContainer(context, container, setView);
    setView({ kind: 'completed', startedAt: now(), finishedAt: now() });
    await report();
  }
  for (const [index, container] of containers.entries()) {
    const setView = (view: ContainerView): void => void (main[index] = view);
    setView({ kind: 'waiting', reason: 'ContainerCreating' });
    await startContainer(context, container, setView);
  }
  await wait(runtime.startDelayInMs);
  const startedAt = now();
  for (const index of containers.keys()) main[index] = { kind: 'running', startedAt };
  await report();
}

interface ContainerContext {
  readonly runtime: PodRuntime;
  readonly node: SimulatedNode;
  readonly report: () => Promise<void>;
  readonly wait: (ms: number) => Promise<void>;
}

/** Resolves once the container's image is on the node and runnable; otherwise loops like a kubelet. */
async function startContainer(
  { runtime, node, report, wait }: ContainerContext,
  container: V1Container,
  setView: (view: ContainerView) => void,
): Promise<void> {
  const image = container.image ?? '';
  for (let attempt = 0; ; attempt++) {
    const plan = planPull(node.platform, await runtime.images.lookup(image));
    if (plan.kind === 'run') {
      await runtime.pulls.pull(node.name, image, plan.variant.sizeBytes);
      return;
    }
    if (plan.kind === 'os-mismatch') {
      // containerd pulls a single-platform image of another Windows build; HCS then refuses to start it.
      await runtime.pulls.pull(node.name, image, plan.variant.sizeBytes);
      for (let restarts = 1; ; restarts++) {
        const message = `failed to create containerd task: failed to create shim task: hcs::CreateComputeSystem ${container.name}: The container operating system does not match the host operating system.: unknown`;
        setView({
          kind: 'crashing',
          restartCount: restarts,
          message,
          at: new Date().toISOString(),
        });
        await report();
        await wait(backoffInMs(restarts - 1, runtime.backoffScale));
      }
    }
    const reason =
      plan.kind === 'not-found'
        ? `failed to resolve reference "${image}": ${image}: not found`
        : 'no match for platform in manifest: not found';
    const message = `rpc error: code = NotFound desc = failed to pull and unpack image "${image}": ${reason}`;
    setView({ kind: 'waiting', reason: 'ErrImagePull', message });
    await report();
    await wait(Math.min(1000, backoffInMs(0, runtime.backoffScale)));
    setView({
      kind: 'waiting',
      reason: 'ImagePullBackOff',
      message: `Back-off pulling image "${image}"`,
    });
    await report();
    await wait(backoffInMs(attempt, runtime.backoffScale)); // then look the image up again, as kubelet retries
  }
}
