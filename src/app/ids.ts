/**
 * Instance ids: one per pool for upgrades (so the host refuses a second start of a pool being
 * upgraded, whatever started it), one per request for dry runs (so planning never blocks an upgrade).
 */
import { sha256Hex } from '../domain/hash.js';

/** 32 hex of SHA-256 over the lower-cased cluster id and the pool: one id per pool, no `/`. */
export function poolKey(clusterResourceId: string, poolName: string): string {
  return sha256Hex(`${clusterResourceId.toLowerCase()}/${poolName.toLowerCase()}`).slice(0, 32);
}

/** The upgrade's instance id: the same for every start of one pool, so the host refuses a second. */
export function upgradeInstanceId(clusterResourceId: string, poolName: string): string {
  return `upg-${poolKey(clusterResourceId, poolName)}`;
}

const PLAN_PREFIX = 'plan-';

/** A dry run's id: its own per request, so planning never blocks (or is blocked by) an upgrade. */
export function planInstanceId(clusterResourceId: string, poolName: string, now: Date): string {
  return `${PLAN_PREFIX}${poolKey(clusterResourceId, poolName)}-${now.getTime().toString(36)}`;
}

/** Whether an instance is a dry run (never an upgrade, `upg-`, nor the fleet scan). */
export function isPlanInstanceId(instanceId: string): boolean {
  return instanceId.startsWith(PLAN_PREFIX);
}

/**
 * A run's id: what one run of a pool's upgrade saves and owns (originals, ownership tags) is keyed by
 * it, since the instance id is the same for every run of the pool. Time-ordered, with a random tail.
 */
export function runIdOf(now: Date, random: () => number = Math.random): string {
  const tail = Math.floor(random() * 0x10000)
    .toString(16)
    .padStart(4, '0');
  return `r${now.getTime().toString(36)}${tail}`;
}
