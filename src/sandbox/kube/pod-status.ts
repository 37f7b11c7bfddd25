import { createHash } from 'node:crypto';
import type { V1Container, V1Pod } from '@kubernetes/client-node';

/** What one container shows in containerStatuses. */
export type ContainerView =
  | { readonly kind: 'waiting'; readonly reason: string; readonly message?: string }
  | { readonly kind: 'running'; readonly startedAt: string }
  | { readonly kind: 'completed'; readonly startedAt: string; readonly finishedAt: string }
  | {
      readonly kind: 'crashing';
      readonly restartCount: number;
      readonly message: string;
      readonly at: string;
    };

export interface PodView {
  readonly hostIP: string;
  readonly podIP?: string;
  readonly startTime: string;
  readonly init: readonly ContainerView[];
  readonly main: readonly ContainerView[];
}

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

function containerStatus(container: V1Container, view: ContainerView, podUid: string): object {
  const image = container.image ?? '';
  const base = {
    name: container.name,
    image,
    imageID: '',
    restartCount: 0,
    ready: false,
    started: false,
  };
  const id = `containerd://${digest(`${podUid}/${container.name}`)}`;
  switch (view.kind) {
    case 'waiting':
      return {
        ...base,
        state: {
          waiting: { reason: view.reason, ...(view.message ? { message: view.message } : {}) },
        },
      };
    case 'running':
      return {
        ...base,
        imageID: `${image}@sha256:${digest(image)}`,
        containerID: id,
        ready: true,
        started: true,
        state: { running: { startedAt: view.startedAt } },
      };
    case 'completed':
      return {
        ...base,
        imageID: `${image}@sha256:${digest(image)}`,
        containerID: id,
        ready: true,
        state: {
          terminated: {
            exitCode: 0,
            reason: 'Completed',
            startedAt: view.startedAt,
            finishedAt: view.finishedAt,
            containerID: id,
          },
        },
      };
    case 'crashing':
      return {
        ...base,
        imageID: `${image}@sha256:${digest(image)}`,
        containerID: id,
        restartCount: view.restartCount,
        state: {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: `back-off restarting failed container ${container.name}`,
          },
        },
        lastState: {
          terminated: {
            exitCode: 128,
            reason: 'StartError',
            message: view.message,
            startedAt: '1970-01-01T00:00:00Z',
            finishedAt: view.at,
            containerID: id,
          },
        },
      };
  }
}

const condition = (type: string, ok: boolean, at: string, reason?: string): object => ({
  type,
  status: ok ? 'True' : 'False',
  lastProbeTime: null,
  lastTransitionTime: at,
  ...(!ok && reason ? { reason } : {}),
});

/** The merge patch for pods/status that makes the pod show `view`, as a kubelet reports it. */
export function podStatusPatch(pod: V1Pod, view: PodView, now: string): object {
  const { initContainers = [], containers = [] } = pod.spec ?? {};
  const statuses = (list: V1Container[], views: readonly ContainerView[]): object[] =>
    list.map((c, i) => containerStatus(c, views[i] ?? waitingInit, pod.metadata?.uid ?? ''));
  // Watch events carry timestamps as strings, typed reads as Dates: accept both.
  const created = pod.metadata?.creationTimestamp as Date | string | undefined;
  const scheduledAt = created ? new Date(created).toISOString() : now;
  const initialized = view.init.every((c) => c.kind === 'completed');
  const ready = initialized && view.main.every((c) => c.kind === 'running');
  // Running once a main container has started (a crash-looping one counts, as in Kubernetes).
  const started =
    initialized && view.main.some((c) => c.kind === 'running' || c.kind === 'crashing');
  return {
    status: {
      phase: started ? 'Running' : 'Pending',
      hostIP: view.hostIP,
      ...(view.podIP ? { podIP: view.podIP, podIPs: [{ ip: view.podIP }] } : {}),
      startTime: view.startTime,
      qosClass: pod.status?.qosClass ?? 'BestEffort',
      conditions: [
        condition('Initialized', initialized, now, 'ContainersNotInitialized'),
        condition('Ready', ready, now, 'ContainersNotReady'),
        condition('ContainersReady', ready, now, 'ContainersNotReady'),
        condition('PodScheduled', true, scheduledAt),
      ],
      ...(initContainers.length > 0
        ? { initContainerStatuses: statuses(initContainers, view.init) }
        : {}),
      containerStatuses: statuses(containers, view.main),
    },
  };
}

const waitingInit: ContainerView = { kind: 'waiting', reason: 'PodInitializing' };
