/**
 * Who asked for a change: a signed-in user, the function key (keys mode), or winshift itself (the
 * fleet scan, an AKS event). The audit records it with every request; lifecycle events carry it.
 */
import type { StartedBy } from './upgrade-state.js';

export interface Actor {
  readonly kind: 'user' | 'key' | 'app';
  readonly id: string;
  readonly name?: string;
}

/** In keys mode a request proves only that its caller holds the function key. */
export const FUNCTION_KEY_ACTOR: Actor = { kind: 'key', id: 'function-key' };
/** Starts the daily fleet scan makes (WINSHIFT_AUTO_UPGRADE). */
export const FLEET_SCAN_ACTOR: Actor = { kind: 'app', id: 'fleet-scan' };
/** Starts an AKS Event Grid event makes. */
export const AKS_EVENT_ACTOR: Actor = { kind: 'app', id: 'aks-event' };

/** Who a starter is when the request names nobody (keys mode, the scan, AKS events). */
export function starterActor(startedBy: StartedBy): Actor {
  if (startedBy === 'fleetScan') return FLEET_SCAN_ACTOR;
  if (startedBy === 'eventGrid') return AKS_EVENT_ACTOR;
  return FUNCTION_KEY_ACTOR;
}

/** `key:function-key`, `user:<oid>`: one text the audit filters on. */
export function actorKey(actor: Actor): string {
  return `${actor.kind}:${actor.id}`;
}
