// Fake activities for the orchestrator tests, registered by their contract names. Each upgrade
// instance gets its own scripted fake (looked up by the instance id every activity input carries),
// which records every call so tests can check what was changed, and in which order.
import type { ErrorCode } from '../../../../src/domain/errors.js';
import { WinshiftError } from '../../../../src/domain/errors.js';
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
import type { DurableModule } from './engine.js';

export interface Scenario {
  readonly workloads?: number;
  readonly daemonSets?: number;
  readonly blockers?: PlanSummary['blockers'];
  readonly imagesToPrePull?: number;
  /** Polls of the new pool before it is Succeeded with all nodes Ready (Infinity: never). */
  readonly poolReadyAfterPolls?: number;
  /** Rollout polls before workloads are done (Infinity: never); `failed`: ProgressDeadlineExceeded. */
  readonly rolloutDoneAfterPolls?: number;
  readonly rolloutFails?: boolean;
  /** Rollouts after a restore never complete. */
  readonly restoredNeverReady?: boolean;
  /** Drain passes before the pool is empty (Infinity: never); `pdb`: blocked by a PDB. */
  readonly drainPasses?: number;
  readonly drainBlockedByPdb?: boolean;
  readonly unplanned?: readonly string[];
  /** Puller 1 never finishes: the pre-pull waits until its timeout. */
  readonly prePullNeverReady?: boolean;
  /** Workloads (by name) startPrePull leaves out of `needs`: a contract breach. */
  readonly prePullForgets?: readonly string[];
  /** Polls of the old pool after its deletion before it is gone (Infinity: never). */
  readonly sourceGoneAfterPolls?: number;
  /** Activities that take this long (ms), e.g. to raise an event while one runs. */
  readonly slow?: Partial<Record<ActivityName, number>>;
  /** Activities that always fail with this code. */
  readonly fail?: Partial<Record<ActivityName, ErrorCode>>;
  /** Activities whose first N calls fail with TRANSIENT. */
  readonly transient?: Partial<Record<ActivityName, number>>;
  /** The patch of the chunk holding this workload fails (PROTECTED_WORKLOAD); other chunks are slow. */
  readonly patchFailsFor?: string;
  readonly slowPatchMs?: number;
  /** Workloads reported `missing` by the patch. */
  readonly missing?: readonly string[];
}

export interface Call {
  readonly name: ActivityName;
  readonly input: Record<string, unknown>;
}

/** One upgrade's fake world. */
export class FakeUpgrade {
  readonly calls: Call[] = [];
  poolPolls = 0;
  readonly rolloutPolls = new Map<string, number>();
  drainPassesDone = 0;
  restored = false;
  patchesInFlight = 0;
  /** Patch calls still running when the first restore started. */
  patchesInFlightAtRestore: number | undefined;
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

  /** Activity names in call order, with `cordonPool(false)` and `deletePool(target)` spelled out. */
  sequence(): string[] {
    return this.calls.map((c) => {
      if (c.name === ACTIVITY.cordonPool) return `cordonPool(${String(c.input.unschedulable)})`;
      if (c.name === ACTIVITY.deletePool || c.name === ACTIVITY.poolStatus)
        return `${c.name}(${String(c.input.pool)})`;
      return c.name;
    });
  }
}

const fakes = new Map<string, FakeUpgrade>();

export function fakeFor(instanceId: string, scenario: Scenario): FakeUpgrade {
  const fake = new FakeUpgrade(scenario);
  fakes.set(instanceId, fake);
  return fake;
}

const refText = (r: WorkloadRef): string => `${r.kind} ${r.namespace}/${r.name}`;

type Handler = (fake: FakeUpgrade, input: Record<string, unknown>) => unknown;

const handlers: Record<ActivityName, Handler> = {
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
    f.patchesInFlightAtRestore ??= f.patchesInFlight;
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
  releaseWorkloads: (_f, input): WorkloadReleaseResult[] =>
    (input as unknown as WorkloadBatchInput).workloads.map((ref) => ({ ref, outcome: 'released' })),
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
};

async function patchSlowly(fake: FakeUpgrade, input: Record<string, unknown>): Promise<unknown> {
  const { patchFailsFor, slowPatchMs } = fake.scenario;
  const names = (input as unknown as WorkloadBatchInput).workloads.map((w) => w.name);
  if (patchFailsFor && names.includes(patchFailsFor)) {
    throw new WinshiftError('PROTECTED_WORKLOAD', `${patchFailsFor} is managed by an add-on`);
  }
  fake.patchesInFlight += 1;
  try {
    if (slowPatchMs) await new Promise((resolve) => setTimeout(resolve, slowPatchMs));
    return handlers.patchWorkloads(fake, input);
  } finally {
    fake.patchesInFlight -= 1;
  }
}

function rollout(
  ref: WorkloadRef,
  done: boolean,
  failed: boolean,
  reason: string,
): WorkloadRollout {
  return { ref, state: { done, failed, reason }, ready: done ? 2 : 0, desired: 2 };
}

/** Registers every fake activity (call once per test file). */
export function registerFakeActivities(df: DurableModule): void {
  for (const [name, handler] of Object.entries(handlers) as [ActivityName, Handler][]) {
    df.app.activity(name, {
      handler: async (input: Record<string, unknown>): Promise<unknown> => {
        const id = String(input.instanceId);
        const fake = fakes.get(id);
        if (!fake) throw new Error(`no fake for instance ${id}`);
        fake.calls.push({ name, input });
        const slow = fake.scenario.slow?.[name];
        if (slow) await new Promise((resolve) => setTimeout(resolve, slow));
        const failing = fake.scenario.fail?.[name];
        if (failing) throw new WinshiftError(failing, `${name} failed on purpose`);
        const transient = fake.scenario.transient?.[name] ?? 0;
        if (fake.count(name) <= transient) {
          throw new WinshiftError(
            'TRANSIENT',
            `${name} attempt ${fake.count(name)}: 503 from the API`,
          );
        }
        if (name === ACTIVITY.patchWorkloads) return patchSlowly(fake, input);
        return handler(fake, input);
      },
    });
  }
}
