/**
 * What the application layer is given: the Durable client of the current invocation, the stores, the
 * Azure reads the AKS events need, the settings it applies, a clock and a log. src/composition.ts
 * builds everything but the client once per process; the client is bound per invocation.
 */
import type { AutoUpgradePolicy } from '../domain/auto-upgrade.js';
import type { RetirementCalendar } from '../domain/calendar.js';
import type { ManagedWorkloadsPolicy } from '../domain/managed-by.js';
import type { AuditLog } from '../ports/audit.js';
import type { AksPort } from '../ports/azure.js';
import type { ClusterLocks } from '../ports/cluster-lock.js';
import type { FleetReportStore, PoolEventLog } from '../ports/fleet.js';
import type { AppLog } from '../ports/log.js';
import type { OrchestrationClient } from '../ports/orchestration.js';
import type { UpgradeStore } from '../ports/store.js';

/** Who may call the HTTP API and how approvals are separated (ADR 0013, src/config-auth.ts). */
export interface AuthSettings {
  /** keys: Functions keys, every caller holds every role; entra: App Service Authentication. */
  readonly mode: 'keys' | 'entra';
  /** The approver of a run must differ from who started it. */
  readonly approvalSeparation: boolean;
  /** SHA-256 (hex) of a Functions key -> the name recorded for its holder. */
  readonly keyNames: Readonly<Record<string, string>>;
  /** The app registration's client id (entra): the API scope is api://<it>/.default. */
  readonly apiClientId?: string;
}

/** The settings the use cases apply (from src/config.ts). */
export interface AppSettings {
  /** The Durable task hub (health reports it). */
  readonly taskHub: string;
  /** WINSHIFT_SUBSCRIPTIONS: the allow list. */
  readonly subscriptions: readonly string[];
  /** Poll pacing carried into every upgrade's input, when the settings change the defaults. */
  readonly pollPacing?: {
    readonly pollInitialInSeconds: number;
    readonly pollMaxInSeconds: number;
  };
  readonly autoUpgrade: AutoUpgradePolicy;
  /** WINSHIFT_MANAGED_WORKLOADS: the `managedWorkloads` of a request that does not say. */
  readonly managedWorkloads: ManagedWorkloadsPolicy;
  readonly calendar: RetirementCalendar;
  readonly retirementWindowDays: number;
  readonly scanConcurrency: number;
  /** Ended dry runs older than this many hours are purged (0: every ended one). */
  readonly planRetentionHours: number;
  /** Absent: keys mode without four-eyes, as before the setting existed (tests build it so). */
  readonly auth?: AuthSettings;
}

export interface AppDeps {
  readonly client: OrchestrationClient;
  readonly store: UpgradeStore;
  /** One run per cluster (ports/cluster-lock.ts). */
  readonly locks: ClusterLocks;
  /** The audit trail: every request that changes something (docs/adr/0014); absent in old tests. */
  readonly audit?: AuditLog;
  readonly fleetStore: FleetReportStore;
  readonly eventLog: PoolEventLog;
  readonly aks: Pick<AksPort, 'getCluster'>;
  readonly settings: AppSettings;
  readonly now: () => Date;
  readonly log: AppLog;
  /** A dry run is waited for this long before answering `pending` (default 60 s). */
  readonly planWaitMs?: number;
  /** A terminate is waited for this long to take effect before it is recorded (default 10 s). */
  readonly terminateWaitMs?: number;
  /** Pause between status polls; tests pass a fast one. */
  readonly sleep?: (ms: number) => Promise<void>;
}
