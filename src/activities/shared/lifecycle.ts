/**
 * The lifecycle event of a recorded state (domain/lifecycle-events.ts), built and published by the
 * recordUpgrade activity BEFORE it writes the upgrades row: the row's previous state tells the
 * transition, so a retry after a failed send derives the same event (same id); once the row shows
 * the state, the event went. The actor is the run's: whoever started it, or approved or cancelled
 * it, as the run's row records them (docs/adr/0013, 0014).
 */
import { winshiftActor, type Actor } from '../../domain/identity.js';
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
import { isAutomaticStart } from '../../domain/upgrade-state.js';
import type { UpgradeRecord } from '../../ports/store.js';
import type { LifecyclePublisher } from '../../ports/lifecycle-events.js';
import type { RecordUpgradeInput } from '../../workflow/contracts/index.js';
import type { ActivityLog } from './log.js';

export interface LifecycleDeps {
  readonly events?: LifecyclePublisher;
  /** The app's origin, for the status link (config publicBaseUrl). */
  readonly baseUrl?: string;
  readonly now: () => Date;
  readonly log: ActivityLog;
}

/**
 * Who the event names: the approver for `approved`, whoever cancelled for `rolledBack`, else whoever
 * started the run, as its row records them (the API writes them before it raises the event or
 * starts the run, ADR 0013); a row that names nobody: winshift itself for its own starts.
 */
function actorOf(
  input: RecordUpgradeInput,
  previous: UpgradeRecord | undefined,
  transition: UpgradeTransition,
): Actor | undefined {
  const actors = previous?.actors ?? {};
  const { startedBy } = input.request;
  const started =
    actors.started ?? (isAutomaticStart(startedBy) ? winshiftActor(startedBy) : undefined);
  const acted =
    transition === 'approved'
      ? actors.approved
      : transition === 'rolledBack'
        ? actors.cancelled
        : undefined;
  const actor = acted ?? started;
  return actor === undefined ? undefined : { id: actor.id, name: actor.name, kind: actor.kind };
}

const optionalActor = (actor: Actor | undefined): { actor?: Actor } =>
  actor === undefined ? {} : { actor };

export function lifecycleEvent(
  deps: LifecycleDeps,
  input: RecordUpgradeInput,
  previous: UpgradeRecord | undefined,
): LifecycleEvent | undefined {
  const transition = transitionOf(previous?.state, input.state);
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
      ...optionalActor(actorOf(input, previous, transition)),
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
  previous: UpgradeRecord | undefined,
): Promise<void> {
  if (deps.events?.enabled !== true) return;
  const event = lifecycleEvent(deps, input, previous);
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
