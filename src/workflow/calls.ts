/**
 * Calling activities from the orchestrator: transient failures retried with backoff, everything else
 * failing fast, and many workloads handled in chunks with bounded concurrency.
 *
 * Why not `callActivityWithRetry`: its RetryOptions (durable-functions 3.5) hold only intervals and
 * counts; the host runs the retries and retries every failure alike (the .NET `Handle` predicate has
 * no out-of-process counterpart; the local host's `decideRetry` does the same). A PLAN_CHANGED or
 * POOL_CONFLICT retried six times costs minutes and repeats calls that cannot succeed. So the
 * orchestrator retries itself: a failed call whose code is transient (`isTransient`) waits on a
 * durable timer and is called again; the history holds the same events the host would write
 * (TaskFailed, TimerCreated, TimerFired, TaskScheduled). The activity contract stays "throw
 * WinshiftError", and the policy has RetryOptions' fields. A busy resource
 * (CLUSTER_OPERATION_IN_PROGRESS, `isBusy`) is retried the same way, with the same backoff, until a
 * time budget instead of an attempt count runs out (docs/adr/0009): the same kind and order of
 * tasks, repeated longer, for a code no earlier history holds.
 */
import type { OrchestrationContext, Task } from 'durable-functions';
import type { z } from 'zod';
import {
  WinshiftError,
  errorCodeOf,
  isBusy,
  isTransient,
  type ErrorCode,
} from '../domain/errors.js';
import {
  checkContract,
  type ChunkOutcome,
  type PlanRef,
  type RetryPolicy,
} from './contracts/index.js';
import type { WorkloadRef } from '../ports/kubernetes.js';
import { BUSY_RETRY_TIMEOUT_IN_MILLISECONDS, retryDelayInMilliseconds } from './timing.js';

/** An orchestrator step: a generator yielding Durable tasks, delegated to with `yield*`. */
export type Step<T> = Generator<Task, T, unknown>;

export interface Failure {
  readonly code: ErrorCode;
  readonly message: string;
}

const MAX_MESSAGE = 500;

/**
 * The code and readable message of a failure. Durable hands an activity's failure to the orchestrator
 * as `${Reason} \n ${Details}` (durable-functions 3.5 TaskOrchestrationExecutor), where the real
 * extension's Reason is "Activity function 'x' failed: [CODE] message" and Details the serialized .NET
 * exception (Azure/azure-functions-durable-extension#3049): the code, and the message's first line
 * after it, are all a person needs; the rest never reaches a status or a record.
 */
export function failureOf(error: unknown): Failure {
  const text = error instanceof Error ? error.message : String(error);
  const code = errorCodeOf(error);
  const at = text.indexOf(`[${code}]`);
  const from = at >= 0 ? text.slice(at + code.length + 2) : text;
  const message = (from.split('\n')[0] ?? '').trim();
  return { code, message: clip(message, MAX_MESSAGE) };
}

/** The first `max` items, and how many more there are. */
export function listed(items: readonly string[], max = 5): string {
  return (
    items.slice(0, max).join(', ') + (items.length > max ? ` and ${items.length - max} more` : '')
  );
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function after(context: OrchestrationContext, milliseconds: number): Date {
  return new Date(context.df.currentUtcDateTime.getTime() + Math.max(0, milliseconds));
}

/** An activity's input and output schemas (src/workflow/contracts). */
export interface ActivityContract<
  I extends z.ZodType = z.ZodType,
  O extends z.ZodType = z.ZodType,
> {
  readonly input: I;
  readonly output: O;
}

/** What the caller of a retried call is told while it waits; every hook is optional. */
export interface RetryHooks {
  /** A failed attempt (number `attempt`) is tried again at `at`. */
  readonly waiting?: (failure: Failure, attempt: number, at: Date) => void;
  /** The call succeeded after at least one retry. */
  readonly recovered?: () => void;
  /**
   * The wait before retrying a busy resource, when the caller has its own (one raced against a
   * cancel, which may end it by throwing); without it, a plain durable timer.
   */
  readonly busyWait?: (milliseconds: number) => Step<void>;
}

/** How a call has failed so far: transient failures and busy answers are counted apart. */
export interface RetryState {
  /** TRANSIENT failures so far (each one an attempt of maxNumberOfAttempts). */
  readonly transient: number;
  /** Busy answers so far, and the time of the first (orchestration clock, ms). */
  readonly busy: number;
  readonly busySince?: number;
}

/**
 * The wait before the next attempt of a call that has just failed with `code` (counted in `state`),
 * or undefined when that failure is final. TRANSIENT: the policy's backoff, up to
 * maxNumberOfAttempts. Busy: the same backoff while the busy budget lasts, counted from the first
 * busy answer to `nowInMs`; the last wait ends when the budget does. Anything else: final.
 */
export function retryWaitInMilliseconds(
  policy: RetryPolicy,
  code: ErrorCode,
  state: RetryState,
  nowInMs: number,
): number | undefined {
  if (isTransient(code)) {
    return state.transient < policy.maxNumberOfAttempts
      ? retryDelayInMilliseconds(policy, state.transient)
      : undefined;
  }
  if (!isBusy(code)) return undefined;
  const budget = policy.busyRetryTimeoutInMilliseconds ?? BUSY_RETRY_TIMEOUT_IN_MILLISECONDS;
  const left = budget - (nowInMs - (state.busySince ?? nowInMs));
  return left > 0 ? Math.min(retryDelayInMilliseconds(policy, state.busy), left) : undefined;
}

function counted(state: RetryState, code: ErrorCode, nowInMs: number): RetryState {
  if (isTransient(code)) return { ...state, transient: state.transient + 1 };
  if (!isBusy(code)) return state;
  return { ...state, busy: state.busy + 1, busySince: state.busySince ?? nowInMs };
}

function triesText(attempt: number, state: RetryState, nowInMs: number): string {
  if (attempt <= 1) return '';
  const busy =
    state.busySince === undefined
      ? ''
      : ` over ${Math.round((nowInMs - state.busySince) / 1000)} s`;
  return ` (after ${attempt} attempts${busy})`;
}

/**
 * One activity call; transient failures retried per `policy`, a busy resource for the policy's busy
 * budget, others thrown as WinshiftError. The result is checked against the contract's output
 * schema (CONTRACT_MISMATCH otherwise).
 */
export function* callActivity<C extends ActivityContract>(
  context: OrchestrationContext,
  name: string,
  contract: C,
  input: z.input<C['input']>,
  policy: RetryPolicy,
  hooks: RetryHooks = {},
): Step<z.output<C['output']>> {
  let state: RetryState = { transient: 0, busy: 0 };
  for (let attempt = 1; ; attempt += 1) {
    let result: unknown;
    try {
      result = yield context.df.callActivity(name, input);
    } catch (error) {
      const failure = failureOf(error);
      const now = context.df.currentUtcDateTime.getTime();
      state = counted(state, failure.code, now);
      const wait = retryWaitInMilliseconds(policy, failure.code, state, now);
      if (wait === undefined) {
        throw new WinshiftError(
          failure.code,
          `${name}${triesText(attempt, state, now)}: ${failure.message}`,
        );
      }
      const at = after(context, wait);
      hooks.waiting?.(failure, attempt, at);
      if (isBusy(failure.code) && hooks.busyWait) yield* hooks.busyWait(wait);
      else yield context.df.createTimer(at);
      continue;
    }
    if (attempt > 1) hooks.recovered?.();
    return checkContract(contract.output, result, `${name} returned`) as z.output<C['output']>;
  }
}

/**
 * Waits until every task has an outcome. Task.all fails at the first failure while its siblings
 * still run; rolling back then could race a patch still in flight. The stragglers are awaited one
 * by one: yielding an already scheduled task alone schedules nothing again (a new Task.all over
 * them would, because a compound action carries its children).
 */
export function* settleAll(context: OrchestrationContext, tasks: readonly Task[]): Step<void> {
  if (tasks.length === 0) return;
  try {
    yield context.df.Task.all([...tasks]);
  } catch {
    for (const task of tasks) {
      if (task.isCompleted || task.isFaulted) continue;
      try {
        yield task;
      } catch {
        // its failure is read from the task by the caller
      }
    }
  }
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Workloads per activity call, and calls in flight at once. */
export const CHUNK_SIZE = 5;
export const CHUNK_CONCURRENCY = 4;

interface PendingChunk {
  readonly workloads: readonly WorkloadRef[];
  readonly attempt: number;
}

/**
 * Calls `activity` for the workloads, CHUNK_SIZE per call, CHUNK_CONCURRENCY calls at a time. A chunk
 * failing transiently is retried in a later wave; with `stopOnFailure`, no new wave starts once a
 * chunk has failed for good (a restore goes on, to put back as much as it can).
 */
export function* runChunks(
  context: OrchestrationContext,
  activity: string,
  ref: PlanRef,
  workloads: readonly WorkloadRef[],
  policy: RetryPolicy,
  stopOnFailure: boolean,
): Step<ChunkOutcome[]> {
  const outcomes: ChunkOutcome[] = [];
  let pending: PendingChunk[] = chunk(workloads, CHUNK_SIZE).map((w) => ({
    workloads: w,
    attempt: 1,
  }));
  while (pending.length > 0) {
    const retries: PendingChunk[] = [];
    for (const wave of chunk(pending, CHUNK_CONCURRENCY)) {
      const tasks = wave.map((c) =>
        context.df.callActivity(activity, { ...ref, workloads: c.workloads }),
      );
      yield* settleAll(context, tasks);
      wave.forEach((c, i) => {
        const task = tasks[i];
        if (task?.isCompleted) {
          outcomes.push({ ok: true, workloads: c.workloads, value: task.result });
          return;
        }
        const failure = failureOf(task?.result);
        if (isTransient(failure.code) && c.attempt < policy.maxNumberOfAttempts) {
          retries.push({ workloads: c.workloads, attempt: c.attempt + 1 });
        } else {
          outcomes.push({ ok: false, workloads: c.workloads, ...failure });
        }
      });
      if (stopOnFailure && outcomes.some((o) => !o.ok)) return outcomes;
    }
    const next = retries[0];
    if (next) {
      const delay = retryDelayInMilliseconds(policy, next.attempt - 1);
      yield context.df.createTimer(after(context, delay));
    }
    pending = retries;
  }
  return outcomes;
}
