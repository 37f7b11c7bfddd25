/**
 * The documented shapes the API answers with (the OpenAPI document describes these). Built from the
 * Durable status, the custom status the orchestrator keeps (UpgradeStatus) and the store's rows.
 */
import type { Plan } from '../domain/plan.js';
import type { UpgradeRecord, WorkloadProgress } from '../ports/store.js';
import type { UpgradeOutcome, UpgradeStatus } from '../workflow/contracts/index.js';
import type { InstanceStatus } from '../ports/orchestration.js';
import type { RunActors } from './audit.js';

export interface UpgradeLinks {
  readonly status: string;
  readonly approve: string;
  readonly cancel: string;
  readonly terminate: string;
}

export function linksOf(baseUrl: string, instanceId: string): UpgradeLinks {
  const status = `${baseUrl}/api/upgrades/${instanceId}`;
  return {
    status,
    approve: `${status}/approve`,
    cancel: `${status}/cancel`,
    terminate: `${status}/terminate`,
  };
}

export interface PlanView {
  readonly sourcePool: string;
  readonly sourceOsSku: string;
  readonly targetPool: string;
  readonly targetOsSku: string;
  readonly workloads: number;
  readonly blockers: Plan['blockers'];
  readonly warnings: NonNullable<Plan['warnings']>;
}

export function planView(plan: Plan): PlanView {
  return {
    sourcePool: plan.sourcePool.name,
    sourceOsSku: plan.sourcePool.osSku,
    targetPool: plan.target.poolName,
    targetOsSku: plan.target.osSku,
    workloads: plan.workloads.length,
    blockers: plan.blockers,
    warnings: plan.warnings ?? [],
  };
}

/** GET /api/upgrades/{id}. `status` is the orchestrator's custom status; `outcome` its output. */
export interface UpgradeView {
  readonly id: string;
  readonly runtimeStatus: string;
  readonly createdAt?: string;
  readonly lastUpdatedAt?: string;
  readonly record?: UpgradeRecord;
  readonly status?: UpgradeStatus;
  readonly outcome?: UpgradeOutcome;
  readonly plan?: PlanView;
  readonly workloads: readonly WorkloadProgress[];
  /** Who started, approved, cancelled or terminated the run (from its audit). */
  readonly actors?: RunActors;
  readonly links: UpgradeLinks;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function upgradeView(input: {
  readonly id: string;
  readonly instance?: InstanceStatus;
  readonly record?: UpgradeRecord;
  readonly plan?: Plan;
  readonly workloads: readonly WorkloadProgress[];
  readonly actors?: RunActors;
  readonly links: UpgradeLinks;
}): UpgradeView {
  const { instance } = input;
  return {
    id: input.id,
    // A row without an instance: the history was purged; the row still tells how it ended.
    runtimeStatus: instance?.runtimeStatus ?? 'Unknown',
    ...(instance
      ? { createdAt: instance.createdTime, lastUpdatedAt: instance.lastUpdatedTime }
      : {}),
    ...(input.record ? { record: input.record } : {}),
    ...(isObject(instance?.customStatus)
      ? { status: instance.customStatus as unknown as UpgradeStatus }
      : {}),
    ...(isObject(instance?.output)
      ? { outcome: instance.output as unknown as UpgradeOutcome }
      : {}),
    ...(input.plan ? { plan: planView(input.plan) } : {}),
    workloads: input.workloads,
    ...(input.actors ? { actors: input.actors } : {}),
    links: input.links,
  };
}
