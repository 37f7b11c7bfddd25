/**
 * A way out of a stuck run: terminate the orchestration (no rollback, nothing undone) and record
 * what it left on the pool's upgrades row: state `Terminated`, lastError TERMINATED with the reason
 * and what its custom status says was done (left-behind.ts). The pool can then be started again by
 * an explicit request only (start-checks.ts).
 */
import { actorRecord, type Actor } from '../domain/identity.js';
import { isActive } from '../domain/runtime-status.js';
import type { InstanceStatus } from '../ports/orchestration.js';
import { auditedRequest, HTTP_REQUESTER, type Requester } from './audit.js';
import { runOf } from './control.js';
import type { AppDeps } from './deps.js';
import { leftBehind } from './left-behind.js';

export type TerminateResult =
  | {
      readonly outcome: 'terminated';
      readonly instanceId: string;
      readonly lastError: { readonly code: 'TERMINATED'; readonly message: string };
    }
  | { readonly outcome: 'notFound'; readonly instanceId: string }
  /** Ended already (or on its own before the terminate arrived): nothing was terminated. */
  | { readonly outcome: 'notRunning'; readonly instanceId: string; readonly runtimeStatus: string };

export const DEFAULT_TERMINATE_WAIT_MS = 10_000;

type TerminateDeps = Pick<AppDeps, 'client' | 'store' | 'now' | 'sleep' | 'terminateWaitMs'> &
  Partial<Pick<AppDeps, 'audit' | 'log'>>;

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until the instance is no longer active, for a while; the last status read. */
async function afterTerminate(deps: TerminateDeps, instanceId: string): Promise<InstanceStatus> {
  const sleep = deps.sleep ?? defaultSleep;
  const deadline = Date.now() + (deps.terminateWaitMs ?? DEFAULT_TERMINATE_WAIT_MS);
  for (let pause = 100; ; pause = Math.min(pause * 2, 1000)) {
    const status = await deps.client.getStatus(instanceId);
    if (status === undefined) throw new Error(`instance ${instanceId} vanished while terminating`);
    if (!isActive(status.runtimeStatus) || Date.now() >= deadline) return status;
    await sleep(pause);
  }
}

/** Audited (app/audit.ts) with the reason, before the terminate is sent. */
export async function terminateUpgrade(
  deps: TerminateDeps,
  instanceId: string,
  reason: string,
  requester: Requester = HTTP_REQUESTER,
): Promise<TerminateResult> {
  const run = await runOf(deps, instanceId);
  return auditedRequest(
    deps,
    { operation: 'terminate', instanceId, ...run, requester, reason },
    () => terminate(deps, instanceId, reason, requester.actor),
    (result) =>
      result.outcome === 'terminated'
        ? undefined
        : result.outcome === 'notFound'
          ? 'NOT_FOUND'
          : 'NOT_RUNNING',
  );
}

async function terminate(
  deps: TerminateDeps,
  instanceId: string,
  reason: string,
  by: Actor | undefined,
): Promise<TerminateResult> {
  const instance = await deps.client.getStatus(instanceId);
  if (instance === undefined) return { outcome: 'notFound', instanceId };
  if (!isActive(instance.runtimeStatus))
    return { outcome: 'notRunning', instanceId, runtimeStatus: instance.runtimeStatus };
  await deps.client.terminate(instanceId, reason);
  // The host terminates asynchronously; an instance that ended on its own meanwhile keeps its end.
  // One still active after the wait has the termination queued: it is recorded as terminated.
  const after = await afterTerminate(deps, instanceId);
  if (!isActive(after.runtimeStatus) && after.runtimeStatus !== 'Terminated')
    return { outcome: 'notRunning', instanceId, runtimeStatus: after.runtimeStatus };
  const lastError = {
    code: 'TERMINATED' as const,
    message: `${reason}; left: ${leftBehind(after.customStatus ?? instance.customStatus)}`,
  };
  // Dry runs have no row; an upgrade's was written by its start.
  const row = await deps.store.getUpgrade(instanceId);
  if (row !== undefined) {
    const updatedAt = deps.now().toISOString();
    const actors = by ? { ...row.actors, terminated: actorRecord(by, updatedAt) } : row.actors;
    await deps.store.upsertUpgrade({
      ...row,
      state: 'Terminated',
      lastError,
      updatedAt,
      ...(actors !== undefined ? { actors } : {}),
    });
  }
  return { outcome: 'terminated', instanceId, lastError };
}
