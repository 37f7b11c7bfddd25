/**
 * A Kubernetes control plane of one test file's own, started on first use and shared by that file's
 * tests (jest loads this module once per test file).
 *
 * Planning discovers every Windows workload of a cluster in every namespace, as it must on a real
 * cluster: a file that plans must not share the suite's control plane, where other files create
 * Windows workloads at the same time (they would join its plans).
 */
import {
  startControlPlane,
  type RunningControlPlane,
} from '../../src/sandbox/kube/control-plane.js';

let running: Promise<RunningControlPlane> | undefined;

/** The file's control plane (started by the first call). */
export function ownControlPlane(): Promise<RunningControlPlane> {
  running ??= startControlPlane({ clusterName: 'winshift-own' });
  return running;
}

/** Stops the file's control plane, if it started (afterAll). */
export async function stopOwnControlPlane(): Promise<void> {
  const started = running;
  running = undefined;
  if (started) await (await started).stop();
}
