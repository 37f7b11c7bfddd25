/**
 * The upgrade orchestration's input: which pool, with which options, started by whom. This is the
 * structure the orchestrator relies on (names and types); the entry points' policy on top of it
 * (ranges, name rules, defaults, messages: src/app/requests.ts) must produce exactly this, which the
 * compiler checks. Strict: a field the orchestrator does not know is a contract breach.
 */
import { z } from 'zod';
import { MANAGED_WORKLOAD_POLICIES } from '../../domain/managed-by.js';
import { OS_SKUS } from '../../domain/os.js';
import type { UpgradeOptions } from '../../domain/plan.js';
import { STARTERS } from '../../domain/upgrade-state.js';
import { retryPolicy } from './shapes.js';

export const upgradeOptions = z.strictObject({
  targetOsSku: z.enum(OS_SKUS).optional(),
  newPoolName: z.string().min(1).optional(),
  imageMap: z.record(z.string(), z.string()),
  prePull: z.boolean(),
  drainTimeoutInSeconds: z.number().positive(),
  rolloutTimeoutInSeconds: z.number().positive(),
  autoApproveAfterSoakInSeconds: z.number().nonnegative().optional(),
  approvalTimeoutInSeconds: z.number().positive(),
  deleteNewPoolOnRollback: z.boolean(),
  dryRun: z.boolean(),
  /** Absent in inputs of starts before the option existed: allow. */
  managedWorkloads: z.enum(MANAGED_WORKLOAD_POLICIES).optional(),
}) satisfies z.ZodType<UpgradeOptions>;

/** Poll and retry pacing (durations may be fractional seconds). */
export const workflowTiming = z.strictObject({
  /** The first wait between two polls; later waits are a tenth of the time waited, up to the max. */
  pollInitialInSeconds: z.number().positive(),
  pollMaxInSeconds: z.number().positive(),
  /** New pool Succeeded with every node Ready (POOL_READY_TIMEOUT after this). */
  poolReadyTimeoutInSeconds: z.number().positive(),
  /** Pre-pull is an optimisation: past this the upgrade goes on without it. */
  prePullTimeoutInSeconds: z.number().positive(),
  /** The old pool's deletion is watched this long, then left to AKS. */
  poolDeleteTimeoutInSeconds: z.number().positive(),
  /** Transient activity failures only; the fields of durable-functions' RetryOptions. */
  retry: retryPolicy,
});
export type WorkflowTiming = z.output<typeof workflowTiming>;

/**
 * The version of `upgradeWindowsPool` new starts get. An input carries the version it was started
 * with, and the orchestrator keeps that version's order and kind of yields for the whole run, so a
 * deployment never changes the path of a run already going (docs/adr/0006). Inputs without one are
 * version 1.
 */
export const CURRENT_UPGRADE_VERSION = 2;

/** The orchestration input (built and validated by the one start path, src/app). */
export const upgradeRequest = z.strictObject({
  clusterResourceId: z.string().min(1),
  poolName: z.string().min(1),
  options: upgradeOptions,
  startedBy: z.enum(STARTERS),
  /**
   * This run of the pool's upgrade (src/app/ids.ts). Absent in inputs of version 1 starters: the
   * run id is then the instance id.
   */
  runId: z.string().min(1).optional(),
  /** The orchestration version this run follows; absent: 1. */
  version: z.int().min(1).max(CURRENT_UPGRADE_VERSION).optional(),
  /** Starters leave it out (defaults); tests and benchmarks shorten it. */
  timing: workflowTiming
    .omit({ retry: true })
    .partial()
    .extend({ retry: retryPolicy.partial().optional() })
    .optional(),
});
export type UpgradeRequest = z.output<typeof upgradeRequest>;
