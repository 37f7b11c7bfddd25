/** What every API handler is given: the Durable client, the store and the configuration. */
import type { Config } from '../config.js';
import type { UpgradeStore } from '../ports/store.js';
import type { OrchestrationClient } from './client.js';

export interface ApiDeps {
  readonly client: OrchestrationClient;
  readonly store: UpgradeStore;
  readonly config: Config;
  readonly now: () => Date;
  /** The latest fleet scan report (GET /api/fleet); undefined before the first scan. */
  readonly fleetReport?: () => Promise<unknown>;
  /** POST /api/plans waits this long for the dry run before answering 202 (default 60 s). */
  readonly planWaitMs?: number;
  /** Pause between status polls; tests pass a fast one. */
  readonly sleep?: (ms: number) => Promise<void>;
}
