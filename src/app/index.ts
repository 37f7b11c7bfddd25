/**
 * The application layer: the use cases every entry point shares. The HTTP API, the fleet scan's
 * timer and activities, the AKS events and the CLI (through the API) all come here; none of them
 * starts, validates or refuses anything on its own.
 */
import type { AksEvent } from '../domain/aks-events.js';
import type { Actor } from '../domain/identity.js';
import type { StartedBy } from '../domain/upgrade-state.js';
import type { AuditQuery } from '../ports/audit.js';
import {
  listAudit,
  runAudit,
  type AuditListResult,
  type Requester,
  type RunAuditResult,
} from './audit.js';
import type { UpgradeFilter } from '../ports/store.js';
import { handleAksEvent, type EventOutcome } from './aks-events.js';
import { approveUpgrade, cancelUpgrade, type ControlResult } from './control.js';
import type { AppDeps } from './deps.js';
import { startFleetScan, type ScanStart } from './fleet-scan.js';
import { planUpgrade, type PlanResult } from './plan-upgrade.js';
import {
  getUpgrade,
  latestFleetReport,
  listUpgrades,
  type ListResult,
  type UpgradeDetail,
} from './queries.js';
import { startUpgrade, type StartUpgradeResult } from './start-upgrade.js';
import { terminateUpgrade, type TerminateResult } from './terminate.js';
import { purgeOldPlans, type PurgeOutcome } from './purge-plans.js';
import { planPatches, type PatchesResult } from './patches.js';
import type { PatchesQuery } from './requests.js';
import type { FleetReport, UpgradeStarter } from '../ports/fleet.js';
import { upgradeStarter } from './starter.js';

export type { AppDeps, AppSettings } from './deps.js';
export type { ControlResult } from './control.js';
export type { AuditListResult, Requester, RunAuditResult } from './audit.js';
export type { TerminateResult } from './terminate.js';
export type { PurgeOutcome } from './purge-plans.js';
export type { EventOutcome } from './aks-events.js';
export type { PlanResult } from './plan-upgrade.js';
export type { PatchesDocument, PatchesResult } from './patches.js';
export type { ListResult, UpgradeDetail } from './queries.js';
export type { StartUpgradeResult, PreviousRun } from './start-upgrade.js';
export type { Refused, RefusalReason } from './refusal.js';

export interface App {
  plan(body: unknown): Promise<PlanResult>;
  /** `by`: the caller, recorded as who started the run (absent for the app's own starts). */
  start(body: unknown, startedBy: StartedBy, by?: Actor): Promise<StartUpgradeResult>;
  /** The approver is recorded; with approval separation, someone other than the starter. */
  approve(instanceId: string, requester?: Requester): Promise<ControlResult>;
  cancel(instanceId: string, reason?: string, requester?: Requester): Promise<ControlResult>;
  /** Stops a run without rollback and records what it left (a way out of a stuck run). */
  terminate(instanceId: string, reason: string, requester?: Requester): Promise<TerminateResult>;
  /** A run's audit entries, oldest first (the pool's latest run unless `runId` names one). */
  audit(instanceId: string, runId?: string): Promise<RunAuditResult>;
  /** Audit entries of every run from a time on, paged. */
  auditList(query: AuditQuery): Promise<AuditListResult>;
  get(instanceId: string): Promise<UpgradeDetail | undefined>;
  /** The stored plan's change to each workload, as patches to commit (GET /api/plans/{id}/patches). */
  patches(instanceId: string, query: PatchesQuery): Promise<PatchesResult>;
  list(filter: UpgradeFilter): Promise<ListResult>;
  fleetReport(): Promise<FleetReport | undefined>;
  startFleetScan(): Promise<ScanStart>;
  /** Purges ended dry runs older than the retention setting (the fleet scan timer calls it). */
  purgeOldPlans(): Promise<PurgeOutcome>;
  onAksEvent(event: AksEvent): Promise<EventOutcome>;
  /** The one start path, as the fleet scan's activities see it. */
  readonly starter: UpgradeStarter;
  readonly deps: AppDeps;
}

export function createApp(deps: AppDeps): App {
  const starter = upgradeStarter(deps);
  return {
    plan: (body) => planUpgrade(deps, body),
    start: (body, startedBy, by) => startUpgrade(deps, body, startedBy, by),
    approve: (id, requester) => approveUpgrade(deps, id, requester),
    cancel: (id, reason, requester) => cancelUpgrade(deps, id, reason, requester),
    terminate: (id, reason, requester) => terminateUpgrade(deps, id, reason, requester),
    audit: (id, runId) => runAudit(deps, id, runId),
    auditList: (query) => listAudit(deps, query),
    get: (id) => getUpgrade(deps, id),
    patches: (id, query) => planPatches(deps, id, query),
    list: (filter) => listUpgrades(deps, filter),
    fleetReport: () => latestFleetReport(deps),
    startFleetScan: () => startFleetScan(deps),
    purgeOldPlans: () => purgeOldPlans(deps),
    onAksEvent: (event) => handleAksEvent({ ...deps, starter }, event),
    starter,
    deps,
  };
}
