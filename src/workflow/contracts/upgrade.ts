/**
 * The upgrade orchestrations' own contracts: what `upgradeWindowsPool` returns and shows as its
 * custom status (read by the API and the CLI), and the `upgradeWorkloadBatch` sub-orchestration's
 * input and output.
 */
import { z } from 'zod';
import { UPGRADE_STATES } from '../../domain/upgrade-state.js';
import { planSummary } from './upgrade-activities.js';
import { failure, list, planRef, retryPolicy, workloadRef } from './shapes.js';

/** What `upgradeWindowsPool` returns: the outcome, plus the plan summary for dry runs and blockers. */
export const upgradeOutcome = z.object({
  state: z.enum(UPGRADE_STATES),
  planHash: z.string().optional(),
  targetPool: z.string().optional(),
  lastError: failure.optional(),
  plan: planSummary.optional(),
});
export type UpgradeOutcome = z.output<typeof upgradeOutcome>;

export const STEP_NAMES = [
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
] as const;
export type StepName = (typeof STEP_NAMES)[number];

/** `stopped`: cut short by a rollback that another step's failure (or a cancel) started. */
export const STEP_STATES = [
  'pending',
  'running',
  'succeeded',
  'failed',
  'stopped',
  'skipped',
] as const;
export type StepState = (typeof STEP_STATES)[number];

/** The custom status: a bounded summary (Durable refuses more than 16 KB). */
export const upgradeStatus = z.object({
  phase: z.enum(UPGRADE_STATES),
  cluster: z.string(),
  sourcePool: z.string(),
  targetPool: z.string().optional(),
  targetOsSku: z.string().optional(),
  planHash: z.string().optional(),
  steps: list(
    z.object({
      name: z.enum(STEP_NAMES),
      state: z.enum(STEP_STATES),
      startedAt: z.string().optional(),
      endedAt: z.string().optional(),
      detail: z.string().optional(),
    }),
  ),
  workloads: z.object({ ready: z.int().nonnegative(), total: z.int().nonnegative() }),
  awaitingApproval: z.boolean(),
  lastError: failure.optional(),
});
export type UpgradeStatus = z.output<typeof upgradeStatus>;

/** upgradeWorkloadBatch: one activity applied to a group of workloads, chunk by chunk. */
export const BATCH_OPERATIONS = [
  'patch',
  'restore',
  'rollout',
  'restoreStatus',
  'recheckPlacement',
  'release',
] as const;
export type BatchOperation = (typeof BATCH_OPERATIONS)[number];

export const workloadBatchOrchestrationInput = z.object({
  ref: planRef,
  operation: z.enum(BATCH_OPERATIONS),
  workloads: list(workloadRef),
  retry: retryPolicy,
});
export type WorkloadBatchOrchestrationInput = z.output<typeof workloadBatchOrchestrationInput>;

/** Per chunk: the activity's result, or its failure (a batch never throws for one chunk). */
export const chunkOutcome = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), workloads: list(workloadRef), value: z.unknown() }),
  z.object({
    ok: z.literal(false),
    workloads: list(workloadRef),
    code: z.string(),
    message: z.string(),
  }),
]);
export type ChunkOutcome = z.output<typeof chunkOutcome>;
