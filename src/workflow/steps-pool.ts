/** DESIGN section 2, steps 1-2: the new pool and its identities. */
import { failedPool } from '../domain/azure-errors.js';
import { WinshiftError } from '../domain/errors.js';
import type { Step } from './calls.js';
import { ACTIVITY, type CreatePoolOutput, type PoolStatus } from './contracts/index.js';
import { call, log, type Run } from './run.js';

const poolReady = (s: PoolStatus): boolean =>
  s.exists && s.provisioningState === 'Succeeded' && s.nodesReady >= s.nodesExpected;

export function describePool(s: PoolStatus): string {
  if (!s.exists) return 'not visible yet';
  return `${s.provisioningState ?? 'unknown'}, nodes ${s.nodesReady}/${s.nodesExpected} Ready`;
}

/** 1a. PUT the pool (or adopt an identical one); its provisioning goes on while later steps start. */
export function* requestPool(run: Run): Step<CreatePoolOutput['outcome']> {
  const { status, ref, plan } = run;
  run.waits.throwIfCancelled();
  status.start('createPool', `creating ${plan.targetPool} (${plan.targetOsSku})`);
  run.changed.add('pool');
  const created = yield* call(run, ACTIVITY.createPool, ref);
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
      const s = yield* call(run, ACTIVITY.poolStatus, { ...ref, pool: 'target' });
      status.detail('createPool', `${outcome}: ${describePool(s)}`);
      return s;
    },
    // A Failed provisioning never turns into Succeeded: stop waiting at once.
    done: (s) => poolReady(s) || s.provisioningState === 'Failed',
  });
  if (value.provisioningState === 'Failed') {
    // AKS's reason (the pool's provisioning error) goes into the run's lastError; a quota is
    // QUOTA_EXCEEDED, anything else POOL_FAILED. Either way the rollback follows, as before.
    const failed = failedPool(plan.targetPool, value.provisioningError);
    throw new WinshiftError(failed.code, failed.message);
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
  const copied = yield* call(run, ACTIVITY.copyIdentities, run.ref);
  const summary = `${copied.userAssignedAdded} identities assigned, ${copied.roleAssignmentsCopied} role assignments, ${copied.accessPoliciesCopied} access policies`;
  run.status.detail('copyIdentities', summary);
  const gmsa = yield* call(run, ACTIVITY.verifyGmsa, run.ref);
  run.status.succeed('copyIdentities', `${summary}; ${gmsa.checked} gMSA secrets reachable`);
}
