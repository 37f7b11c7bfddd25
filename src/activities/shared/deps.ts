/**
 * What activities may call: winshift's ports, a clock and a logger. Each activity declares the few
 * it needs (`Pick<ActivityDeps, ...>`), so tests build only those fakes.
 */
import type {
  AksPort,
  AuthorizationPort,
  ComputePort,
  IdentityPort,
  KeyVaultPort,
} from '../../ports/azure.js';
import type { KubernetesConnector } from '../../ports/kubernetes.js';
import type { UpgradeStore } from '../../ports/store.js';
import type { ActivityLog } from './log.js';

export interface ActivityDeps {
  readonly aks: AksPort;
  readonly compute: ComputePort;
  readonly authorization: AuthorizationPort;
  readonly identity: IdentityPort;
  readonly keyVault: KeyVaultPort;
  readonly kubernetes: KubernetesConnector;
  readonly store: UpgradeStore;
  /** Activities are not replayed, so reading the clock here is allowed (orchestrators may not). */
  readonly now: () => Date;
  readonly log: ActivityLog;
}
