/**
 * The fleet scan's and the event handler's dependencies, built once per process from the
 * composition (the shared adapters) plus the fleet tables and the process-wide ARM rate limiter.
 */
import { composition, tablePrefixOf } from '../composition.js';
import { createCredential } from '../adapters/azure/index.js';
import { createTableFleetReportStore } from '../adapters/storage/fleet-report-store.js';
import { createTablePoolEventLog } from '../adapters/storage/fleet-event-log.js';
import type { EventDeps } from '../events/handle.js';
import type { FleetReportStore, PoolEventLog, UpgradeStarter } from '../ports/fleet.js';
import type { FleetDeps } from './activities.js';
import { createRateLimiter, type RateLimiter } from './rate-limiter.js';

interface FleetParts {
  readonly fleetStore: FleetReportStore;
  readonly eventLog: PoolEventLog;
  readonly limiter: RateLimiter;
}

let parts: FleetParts | undefined;

function fleetParts(): FleetParts {
  if (parts) return parts;
  const { config } = composition();
  const credential = config.storage.kind === 'identity' ? createCredential(config) : undefined;
  const prefix = tablePrefixOf(config);
  parts = {
    fleetStore: createTableFleetReportStore(config.storage, prefix, credential),
    eventLog: createTablePoolEventLog(config.storage, prefix, credential),
    limiter: createRateLimiter({ requestsPerSecond: config.armRequestsPerSecond }),
  };
  return parts;
}

export function fleetStore(): FleetReportStore {
  return fleetParts().fleetStore;
}

export function fleetDeps(starter: UpgradeStarter): FleetDeps {
  const c = composition();
  const { fleetStore: store, limiter } = fleetParts();
  return {
    aks: c.aks,
    fleetStore: store,
    limiter,
    starter,
    calendar: c.config.calendar,
    windowDays: c.config.retirementWindowDays,
    now: c.now,
    log: c.log,
  };
}

export function eventDeps(starter: UpgradeStarter): EventDeps {
  const c = composition();
  const { fleetStore: store, eventLog } = fleetParts();
  return {
    aks: c.aks,
    fleetStore: store,
    upgrades: c.store,
    eventLog,
    starter,
    subscriptions: c.config.subscriptions,
    policy: c.config.autoUpgrade,
    calendar: c.config.calendar,
    windowDays: c.config.retirementWindowDays,
    now: c.now,
    log: c.log,
  };
}
