/**
 * Durable records outside the orchestration history: the full plan, each workload's saved original and
 * progress, the upgrades table behind `GET /api/upgrades`, and the fleet report. Azure Table storage in
 * production and locally (Azurite). Writes are upserts, so a repeated activity writes the same rows.
 */
import type { Plan } from '../domain/plan.js';
import type { PlacementOriginal } from '../domain/placement.js';
import type { UpgradeState } from '../domain/upgrade-state.js';
import type { ActorAction, ActorRecord, RunActors } from '../domain/identity.js';
import type { WorkloadRef } from './kubernetes.js';

export type { UpgradeState };

/** What a workload looked like before winshift touched it: enough to restore it exactly. */
export interface WorkloadOriginal {
  readonly ref: WorkloadRef;
  readonly placement: PlacementOriginal;
  /** container name -> image, for containers and initContainers. */
  readonly images: Readonly<Record<string, string>>;
  readonly initImages: Readonly<Record<string, string>>;
  /**
   * DaemonSets: the original `spec.updateStrategy.type`. While widened a DaemonSet is switched to
   * OnDelete so its pods on the old pool are not rolled onto images the old host cannot run.
   */
  readonly updateStrategy?: string;
  readonly savedAt: string;
}

export type WorkloadPhase = 'planned' | 'patched' | 'rolling' | 'ready' | 'failed' | 'restored';

export interface WorkloadProgress {
  readonly ref: WorkloadRef;
  readonly phase: WorkloadPhase;
  readonly ready: number;
  readonly desired: number;
  readonly message: string;
  readonly updatedAt: string;
}

/** One row of the upgrades table (listing and filtering; the live detail is the custom status). */
export interface UpgradeRecord {
  readonly instanceId: string;
  /** The run the row describes (absent in rows written before runs were recorded). */
  readonly runId?: string;
  readonly clusterResourceId: string;
  readonly poolName: string;
  readonly targetOsSku?: string;
  readonly newPoolName?: string;
  readonly state: UpgradeState;
  readonly startedBy: 'http' | 'fleetScan' | 'eventGrid' | 'cli';
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly lastError?: { readonly code: string; readonly message: string };
  /**
   * Who started, approved, cancelled or terminated this run (ADR 0013). A record without `actors`
   * leaves the stored ones as they are (the orchestrator's state writes); a record with them
   * replaces all four (a new start of the pool).
   */
  readonly actors?: RunActors;
}

export interface UpgradeFilter {
  readonly state?: UpgradeState;
  readonly clusterResourceId?: string;
  /** ISO time: only upgrades created at or after it. */
  readonly since?: string;
  readonly pageSize: number;
  readonly continuationToken?: string;
}

export interface UpgradePage {
  readonly items: readonly UpgradeRecord[];
  readonly continuationToken?: string;
}

export interface UpgradeStore {
  savePlan(instanceId: string, plan: Plan): Promise<void>;
  loadPlan(instanceId: string): Promise<Plan | undefined>;
  /** Removes a plan and all its rows (a purged dry run's); nothing to remove is fine. */
  deletePlan(instanceId: string): Promise<void>;
  /**
   * Originals belong to one run (keyed by its run id: one instance id serves every run of a pool, so
   * a later run must never restore to an earlier run's original). First write wins within the run:
   * a retried patch never overwrites the true original with a patched object.
   */
  saveOriginalOnce(runId: string, original: WorkloadOriginal): Promise<WorkloadOriginal>;
  loadOriginals(runId: string): Promise<readonly WorkloadOriginal[]>;
  /**
   * Adds nodes to those a run cordoned in a pool (never replaces: a retry adds what it cordons
   * next). Written BEFORE the cordon, so a crash in between cannot leave a cordon unrecorded; a rollback
   * uncordons only these, so a node an operator cordoned stays cordoned.
   */
  saveCordonedNodes(runId: string, pool: string, nodeNames: readonly string[]): Promise<void>;
  loadCordonedNodes(runId: string, pool: string): Promise<readonly string[]>;
  saveProgress(instanceId: string, progress: readonly WorkloadProgress[]): Promise<void>;
  loadProgress(instanceId: string): Promise<readonly WorkloadProgress[]>;
  upsertUpgrade(record: UpgradeRecord): Promise<void>;
  /**
   * Records who approved, cancelled or terminated the run on its row, touching nothing else (so a
   * state write racing it loses neither). No row (a dry run): nothing is written.
   */
  recordActor(instanceId: string, action: ActorAction, actor: ActorRecord): Promise<void>;
  getUpgrade(instanceId: string): Promise<UpgradeRecord | undefined>;
  listUpgrades(filter: UpgradeFilter): Promise<UpgradePage>;
}
