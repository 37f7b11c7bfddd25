/** Shapes several contracts share: workload and plan references, failures, retry pacing, blockers. */
import { z } from 'zod';
import { ERROR_CODES } from '../../domain/errors.js';
import type { WorkloadRef } from '../../domain/kube-objects.js';
import {
  WARNING_CODES,
  WORKLOAD_KINDS,
  type Blocker,
  type PlanWarning,
} from '../../domain/plan.js';

export const workloadRef = z.object({
  kind: z.enum(WORKLOAD_KINDS),
  namespace: z.string().min(1),
  name: z.string().min(1),
}) satisfies z.ZodType<WorkloadRef>;

/**
 * Every activity after planning takes this: who is asking, which run of the pool's upgrade it is
 * (one instance id serves every run of a pool; what a run saves and owns is keyed by its run id) and
 * which plan they act on.
 */
export const planRef = z.object({
  instanceId: z.string().min(1),
  runId: z.string().min(1),
  planHash: z.string().min(1),
});
export type PlanRef = z.output<typeof planRef>;

/** A failure as the status and the records show it: a winshift code and a readable message. */
export const failure = z.object({ code: z.string().min(1), message: z.string() });
export type FailureShape = z.output<typeof failure>;

/**
 * Transient activity failures only; the fields of durable-functions' RetryOptions. A busy resource
 * (CLUSTER_OPERATION_IN_PROGRESS) is retried with the same backoff for a time instead of a number of
 * attempts: `busyRetryTimeoutInMilliseconds` (absent in older inputs: the default of timing.ts).
 */
export const retryPolicy = z.strictObject({
  firstRetryIntervalInMilliseconds: z.number().nonnegative(),
  backoffCoefficient: z.number().positive(),
  maxNumberOfAttempts: z.int().min(1),
  maxRetryIntervalInMilliseconds: z.number().nonnegative(),
  busyRetryTimeoutInMilliseconds: z.number().nonnegative().optional(),
});
export type RetryPolicy = z.output<typeof retryPolicy>;

export const blocker = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  subject: z.string().optional(),
}) satisfies z.ZodType<Blocker>;

export const warning = z.object({
  code: z.enum(WARNING_CODES),
  message: z.string(),
  subject: z.string().optional(),
}) satisfies z.ZodType<PlanWarning>;

/** A JSON array, read-only once parsed (what the project's interfaces expect). */
export function list<T extends z.ZodType>(item: T): z.ZodReadonly<z.ZodArray<T>> {
  return z.array(item).readonly();
}
