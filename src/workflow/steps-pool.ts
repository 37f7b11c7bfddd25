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

/** 1. PUT the pool (or adopt an identical one), then wait for Succeeded with every node Ready. */
export function* createPool(run: Run): Step<void> {
  const { status, timing, ref, plan } = run;
  run.waits.throwIfCancelled();
  status.start('createPool', `creating ${plan.targetPool} (${plan.targetOsSku})`);
  run.changed.add('pool');
  const created = yield* call<CreatePoolOutput>(run, ACTIVITY.createPool, ref);
  log(run.context, run.request, 'createPool', `pool ${plan.targetPool} ${created.outcome}`);
  const { value, timedOut } = yield* run.waits.poll({
    timeoutInSeconds: timing.poolReadyTimeoutInSeconds,
    probe: function* () {
      const s = yield* call<PoolStatus>(run, ACTIVITY.poolStatus, { ...ref, pool: 'target' });
      status.detail('createPool', `${created.outcome}: ${describePool(s)}`);
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
  status.succeed('createPool', `${created.outcome}: ${describePool(value)}`);
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

/**
 * 3. Pre-pull: an optimisation, so a slow one does not stop the upgrade (past its timeout the
 * rollout pulls what is left); a failing one does. The DaemonSet is removed either way (rollback
 * removes it after a failure).
 */
export function* prePull(run: Run): Step<void> {
  const { status, plan, request, timing } = run;
  run.waits.throwIfCancelled();
  if (!request.options.prePull || plan.imagesToPrePull === 0) {
    status.skip('prePull', request.options.prePull ? 'no new images' : 'disabled by request');
    return;
  }
  status.start('prePull', `${plan.imagesToPrePull} images`);
  run.changed.add('prePull');
  yield* call<unknown>(run, ACTIVITY.startPrePull, run.ref);
  const { value, timedOut } = yield* run.waits.poll({
    timeoutInSeconds: timing.prePullTimeoutInSeconds,
    probe: function* () {
      const s = yield* call<PrePullStatus>(run, ACTIVITY.prePullStatus, run.ref);
      status.detail('prePull', `${s.ready}/${s.desired} nodes pulled`);
      return s;
    },
    done: (s) => s.desired > 0 && s.ready >= s.desired,
  });
  yield* call<unknown>(run, ACTIVITY.stopPrePull, run.ref);
  run.changed.delete('prePull');
  const pulled = `${value.ready}/${value.desired} nodes pulled`;
  status.succeed('prePull', timedOut ? `${pulled}; timed out, going on without it` : pulled);
}
