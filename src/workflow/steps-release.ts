/**
 * The end of a Completed run (version 2): its `winshift.io/original` annotations come off the moved
 * workloads, so the next upgrade of the new pool finds no stale original on them. Bookkeeping: the
 * pool is already replaced, and another run ignores an annotation that is not its own, so a failure
 * here is shown on the status and never fails the run.
 */
import { failureOf, type Step } from './calls.js';
import { log, type Run } from './run.js';
import { batch, plannedWorkloads } from './steps-workloads.js';

export function* releaseWorkloads(run: Run): Step<void> {
  const workloads = plannedWorkloads(run);
  try {
    const released = yield* batch(run, 'release', workloads, 'release');
    const count = released.filter((r) => r.outcome === 'released').length;
    log(run.context, run.request, 'release', `${count} original annotations removed`);
  } catch (error) {
    const failure = failureOf(error);
    const note = `the original annotations stay on some workloads: [${failure.code}] ${failure.message}`;
    run.status.detail('deleteOldPool', note);
    log(run.context, run.request, 'release', note);
  }
}
