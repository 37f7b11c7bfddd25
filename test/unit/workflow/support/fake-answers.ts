// The fake world's answers, one per activity, shaped by the activity contracts' types: two pullers,
// a pool that becomes ready, rollouts and drain passes that finish after a few polls, unless the
// scenario says otherwise.
import type { WorkloadRef } from '../../../../src/ports/kubernetes.js';
import {
  ACTIVITY,
  type ActivityName,
  type CopyIdentitiesOutput,
  type CordonInput,
  type CordonOutput,
  type CreatePoolOutput,
  type DeletePoolInput,
  type DeletePoolOutput,
  type DrainPassOutput,
  type PlacementRecheck,
  type PlanSummary,
  type PoolStatus,
  type PoolStatusInput,
  type PrePullStarted,
  type PrePullStatus,
  type SourcePoolCheck,
  type VerifyGmsaOutput,
  type WorkloadBatchInput,
  type WorkloadPatchResult,
  type WorkloadReleaseResult,
  type WorkloadRestoreResult,
  type WorkloadRollout,
} from '../../../../src/workflow/contracts/index.js';
import type { Call, Scenario } from './scenario.js';

/** One upgrade's fake world: what has been called and changed so far. */
export class FakeWorld {
  readonly calls: Call[] = [];
  poolPolls = 0;
  readonly rolloutPolls = new Map<string, number>();
  drainPassesDone = 0;
  restored = false;
  sourceDeleted = false;
  sourcePollsAfterDelete = 0;
  readonly workloads: WorkloadRef[];
  readonly daemonSets: WorkloadRef[];

  constructor(readonly scenario: Scenario) {
    this.workloads = Array.from({ length: scenario.workloads ?? 3 }, (_, i) => ({
      kind: 'Deployment' as const,
      namespace: 'shop',
      name: `web${i}`,
    }));
    this.daemonSets = Array.from({ length: scenario.daemonSets ?? 1 }, (_, i) => ({
      kind: 'DaemonSet' as const,
      namespace: 'monitoring',
      name: `agent${i}`,
    }));
  }

  count(name: ActivityName): number {
    return this.calls.filter((c) => c.name === name).length;
  }
}

const refText = (r: WorkloadRef): string => `${r.kind} ${r.namespace}/${r.name}`;

type Handler = (fake: FakeWorld, input: Record<string, unknown>) => unknown;

export const answers: Record<ActivityName, Handler> = {
  planUpgrade: (f): PlanSummary => ({
    planHash: 'feedc0de12345678',
    clusterResourceId:
      '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1',
    sourcePool: 'win19',
    sourceOsSku: 'Windows2019',
    targetPool: 'w22a',
    targetOsSku: 'Windows2022',
    expectedNodes: 2,
    workloads: f.workloads,
    daemonSets: f.daemonSets,
    imagesToPrePull: f.scenario.imagesToPrePull ?? 2,
    blockers: f.scenario.blockers ?? [],
  }),
  createPool: (): CreatePoolOutput => ({ outcome: 'created' }),
  getPoolStatus: (f, input): PoolStatus => {
    if ((input as unknown as PoolStatusInput).pool === 'source') {
      if (f.sourceDeleted) f.sourcePollsAfterDelete += 1;
      const gone =
        f.sourceDeleted && f.sourcePollsAfterDelete > (f.scenario.sourceGoneAfterPolls ?? 0);
      return { exists: !gone, nodesReady: 0, nodesExpected: 0 };
    }
    f.poolPolls += 1;
    if (f.poolPolls >= (f.scenario.poolFailsAtPoll ?? Number.POSITIVE_INFINITY)) {
      const reason = f.scenario.poolError;
      return {
        exists: true,
        provisioningState: 'Failed',
        nodesReady: 1,
        nodesExpected: 2,
        ...(reason ? { provisioningError: reason } : {}),
      };
    }
    const ready = f.poolPolls > (f.scenario.poolReadyAfterPolls ?? 1);
    return ready
      ? { exists: true, provisioningState: 'Succeeded', nodesReady: 2, nodesExpected: 2 }
      : { exists: true, provisioningState: 'Creating', nodesReady: 0, nodesExpected: 2 };
  },
  copyIdentities: (): CopyIdentitiesOutput => ({
    userAssignedAdded: 1,
    roleAssignmentsCopied: 2,
    accessPoliciesCopied: 1,
  }),
  verifyGmsaAccess: (): VerifyGmsaOutput => ({ checked: 1 }),
  // Two pullers: puller 0 holds the images of web0, web2, ...; puller 1 those of web1, web3, ... and
  // of the DaemonSets. Puller 0 is done at the first status poll, puller 1 at the second.
  startPrePull: (f): PrePullStarted => ({
    desired: 0,
    ready: 0,
    pullersDone: [],
    needs: [
      ...f.workloads.map((workload, i) => ({ workload, pullers: [i % 2] })),
      ...f.daemonSets.map((workload) => ({ workload, pullers: [1] })),
    ].filter((n) => !f.scenario.prePullForgets?.includes(n.workload.name)),
  }),
  getPrePullStatus: (f): PrePullStatus =>
    f.count(ACTIVITY.prePullStatus) > 1 && !f.scenario.prePullNeverReady
      ? { desired: 2, ready: 2, pullersDone: [0, 1] }
      : { desired: 2, ready: 1, pullersDone: [0] },
  stopPrePull: () => null,
  patchWorkloads: (f, input): WorkloadPatchResult[] =>
    (input as unknown as WorkloadBatchInput).workloads.map((ref) => ({
      ref,
      outcome: f.scenario.missing?.includes(ref.name) ? 'missing' : 'patched',
    })),
  restoreWorkloads: (f, input): WorkloadRestoreResult[] => {
    f.restored = true;
    return (input as unknown as WorkloadBatchInput).workloads.map((ref) => ({
      ref,
      outcome: 'restored',
      podsDeleted: 0,
    }));
  },
  getRestoreStatus: (f, input): WorkloadRollout[] => {
    const { workloads } = input as unknown as WorkloadBatchInput;
    const done = f.restored && !f.scenario.restoredNeverReady;
    return workloads.map((ref) => rollout(ref, done, false, done ? 'restored' : 'waiting'));
  },
  getRolloutStatus: (f, input): WorkloadRollout[] => {
    const { workloads } = input as unknown as WorkloadBatchInput;
    if (f.scenario.rolloutFails) {
      return workloads.map((ref, i) => rollout(ref, false, i === 0, 'ProgressDeadlineExceeded'));
    }
    return workloads.map((ref) => {
      const polls = (f.rolloutPolls.get(refText(ref)) ?? 0) + 1;
      f.rolloutPolls.set(refText(ref), polls);
      const done = polls > (f.scenario.rolloutDoneAfterPolls ?? 1);
      return rollout(ref, done, false, done ? 'complete' : '0 of 2 updated replicas are available');
    });
  },
  checkSourcePool: (f): SourcePoolCheck => ({ unplanned: [...(f.scenario.unplanned ?? [])] }),
  cordonPool: (_f, input): CordonOutput => ({
    nodes: (input as unknown as CordonInput).unschedulable ? 2 : 2,
  }),
  drainPool: (f): DrainPassOutput => {
    f.drainPassesDone += 1;
    const empty = f.drainPassesDone >= (f.scenario.drainPasses ?? 2);
    const blocked = f.scenario.drainBlockedByPdb
      ? [{ pod: 'shop/web0-abc', reason: 'PodDisruptionBudget shop/web-pdb allows 0 disruptions' }]
      : [];
    return {
      remaining: empty ? 0 : 3,
      evicted: empty ? 0 : 1,
      blocked: empty ? [] : blocked,
      refused: [],
    };
  },
  narrowDaemonSets: (f): WorkloadPatchResult[] =>
    f.daemonSets.map((ref) => ({ ref, outcome: 'patched' })),
  deletePool: (f, input): DeletePoolOutput => {
    if ((input as unknown as DeletePoolInput).pool === 'source') f.sourceDeleted = true;
    return { outcome: 'deleting' };
  },
  recordUpgrade: () => null,
  releaseWorkloads: (_f, input): WorkloadReleaseResult[] =>
    (input as unknown as WorkloadBatchInput).workloads.map((ref) => ({ ref, outcome: 'released' })),
  recheckPlacements: (f, input): PlacementRecheck[] =>
    (input as unknown as WorkloadBatchInput).workloads.map((ref) =>
      f.scenario.reverted?.includes(ref.name)
        ? { ref, verdict: 'mayLandOnOldPool', reasons: ['old pool: agentpool=win19 is back'] }
        : { ref, verdict: 'onNewPool', reasons: [] },
    ),
};

function rollout(
  ref: WorkloadRef,
  done: boolean,
  failed: boolean,
  reason: string,
): WorkloadRollout {
  return { ref, state: { done, failed, reason }, ready: done ? 2 : 0, desired: 2 };
}
