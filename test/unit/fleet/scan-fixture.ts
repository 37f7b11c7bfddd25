// The fleet the scan tests look at: two subscriptions of clusters with Linux and Windows pools (and a
// third subscription that fails), and the fleet activities' dependencies over the fakes.
import { silentLog } from '../../../src/activities/shared/log.js';
import type { FleetDeps } from '../../../src/activities/fleet/index.js';
import { createRateLimiter } from '../../../src/activities/fleet/rate-limiter.js';
import { DEFAULT_CALENDAR } from '../../../src/domain/calendar.js';
import { cluster, FakeAks, FakeStarter, MemoryFleetStore, SUB_A, SUB_B } from './fakes.js';

export const SUB_C = '00000000-0000-0000-0000-00000000000c';
export const NOW = new Date('2026-04-01T06:00:00Z');

export const fleet = [
  cluster(SUB_A, 'a1', '1.31.5', [
    { name: 'sys', osType: 'Linux' },
    { name: 'w19', osType: 'Windows', osSku: 'Windows2019' },
    { name: 'w22', osType: 'Windows', osSku: 'Windows2022' },
  ]),
  cluster(SUB_A, 'a2', '1.31.5', [{ name: 'w19', osType: 'Windows', osSku: 'Windows2019' }]),
  cluster(SUB_A, 'a3', '1.31.5', [{ name: 'sys', osType: 'Linux' }]),
  cluster(SUB_B, 'b1', '1.32.0', [{ name: 'w25', osType: 'Windows', osSku: 'Windows2025' }]),
];

export function deps(
  aks: FakeAks,
  store = new MemoryFleetStore(),
  starter = new FakeStarter(),
): FleetDeps {
  return {
    aks,
    fleetStore: store,
    starter: () => starter,
    limiter: createRateLimiter({ requestsPerSecond: 1000 }),
    calendar: DEFAULT_CALENDAR,
    windowDays: 90,
    now: () => NOW,
    log: silentLog,
  };
}
