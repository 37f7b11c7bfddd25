/**
 * Approve and cancel: events raised to a running upgrade. Approval is only taken at the gate: an
 * early approve would silently skip the soak. With approval separation on (ADR 0013), the approver
 * must be someone other than who started the run (runs the app started itself excepted). Who
 * approved or cancelled is recorded on the run's row before the event is raised, and named in the
 * event (`by`), which the orchestrator puts in the approval step's message.
 */
import { actorRecord, sameActor, type Actor, type ActorAction } from '../domain/identity.js';
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
    }
  /** Four eyes: the approver started the run (or is not identified); nothing was sent. */
  | {
      readonly outcome: 'sameApprover';
      readonly instanceId: string;
      readonly startedBy?: Actor;
      /** No approver was given: separation cannot be checked, so it refuses. */
      readonly approverUnknown?: boolean;
    };

type ControlDeps = Pick<AppDeps, 'client' | 'store' | 'now' | 'settings'> &
  Partial<Pick<AppDeps, 'audit' | 'log'>>;

/**
 * Whether separation refuses this approver: the run's recorded starter is the approver, or the
 * approver is unknown. A run whose starter was never recorded (started before winshift recorded
 * starters) or that the app started itself may be approved by anyone identified.
 */
async function refusedApprover(
  deps: ControlDeps,
  instanceId: string,
  approver: Actor | undefined,
): Promise<ControlResult | undefined> {
  if (deps.settings.auth?.approvalSeparation !== true) return undefined;
  const startedBy = (await deps.store.getUpgrade(instanceId))?.actors?.started;
  if (approver !== undefined && (startedBy === undefined || !sameActor(startedBy, approver)))
    return undefined;
  return {
    outcome: 'sameApprover',
    instanceId,
    ...(startedBy ? { startedBy } : {}),
    ...(approver === undefined ? { approverUnknown: true } : {}),
  };
}

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
    case 'sameApprover':
      return 'APPROVAL_SEPARATION';
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
    () => sendEvent(deps, instanceId, event, data, requester.actor),
    controlRefusal,
  );
}

async function sendEvent(
  deps: ControlDeps,
  instanceId: string,
  event: 'approve' | 'cancel',
  data: Readonly<Record<string, string>>,
  by: Actor | undefined,
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
    const refused = await refusedApprover(deps, instanceId, by);
    if (refused !== undefined) return refused;
  }
  const at = deps.now().toISOString();
  if (by !== undefined) {
    const action: ActorAction = event === 'approve' ? 'approved' : 'cancelled';
    await deps.store.recordActor(instanceId, action, actorRecord(by, at));
  }
  await deps.client.raiseEvent(instanceId, EVENTS[event], {
    ...data,
    ...(by !== undefined ? { by: by.name } : {}),
    at,
  });
  return { outcome: 'sent', instanceId };
}

/** Lets the old pool go (at the approval gate only; not by who started the run, with separation). */
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
