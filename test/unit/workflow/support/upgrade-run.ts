// Runs upgradeWindowsPool on the replay harness against a scripted fake world, with the production
// pacing on virtual time (a 7-day approval timeout costs nothing), and reads back its outcome and
// custom status. Polled waits are 5 minutes (production allows 30 to 45): a test that waits one
// out replays some 40 polls, each an activity and a timer.
import type { UpgradeOptions } from '../../../../src/domain/plan.js';
import {
  ORCHESTRATOR,
  type UpgradeOutcome,
  type UpgradeRequest,
  type UpgradeStatus,
} from '../../../../src/workflow/contracts/index.js';
import {
  loadUpgradeOrchestrations,
  runOrchestration,
  type RunResult,
  type ScriptedEvent,
} from '../../../support/replay/index.js';
import { FakeUpgrade, type Scenario } from './fake-activities.js';

/** The production defaults (src/app/requests.ts) but 5-minute waits; approved right after the drain. */
export const OPTIONS: UpgradeOptions = {
  imageMap: {},
  prePull: true,
  drainTimeoutInSeconds: 300,
  rolloutTimeoutInSeconds: 300,
  autoApproveAfterSoakInSeconds: 0,
  approvalTimeoutInSeconds: 7 * 24 * 3600,
  deleteNewPoolOnRollback: true,
  dryRun: false,
};

export const CLUSTER =
  '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1';

/** The production pacing (src/workflow/timing.ts): 5-minute waits, three attempts when transient. */
export const TIMING: NonNullable<UpgradeRequest['timing']> = {
  poolReadyTimeoutInSeconds: 300,
  prePullTimeoutInSeconds: 300,
  poolDeleteTimeoutInSeconds: 300,
  retry: { maxNumberOfAttempts: 3 },
};

export interface UpgradeSetup {
  /** The orchestration version the run is started with (absent: 1, as the released starters). */
  readonly version?: number;
  readonly options?: Partial<UpgradeOptions>;
  readonly timing?: NonNullable<UpgradeRequest['timing']>;
  /** External events, scripted against the fake world. */
  readonly events?: (fake: FakeUpgrade) => readonly ScriptedEvent[];
}

export interface UpgradeRun {
  readonly id: string;
  readonly fake: FakeUpgrade;
  readonly run: RunResult;
  readonly outcome: UpgradeOutcome;
  readonly status: UpgradeStatus;
}

let counter = 0;

/** Runs one upgrade to its end; it must complete (its outcome says how the upgrade went). */
export async function runUpgrade(
  scenario: Scenario,
  setup: UpgradeSetup = {},
): Promise<UpgradeRun> {
  await loadUpgradeOrchestrations();
  counter += 1;
  const id = `upgrade-${counter}`;
  const fake = new FakeUpgrade(scenario);
  const request: UpgradeRequest = {
    clusterResourceId: CLUSTER,
    poolName: 'win19',
    options: { ...OPTIONS, ...setup.options },
    startedBy: 'http',
    timing: { ...TIMING, ...setup.timing },
    ...(setup.version !== undefined ? { version: setup.version } : {}),
  };
  const run = await runOrchestration(ORCHESTRATOR.upgrade, request, {
    instanceId: id,
    activities: fake.activities(),
    durationInMs: (name, input) => fake.durationInMs(name, input),
    events: setup.events?.(fake) ?? [],
  });
  if (run.outcome.kind !== 'completed') {
    throw new Error(`${id} ended ${JSON.stringify(run.outcome)}`);
  }
  return {
    id,
    fake,
    run,
    outcome: run.outcome.output as UpgradeOutcome,
    status: run.customStatus as UpgradeStatus,
  };
}
