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

/** A dry run's id: its own per request, so planning never blocks (or is blocked by) an upgrade. */
export function planInstanceId(clusterResourceId: string, poolName: string, now: Date): string {
  return `plan-${poolKey(clusterResourceId, poolName)}-${now.getTime().toString(36)}`;
}
