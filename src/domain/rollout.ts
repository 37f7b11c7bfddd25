/**
 * kubectl's rollout-completion rules (`kubectl rollout status`, DESIGN section 1) as pure functions
 * over the few status fields they read, so the rollout activity and its tests agree with kubectl.
 */
export interface RolloutState {
  readonly done: boolean;
  /** True when waiting longer cannot help (ProgressDeadlineExceeded). */
  readonly failed: boolean;
  readonly reason: string;
}

export interface Condition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
}

interface Generation {
  readonly generation?: number;
  readonly observedGeneration?: number;
}

export interface DeploymentRollout extends Generation {
  /** spec.replicas (Kubernetes defaults it to 1). */
  readonly replicas?: number;
  readonly status: {
    readonly replicas?: number;
    readonly updatedReplicas?: number;
    readonly availableReplicas?: number;
    readonly conditions?: readonly Condition[];
  };
}

export interface StatefulSetRollout extends Generation {
  readonly replicas?: number;
  readonly updateStrategy: 'RollingUpdate' | 'OnDelete';
  readonly partition?: number;
  readonly status: {
    readonly replicas?: number;
    readonly readyReplicas?: number;
    readonly updatedReplicas?: number;
    readonly currentRevision?: string;
    readonly updateRevision?: string;
  };
}

export interface DaemonSetRollout extends Generation {
  readonly status: {
    readonly desiredNumberScheduled?: number;
    readonly updatedNumberScheduled?: number;
    readonly numberAvailable?: number;
  };
}

const waiting = (reason: string): RolloutState => ({ done: false, failed: false, reason });
const complete = (reason: string): RolloutState => ({ done: true, failed: false, reason });

/** The controller has not seen the latest spec yet: every other field is stale. */
function notObserved(o: Generation): boolean {
  return (o.observedGeneration ?? 0) === 0 || (o.generation ?? 0) > (o.observedGeneration ?? 0);
}

/** kubectl's DeploymentStatusViewer. */
export function deploymentRollout(d: DeploymentRollout): RolloutState {
  if (notObserved(d)) return waiting('waiting for the deployment spec update to be observed');
  const deadline = d.status.conditions?.find(
    (c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded',
  );
  if (deadline)
    return { done: false, failed: true, reason: 'deployment exceeded its progress deadline' };
  const desired = d.replicas ?? 1;
  const updated = d.status.updatedReplicas ?? 0;
  const total = d.status.replicas ?? 0;
  const available = d.status.availableReplicas ?? 0;
  if (updated < desired) return waiting(`${updated} of ${desired} new replicas have been updated`);
  if (total > updated) return waiting(`${total - updated} old replicas are pending termination`);
  if (available < updated)
    return waiting(`${available} of ${updated} updated replicas are available`);
  return complete('deployment successfully rolled out');
}

/**
 * kubectl's StatefulSetStatusViewer for RollingUpdate (partitions included). kubectl refuses OnDelete;
 * winshift rolls those by deleting pods, and the controller never advances currentRevision for
 * OnDelete, so completion there is every replica updated and ready.
 */
export function statefulSetRollout(s: StatefulSetRollout): RolloutState {
  if (notObserved(s)) return waiting('waiting for the statefulset spec update to be observed');
  const desired = s.replicas ?? 1;
  const ready = s.status.readyReplicas ?? 0;
  const updated = s.status.updatedReplicas ?? 0;
  if (ready < desired) return waiting(`waiting for ${desired - ready} pods to be ready`);
  if (s.updateStrategy === 'OnDelete') {
    if (updated < desired)
      return waiting(`${updated} of ${desired} pods updated (OnDelete: pods must be deleted)`);
    return complete(`statefulset rolled out: ${desired} pods updated and ready`);
  }
  const partition = s.partition ?? 0;
  if (partition > 0) {
    if (updated < desired - partition) {
      return waiting(
        `waiting for partitioned roll out to finish: ${updated} of ${desired - partition} new pods have been updated`,
      );
    }
    return complete(`partitioned roll out complete: ${updated} new pods have been updated`);
  }
  if (s.status.updateRevision !== s.status.currentRevision) {
    return waiting(
      `waiting for statefulset rolling update to complete ${updated} pods at revision ${s.status.updateRevision ?? '?'}`,
    );
  }
  return complete(
    `statefulset rolling update complete ${ready} pods at revision ${s.status.currentRevision ?? '?'}`,
  );
}

/**
 * A CronJob has no rollout (kubectl has no status viewer for it): the patch is the move, and its next
 * Job starts from the patched template. A Job already running keeps its own, immutable template; the
 * plan refuses such Jobs on the old pool.
 */
export function cronJobRollout(): RolloutState {
  return complete(
    'cron job patched: its next Jobs start from the new template (no rollout to wait for)',
  );
}

/**
 * winshift's rule on top of kubectl's: once the controller has seen the patch, a DaemonSet that wants
 * pods on no node at all (`desiredNumberScheduled` 0: its template selects or tolerates no node)
 * runs nowhere. kubectl calls 0 of 0 rolled out; for a workload winshift moved it is a failure, and
 * waiting cannot help. undefined when the rule does not apply.
 */
export function daemonSetRunsNowhere(d: DaemonSetRollout): RolloutState | undefined {
  if (notObserved(d) || d.status.desiredNumberScheduled !== 0) return undefined;
  return {
    done: false,
    failed: true,
    reason:
      'the daemon set is scheduled on no node after the patch (desiredNumberScheduled 0): its pods would run nowhere',
  };
}

/** kubectl's DaemonSetStatusViewer, failing a DaemonSet scheduled on no node (daemonSetRunsNowhere). */
export function daemonSetRollout(d: DaemonSetRollout): RolloutState {
  if (notObserved(d)) return waiting('waiting for the daemon set spec update to be observed');
  const nowhere = daemonSetRunsNowhere(d);
  if (nowhere) return nowhere;
  const desired = d.status.desiredNumberScheduled ?? 0;
  const updated = d.status.updatedNumberScheduled ?? 0;
  const available = d.status.numberAvailable ?? 0;
  if (updated < desired) return waiting(`${updated} out of ${desired} new pods have been updated`);
  if (available < desired) return waiting(`${available} of ${updated} updated pods are available`);
  return complete('daemon set successfully rolled out');
}
