/**
 * The custom status a person watching an upgrade reads: phase, each step with its state and times
 * (from the orchestration clock, so replays publish the same text), workloads ready/total, whether
 * approval is awaited, and the last error. Counts and short texts only, whatever the number of
 * workloads: Durable refuses a custom status over 16 KB; the full plan and per-workload progress live
 * in storage, served by the status endpoint.
 */
import type { OrchestrationContext } from 'durable-functions';
import type { UpgradeState } from '../domain/upgrade-state.js';
import { clip, type Failure } from './calls.js';
import type {
  PlanSummary,
  StepName,
  StepState,
  UpgradeRequest,
  UpgradeStatus,
} from './contracts/index.js';

const STEPS: readonly StepName[] = [
  'plan',
  'createPool',
  'copyIdentities',
  'prePull',
  'patchWorkloads',
  'rollout',
  'cordon',
  'drain',
  'approval',
  'deleteOldPool',
  'rollback',
];
const MAX_DETAIL = 240;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type StepEntry = Mutable<UpgradeStatus['steps'][number]>;

export class StatusBoard {
  private readonly status: Mutable<Omit<UpgradeStatus, 'steps'>>;
  private readonly steps: StepEntry[] = STEPS.map((name) => ({ name, state: 'pending' }));
  private focus: StepName | undefined;
  /** While a failed call waits for its retry: the last error it replaced (restored on success). */
  private beforeRetry: { readonly lastError: UpgradeStatus['lastError'] } | undefined;

  constructor(
    private readonly context: OrchestrationContext,
    request: UpgradeRequest,
  ) {
    this.status = {
      phase: 'Planning',
      cluster: request.clusterResourceId,
      sourcePool: request.poolName,
      workloads: { ready: 0, total: 0 },
      awaitingApproval: false,
    };
  }

  get phase(): UpgradeState {
    return this.status.phase;
  }

  get lastError(): Failure | undefined {
    return this.status.lastError as Failure | undefined;
  }

  /**
   * The steps now running, in workflow order: more than one while the pre-pull runs alongside the
   * pool's provisioning.
   */
  get running(): StepName[] {
    return this.steps.filter((s) => s.state === 'running').map((s) => s.name);
  }

  /** The running step the workflow is working on now: the one a failure is charged to. */
  get current(): StepName | undefined {
    const running = this.running;
    return this.focus !== undefined && running.includes(this.focus) ? this.focus : running[0];
  }

  /** The workflow turns back to a step it started earlier (its wait, after others started). */
  resume(name: StepName): void {
    this.focus = name;
  }

  setPhase(phase: UpgradeState): void {
    this.status.phase = phase;
    this.publish();
  }

  setPlan(plan: PlanSummary): void {
    this.status.targetPool = plan.targetPool;
    this.status.targetOsSku = plan.targetOsSku;
    this.status.planHash = plan.planHash;
    this.status.workloads = { ready: 0, total: plan.workloads.length + plan.daemonSets.length };
    this.publish();
  }

  setWorkloads(ready: number, total: number): void {
    this.status.workloads = { ready, total };
    this.publish();
  }

  setAwaitingApproval(awaiting: boolean): void {
    this.status.awaitingApproval = awaiting;
    this.publish();
  }

  setError(failure: Failure): void {
    this.beforeRetry = undefined;
    this.status.lastError = { code: failure.code, message: clip(failure.message, 500) };
    this.publish();
  }

  /**
   * A failed call waits for its retry (a busy cluster, a throttled API): its failure is the last
   * error, saying when the next attempt is, until the call succeeds. Step details are left alone
   * (they carry the step's own counts, which app/left-behind.ts reads).
   */
  retrying(failure: Failure, attempt: number, at: Date): void {
    this.beforeRetry ??= { lastError: this.status.lastError };
    const next = `; attempt ${attempt + 1} at ${at.toISOString()}`;
    this.status.lastError = {
      code: failure.code,
      message: `${clip(failure.message, 500 - next.length)}${next}`,
    };
    this.publish();
  }

  /** The call that was waiting succeeded: the last error is what it was before. */
  recovered(): void {
    if (this.beforeRetry === undefined) return;
    const { lastError } = this.beforeRetry;
    this.beforeRetry = undefined;
    if (lastError === undefined) delete this.status.lastError;
    else this.status.lastError = lastError;
    this.publish();
  }

  start(name: StepName, detail?: string): void {
    this.focus = name;
    this.update(name, 'running', detail, { startedAt: this.now() });
  }

  succeed(name: StepName, detail?: string): void {
    this.update(name, 'succeeded', detail, { endedAt: this.now() });
  }

  fail(name: StepName, detail?: string): void {
    this.update(name, 'failed', detail, { endedAt: this.now() });
  }

  /** Ends a step that was still running when another one failed. */
  stop(name: StepName, detail?: string): void {
    this.update(name, 'stopped', detail, { endedAt: this.now() });
  }

  skip(name: StepName, detail?: string): void {
    this.update(name, 'skipped', detail, {});
  }

  detail(name: StepName, detail: string): void {
    const step = this.step(name);
    this.update(name, step.state, detail, {});
  }

  snapshot(): UpgradeStatus {
    return { ...this.status, steps: this.steps.map((s) => ({ ...s })) };
  }

  private update(
    name: StepName,
    state: StepState,
    detail: string | undefined,
    times: { startedAt?: string; endedAt?: string },
  ): void {
    const step = this.step(name);
    step.state = state;
    Object.assign(step, times);
    if (detail !== undefined) step.detail = clip(detail, MAX_DETAIL);
    this.publish();
  }

  private step(name: StepName): StepEntry {
    const step = this.steps.find((s) => s.name === name);
    if (!step) throw new Error(`unknown step ${name}`);
    return step;
  }

  private now(): string {
    return this.context.df.currentUtcDateTime.toISOString();
  }

  private publish(): void {
    this.context.df.setCustomStatus(this.snapshot());
  }
}
