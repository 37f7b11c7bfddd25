/**
 * Approve and cancel: events raised to a running upgrade. Approval is only taken at the gate: an
 * early approve would silently skip the soak.
 */
import { actorKey } from '../domain/actor.js';
import { isActive } from '../domain/runtime-status.js';
import { EVENTS, upgradeStatus } from '../workflow/contracts/index.js';
import { auditedRequest, HTTP_REQUESTER, type Requester } from './audit.js';
import type { AppDeps } from './deps.js';

export type ControlResult =
  | { readonly outcome: 'sent'; readonly instanceId: string }
  | { readonly outcome: 'notFound'; readonly instanceId: string }
  /** The run has ended (or never ran): nothing to approve or cancel. */
  | { readonly outcome: 'notRunning'; readonly instanceId: string; readonly runtimeStatus: string }
  /** Running, but not at the approval gate. */
  | {
      readonly outcome: 'notAwaitingApproval';
      readonly instanceId: string;
      readonly phase: string;
    };

type ControlDeps = Pick<AppDeps, 'client' | 'now'> &
  Partial<Pick<AppDeps, 'store' | 'audit' | 'log'>>;

/** The code an answer that changed nothing is audited with. */
export function controlRefusal(result: ControlResult): string | undefined {
  switch (result.outcome) {
    case 'sent':
      return undefined;
    case 'notFound':
      return 'NOT_FOUND';
    case 'notRunning':
      return 'NOT_RUNNING';
    case 'notAwaitingApproval':
      return 'NOT_AWAITING_APPROVAL';
  }
}

/** The run a request about an instance belongs to, as the upgrades row names it. */
export async function runOf(
  deps: Partial<Pick<AppDeps, 'store'>>,
  instanceId: string,
): Promise<{ runId: string; clusterResourceId?: string }> {
  const row = await deps.store?.getUpgrade(instanceId);
  return {
    runId: row?.runId ?? instanceId,
    ...(row ? { clusterResourceId: row.clusterResourceId } : {}),
  };
}

async function auditedEvent(
  deps: ControlDeps,
  instanceId: string,
  event: 'approve' | 'cancel',
  requester: Requester,
  data: Readonly<Record<string, string>>,
): Promise<ControlResult> {
  const run = await runOf(deps, instanceId);
  return auditedRequest(
    deps,
    {
      operation: event,
      instanceId,
      ...run,
      requester,
      ...(data['reason'] !== undefined ? { reason: data['reason'] } : {}),
    },
    () => sendEvent(deps, instanceId, event, { ...data, by: actorKey(requester.actor) }),
    controlRefusal,
  );
}

async function sendEvent(
  deps: ControlDeps,
  instanceId: string,
  event: 'approve' | 'cancel',
  data: Readonly<Record<string, string>>,
): Promise<ControlResult> {
  const instance = await deps.client.getStatus(instanceId);
  if (instance === undefined) return { outcome: 'notFound', instanceId };
  if (!isActive(instance.runtimeStatus)) {
    return { outcome: 'notRunning', instanceId, runtimeStatus: instance.runtimeStatus };
  }
  if (event === 'approve') {
    const status = upgradeStatus.partial().safeParse(instance.customStatus ?? {});
    const awaiting = status.success && status.data.awaitingApproval === true;
    if (!awaiting) {
      const phase = (status.success ? status.data.phase : undefined) ?? 'unknown';
      return { outcome: 'notAwaitingApproval', instanceId, phase };
    }
  }
  await deps.client.raiseEvent(instanceId, EVENTS[event], {
    ...data,
    at: deps.now().toISOString(),
  });
  return { outcome: 'sent', instanceId };
}

/** Lets the old pool go (at the approval gate only). */
export function approveUpgrade(
  deps: ControlDeps,
  instanceId: string,
  requester: Requester = HTTP_REQUESTER,
): Promise<ControlResult> {
  return auditedEvent(deps, instanceId, 'approve', requester, {});
}

/** Rolls back (before the old pool is deleted); the reason ends up in the run's last error. */
export function cancelUpgrade(
  deps: ControlDeps,
  instanceId: string,
  reason?: string,
  requester: Requester = HTTP_REQUESTER,
): Promise<ControlResult> {
  return auditedEvent(
    deps,
    instanceId,
    'cancel',
    requester,
    reason === undefined ? {} : { reason },
  );
}
