/**
 * The lifecycle event of a recorded state (domain/lifecycle-events.ts), built and published by the
 * recordUpgrade activity BEFORE it writes the upgrades row: the row's previous state tells the
 * transition, so a retry after a failed send derives the same event (same id); once the row shows
 * the state, the event went. The actor is the run's: whoever started it, or approved or cancelled
 * it, as the run's audit entries say (docs/adr/0014).
 */
import { starterActor, type Actor } from '../../domain/actor.js';
import type { AuditEntry, AuditRequest } from '../../domain/audit.js';
import { errorCodeOf } from '../../domain/errors.js';
import {
  EVENT_SOURCE,
  poolSubject,
  transitionOf,
  upgradeEventId,
  upgradeEventType,
  type LifecycleEvent,
  type UpgradeTransition,
} from '../../domain/lifecycle-events.js';
import type { UpgradeState } from '../../domain/upgrade-state.js';
import type { AuditLog } from '../../ports/audit.js';
import type { LifecyclePublisher } from '../../ports/lifecycle-events.js';
import type { RecordUpgradeInput } from '../../workflow/contracts/index.js';
import type { ActivityLog } from './log.js';

export interface LifecycleDeps {
  readonly events?: LifecyclePublisher;
  readonly audit?: AuditLog;
  /** The app's origin, for the status link (config publicBaseUrl). */
  readonly baseUrl?: string;
  readonly now: () => Date;
  readonly log: ActivityLog;
}

const latest = (entries: readonly AuditEntry[], operation: AuditRequest): Actor | undefined =>
  entries
    .filter((e) => e.kind === 'request' && e.operation === operation && e.outcome === 'done')
    .at(-1)?.actor;

async function actorOf(
  deps: LifecycleDeps,
  input: RecordUpgradeInput,
  runId: string,
  transition: UpgradeTransition,
): Promise<Actor> {
  const fallback = starterActor(input.request.startedBy);
  if (deps.audit === undefined) return fallback;
  const entries = await deps.audit.listRun(runId).catch(() => []);
  const started = latest(entries, 'start') ?? fallback;
  if (transition === 'approved') return latest(entries, 'approve') ?? started;
  if (transition === 'rolledBack') return latest(entries, 'cancel') ?? started;
  return started;
}

export async function lifecycleEvent(
  deps: LifecycleDeps,
  input: RecordUpgradeInput,
  previous: UpgradeState | undefined,
): Promise<LifecycleEvent | undefined> {
  const transition = transitionOf(previous, input.state);
  if (transition === undefined) return undefined;
  const { instanceId, request } = input;
  const runId = request.runId ?? instanceId;
  const status = `${deps.baseUrl ?? ''}/api/upgrades/${instanceId}`;
  return {
    id: upgradeEventId(instanceId, runId, transition),
    type: upgradeEventType(transition),
    source: EVENT_SOURCE,
    subject: poolSubject(request.clusterResourceId, request.poolName),
    time: deps.now().toISOString(),
    data: {
      id: instanceId,
      runId,
      state: input.state,
      clusterResourceId: request.clusterResourceId,
      poolName: request.poolName,
      ...(input.newPoolName !== undefined ? { targetPool: input.newPoolName } : {}),
      ...(input.targetOsSku !== undefined ? { targetOsSku: input.targetOsSku } : {}),
      links: { status },
      actor: await actorOf(deps, input, runId, transition),
      ...(input.lastError !== undefined ? { lastError: input.lastError } : {}),
    },
  };
}

/**
 * Publishes the transition's event, if any. A TRANSIENT failure is thrown (the activity is retried,
 * with the row unwritten, so the retry sends the same event); any other (a missing role, a wrong
 * endpoint) is logged and the state is recorded anyway: a misconfigured topic never stalls a run.
 */
export async function publishTransition(
  deps: LifecycleDeps,
  input: RecordUpgradeInput,
  previous: UpgradeState | undefined,
): Promise<void> {
  if (deps.events?.enabled !== true) return;
  const event = await lifecycleEvent(deps, input, previous);
  if (event === undefined) return;
  try {
    await deps.events.publish([event]);
  } catch (error) {
    const code = errorCodeOf(error);
    if (code === 'TRANSIENT') throw error;
    deps.log.warn(`lifecycle event ${event.type} not published`, {
      step: 'recordUpgrade',
      instanceId: input.instanceId,
      code,
    });
  }
}
