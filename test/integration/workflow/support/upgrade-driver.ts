// Starts upgrades on the in-process engine (real histories in Azurite, real timers of tens of
// milliseconds) with the unit tests' fake activities registered as activity functions, and reads
// back their outcome, custom status and history.
import type { UpgradeOptions } from '../../../../src/domain/plan.js';
import type { InstanceRecord } from '../../../../src/local/durable/store.js';
import {
  ACTIVITY,
  ORCHESTRATOR,
  type ActivityName,
  type UpgradeOutcome,
  type UpgradeRequest,
  type UpgradeStatus,
  type WorkflowTiming,
} from '../../../../src/workflow/contracts/index.js';
import { FakeUpgrade, type Scenario } from '../../../unit/workflow/support/fake-activities.js';
import {
  startInProcessDurable,
  waitFor,
  type DurableModule,
  type InProcessDurable,
} from './engine.js';

export const FAST: WorkflowTiming = {
  pollInitialInSeconds: 0.02,
  pollMaxInSeconds: 0.05,
  poolReadyTimeoutInSeconds: 0.6,
  prePullTimeoutInSeconds: 0.6,
  poolDeleteTimeoutInSeconds: 0.6,
  retry: {
    firstRetryIntervalInMilliseconds: 10,
    backoffCoefficient: 2,
    maxNumberOfAttempts: 3,
    maxRetryIntervalInMilliseconds: 40,
  },
};

export const OPTIONS: UpgradeOptions = {
  imageMap: {},
  prePull: true,
  drainTimeoutInSeconds: 0.6,
  rolloutTimeoutInSeconds: 0.6,
  autoApproveAfterSoakInSeconds: 0,
  approvalTimeoutInSeconds: 0.6,
  deleteNewPoolOnRollback: true,
  dryRun: false,
};

export interface Started {
  readonly id: string;
  readonly fake: FakeUpgrade;
}

export interface Finished extends Started {
  readonly record: InstanceRecord;
  readonly outcome: UpgradeOutcome;
  readonly status: UpgradeStatus;
}

export class UpgradeDriver {
  private counter = 0;

  private constructor(readonly durable: InProcessDurable) {}

  /** The engine, the product's orchestration registrations, and the fake activities. */
  static async start(): Promise<UpgradeDriver> {
    const durable = await startInProcessDurable();
    await import('../../../../functions/orchestrations.js');
    registerFakeActivities(durable.df);
    return new UpgradeDriver(durable);
  }

  async begin(
    scenario: Scenario,
    options: Partial<UpgradeOptions> = {},
    timing: Partial<WorkflowTiming> = {},
  ): Promise<Started> {
    this.counter += 1;
    const id = `upgrade-${this.counter}-${Date.now().toString(36)}`;
    const fake = fakeFor(id, scenario);
    const request: UpgradeRequest = {
      clusterResourceId:
        '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1',
      poolName: 'win19',
      options: { ...OPTIONS, ...options },
      startedBy: 'http',
      timing: { ...FAST, ...timing },
    };
    const result = await this.durable.engine.start(
      ORCHESTRATOR.upgrade,
      id,
      JSON.stringify(request),
    );
    if (result !== 'started') throw new Error(`could not start ${id}: ${result}`);
    return { id, fake };
  }

  async finish(started: Started, timeoutMs = 20_000): Promise<Finished> {
    const record = await waitFor(this.durable.engine, started.id, undefined, timeoutMs);
    if (record.runtimeStatus !== 'Completed') {
      throw new Error(`${started.id} ended ${record.runtimeStatus}: ${record.output ?? ''}`);
    }
    return {
      ...started,
      record,
      outcome: JSON.parse(record.output ?? 'null') as UpgradeOutcome,
      status: JSON.parse(record.customStatus ?? 'null') as UpgradeStatus,
    };
  }

  async run(
    scenario: Scenario,
    options: Partial<UpgradeOptions> = {},
    timing: Partial<WorkflowTiming> = {},
  ): Promise<Finished> {
    return this.finish(await this.begin(scenario, options, timing));
  }

  async status(id: string): Promise<UpgradeStatus | undefined> {
    const record = await this.durable.engine.getRecord(id);
    return record?.customStatus ? (JSON.parse(record.customStatus) as UpgradeStatus) : undefined;
  }

  async raise(id: string, name: string, data: unknown): Promise<void> {
    const sent = await this.durable.engine.raiseEvent(id, name, JSON.stringify(data));
    if (sent !== 'accepted') throw new Error(`raise ${name} on ${id}: ${sent}`);
  }

  async historyOf(id: string): Promise<Record<string, unknown>[]> {
    const record = await this.durable.engine.getRecord(id);
    if (!record) throw new Error(`no instance ${id}`);
    return (await this.durable.engine.getHistory(record)) as unknown as Record<string, unknown>[];
  }

  stop(): Promise<void> {
    return this.durable.stop();
  }
}

/** Polls a condition of the test's own state (fakes, status) until true. */
export async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Each upgrade's fake world, found by the instance id every activity input carries. */
const fakes = new Map<string, FakeUpgrade>();

function fakeFor(instanceId: string, scenario: Scenario): FakeUpgrade {
  const fake = new FakeUpgrade(scenario);
  fakes.set(instanceId, fake);
  return fake;
}

/** Registers every fake activity as an activity function (once per test file). */
function registerFakeActivities(df: DurableModule): void {
  for (const name of Object.values(ACTIVITY) as ActivityName[]) {
    df.app.activity(name, {
      handler: (input: Record<string, unknown>): unknown => {
        const fake = fakes.get(String(input.instanceId));
        if (!fake) throw new Error(`no fake for instance ${String(input.instanceId)}`);
        return fake.answer(name, input);
      },
    });
  }
}
