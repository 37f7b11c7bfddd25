/**
 * DESIGN section 2, step 8: the approval gate. It waits for `approve`, `cancel`, or a timer: after
 * the soak it approves on its own when the request says so; otherwise the timer is the approval
 * timeout, which rolls back.
 *
 * Version 2 waits in pieces of at most MAX_TIMER_PIECE, each raced against approve and cancel. A
 * longer timer is a durable-functions LongTimerTask (split by the SDK into pieces of
 * `longRunningTimerIntervalDuration`), and durable-functions 3.5's `LongTimerTask.trySetValue` has
 * no cancel check: after approve or cancel wins, a later piece of the cancelled timer can still fire
 * and schedule another piece (DESIGN section 7). Pieces no longer than the host's
 * `maximumShortTimerDuration` (6 days, src/local/durable/config.ts and host.json) are plain timers,
 * so no cancelled long timer exists and a piece firing after the approval schedules nothing.
 */
import { WinshiftError } from '../domain/errors.js';
import type { Task } from 'durable-functions';
import { after, type Step } from './calls.js';
import { EVENTS } from './contracts/index.js';
import { log, record, since, type Run } from './run.js';

/** The longest durable timer the approval wait creates: 3 days. */
export const MAX_TIMER_PIECE_IN_SECONDS = 3 * 24 * 3600;

export function* approval(run: Run): Step<void> {
  if (!since(run, 2)) return yield* approvalVersion1(run);
  const { context, status, request } = run;
  const { autoApproveAfterSoakInSeconds: soak, approvalTimeoutInSeconds } = request.options;
  run.waits.throwIfCancelled();
  const seconds = soak ?? approvalTimeoutInSeconds;
  status.start(
    'approval',
    soak === undefined ? `waiting up to ${seconds} s` : `soaking ${seconds} s`,
  );
  status.setPhase('AwaitingApproval');
  status.setAwaitingApproval(true);
  yield* record(run, 'AwaitingApproval');
  const approve = context.df.waitForExternalEvent(EVENTS.approve);
  const deadline = after(context, seconds * 1000).getTime();
  // An event that arrived while the AwaitingApproval record was written has completed its task
  // already, and a Task.any built over a completed task never completes on it: look first.
  let winner: Task | undefined = settled(approve, run.waits.cancel);
  for (let left = deadline - now(run); left > 0 && winner === undefined;) {
    const piece = Math.min(left, MAX_TIMER_PIECE_IN_SECONDS * 1000);
    const timer = context.df.createTimer(after(context, piece));
    const first = yield context.df.Task.any([approve, run.waits.cancel, timer]);
    if (first !== timer) {
      timer.cancel();
      winner = first as Task;
    }
    left = deadline - now(run);
  }
  status.setAwaitingApproval(false);
  run.waits.throwIfCancelled();
  const approved = winner === approve;
  if (!approved && soak === undefined) {
    throw new WinshiftError('APPROVAL_TIMEOUT', `no approval within ${approvalTimeoutInSeconds} s`);
  }
  finishApproval(run, approved ? approvedBy(approve) : `auto-approved after a ${seconds} s soak`);
  status.setPhase('Running');
  yield* record(run, 'Running');
}

const now = (run: Run): number => run.context.df.currentUtcDateTime.getTime();

/** The first of the tasks that has completed already, if any (cancel wins a tie). */
function settled(approve: Task, cancel: Task): Task | undefined {
  if (cancel.isCompleted) return cancel;
  return approve.isCompleted ? approve : undefined;
}

const approvedBy = (approve: Task): string => {
  const by = (approve.result as { by?: unknown } | undefined)?.by;
  return `approved${typeof by === 'string' ? ` by ${by}` : ''}`;
};

function finishApproval(run: Run, how: string): void {
  log(run.context, run.request, 'approval', how);
  run.status.succeed('approval', how);
}

/** Version 1 (released): one timer for the whole wait, however long. */
function* approvalVersion1(run: Run): Step<void> {
  const { context, status, request } = run;
  const { autoApproveAfterSoakInSeconds: soak, approvalTimeoutInSeconds } = request.options;
  run.waits.throwIfCancelled();
  const seconds = soak ?? approvalTimeoutInSeconds;
  status.start(
    'approval',
    soak === undefined ? `waiting up to ${seconds} s` : `soaking ${seconds} s`,
  );
  status.setPhase('AwaitingApproval');
  status.setAwaitingApproval(true);
  yield* record(run, 'AwaitingApproval');
  const approve = context.df.waitForExternalEvent(EVENTS.approve);
  const timer = context.df.createTimer(after(context, seconds * 1000));
  const winner = yield context.df.Task.any([approve, run.waits.cancel, timer]);
  if (winner !== timer) timer.cancel();
  status.setAwaitingApproval(false);
  run.waits.throwIfCancelled();
  if (winner === timer && soak === undefined) {
    throw new WinshiftError('APPROVAL_TIMEOUT', `no approval within ${approvalTimeoutInSeconds} s`);
  }
  const by = (approve.result as { by?: unknown } | undefined)?.by;
  const how =
    winner === timer
      ? `auto-approved after a ${seconds} s soak`
      : `approved${typeof by === 'string' ? ` by ${by}` : ''}`;
  log(context, request, 'approval', how);
  status.succeed('approval', how);
  status.setPhase('Running');
  yield* record(run, 'Running');
}
