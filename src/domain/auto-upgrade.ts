/**
 * WINSHIFT_AUTO_UPGRADE: which classified pools a scan or an AKS event starts upgrades for.
 * `off` (the default) starts none; `retired` only pools already past a deadline or unsupported;
 * `window` also those retiring within the configured window.
 */
import type { FleetEntry } from './fleet-report.js';

export const AUTO_UPGRADE_POLICIES = ['off', 'retired', 'window'] as const;

export type AutoUpgradePolicy = (typeof AUTO_UPGRADE_POLICIES)[number];

export interface UpgradeTarget {
  readonly clusterResourceId: string;
  readonly poolName: string;
}

export function wantsUpgrade(entry: FleetEntry, policy: AutoUpgradePolicy): boolean {
  // An unknown SKU is reported retired so a person looks at it; no upgrade can be planned for it.
  if (entry.reason.startsWith('unknown Windows OS SKU')) return false;
  switch (policy) {
    case 'off':
      return false;
    case 'retired':
      return entry.status === 'retired';
    case 'window':
      return entry.status === 'retired' || entry.status === 'retiring';
  }
}

export function upgradeTargets(
  entries: readonly FleetEntry[],
  policy: AutoUpgradePolicy,
): UpgradeTarget[] {
  return entries
    .filter((entry) => wantsUpgrade(entry, policy))
    .map(({ clusterResourceId, poolName }) => ({ clusterResourceId, poolName }));
}
