/** DESIGN section 2, steps 1-3: the new pool, its identities, and the image pre-pull. */
import { WinshiftError } from '../domain/errors.js';
import type { Step } from './calls.js';
import {
  ACTIVITY,
  type CopyIdentitiesOutput,
  type CreatePoolOutput,
  type PoolStatus,
  type PrePullStatus,
  type VerifyGmsaOutput,
} from './contracts.js';
import { call, log, type Run } from './run.js';

const poolReady = (s: PoolStatus): boolean =>
  s.exists && s.provisioningState === 'Succeeded' && s.nodesReady >= s.nodesExpected;

function describePool(s: PoolStatus): string {
  if (!s.exists) return 'not visible yet';
  return `${s.provisioningState ?? 'unknown'}, nodes ${s.nodesReady}/${s.nodesExpected} Ready`;
}

/** 1a. PUT the pool (or adopt an identical one); its provisioning goes on while later steps start. */
export function* requestPool(run: Run): Step<CreatePoolOutput['outcome']> {
  const { status, ref, plan } = run;
  run.waits.throwIfCancelled();
  status.start('createPool', `creating ${plan.targetPool} (${plan.targetOsSku})`);
  run.changed.add('pool');
  const created = yield* call<CreatePoolOutput>(run, ACTIVITY.createPool, ref);
  log(run.context, run.request, 'createPool', `pool ${plan.targetPool} ${created.outcome}`);
  return created.outcome;
}

/** 1b. Waits for the new pool: Succeeded with every node Ready. */
export function* waitPoolReady(run: Run, outcome: CreatePoolOutput['outcome']): Step<void> {
  const { status, timing, ref, plan } = run;
  status.resume('createPool');
  const { value, timedOut } = yield* run.waits.poll({
    timeoutInSeconds: timing.poolReadyTimeoutInSeconds,
    probe: function* () {
      const s = yield* call<PoolStatus>(run, ACTIVITY.poolStatus, { ...ref, pool: 'target' });
      status.detail('createPool', `${outcome}: ${describePool(s)}`);
      return s;
    },
    // A Failed provisioning never turns into Succeeded: stop waiting at once.
    done: (s) => poolReady(s) || s.provisioningState === 'Failed',
  });
  if (value.provisioningState === 'Failed') {
    throw new WinshiftError('POOL_READY_TIMEOUT', `pool ${plan.targetPool}: provisioning Failed`);
  }
  if (timedOut) {
    throw new WinshiftError(
      'POOL_READY_TIMEOUT',
      `pool ${plan.targetPool} not ready after ${timing.poolReadyTimeoutInSeconds} s: ${describePool(value)}`,
    );
  }
  status.succeed('createPool', `${outcome}: ${describePool(value)}`);
}

/** 2. Identities onto the new pool's VMSS, then the gMSA secrets checked from it. */
export function* copyIdentities(run: Run): Step<void> {
  run.waits.throwIfCancelled();
  run.status.start('copyIdentities');
  const copied = yield* call<CopyIdentitiesOutput>(run, ACTIVITY.copyIdentities, run.ref);
  const summary = `${copied.userAssignedAdded} identities assigned, ${copied.roleAssignmentsCopied} role assignments, ${copied.accessPoliciesCopied} access policies`;
  run.status.detail('copyIdentities', summary);
  const gmsa = yield* call<VerifyGmsaOutput>(run, ACTIVITY.verifyGmsa, run.ref);
  run.status.succeed('copyIdentities', `${summary}; ${gmsa.checked} gMSA secrets reachable`);
}

const prePullWanted = (run: Run): boolean =>
  run.request.options.prePull && run.plan.imagesToPrePull > 0;

/**
 * 3a. Pre-pull, started while the pool provisions: the pullers are DaemonSets pinned to the new
 * pool, so each node starts pulling the moment it joins instead of after the whole pool is ready.
 * The pullers need no copied identity (the kubelet identity pulls), so they need not wait for step 2.
 */
export function* startPrePull(run: Run): Step<void> {
  const { status, request, plan } = run;
  run.waits.throwIfCancelled();
  if (!prePullWanted(run)) {
    status.skip('prePull', request.options.prePull ? 'no new images' : 'disabled by request');
    return;
  }
  status.start('prePull', `${plan.imagesToPrePull} images, pulled as the new nodes join`);
  run.changed.add('prePull');
  yield* call<unknown>(run, ACTIVITY.startPrePull, run.ref);
}

/**
 * 3b. Waits for the pre-pull. Pre-pull is an optimisation, so a slow one does not stop the upgrade
 * (past its timeout the rollout pulls what is left); a failing one does.
 */
export function* finishPrePull(run: Run): Step<void> {
  const { status, timing } = run;
  if (!prePullWanted(run)) return;
  status.resume('prePull');
  const { value, timedOut } = yield* run.waits.poll({
    timeoutInSeconds: timing.prePullTimeoutInSeconds,
    probe: function* () {
      const s = yield* call<PrePullStatus>(run, ACTIVITY.prePullStatus, run.ref);
      status.detail('prePull', `${s.ready}/${s.desired} nodes pulled`);
      return s;
    },
    done: (s) => s.desired > 0 && s.ready >= s.desired,
  });
  const pulled = `${value.ready}/${value.desired} nodes pulled`;
  status.succeed('prePull', timedOut ? `${pulled}; timed out, going on without it` : pulled);
}

/**
 * 3c. Removes the pullers, once the workloads are patched: the patch need not wait for the cleanup.
 * The pulled images stay in the nodes' caches. After a failure, the rollback removes them instead.
 */
export function* removePullers(run: Run): Step<void> {
  if (!run.changed.has('prePull')) return;
  yield* call<unknown>(run, ACTIVITY.stopPrePull, run.ref);
  run.changed.delete('prePull');
}
