/**
 * Lifecycle events from recordUpgrade (activities/shared/lifecycle.ts, docs/adr/0014): one per
 * transition, published before the row is written, with an id made of the run and the transition,
 * so a retried recording sends the same id and a repeated state sends nothing.
 */
import { describe, expect, it } from '@jest/globals';
import { recordUpgrade } from '../../../src/activities/record-upgrade.js';
import { transitionOf, type LifecycleEvent } from '../../../src/domain/lifecycle-events.js';
import { WinshiftError } from '../../../src/domain/errors.js';
import type { UpgradeState } from '../../../src/domain/upgrade-state.js';
import type { LifecyclePublisher } from '../../../src/ports/lifecycle-events.js';
import type { RecordUpgradeInput } from '../../../src/workflow/contracts/index.js';
import { CLUSTER, makePlan, makeWorld } from './fakes/world.js';

const request: RecordUpgradeInput['request'] = {
  clusterResourceId: CLUSTER,
  poolName: 'win19',
  options: makePlan().options,
  startedBy: 'http',
  runId: 'r1',
};

class Topic implements LifecyclePublisher {
  readonly enabled = true;
  readonly sent: LifecycleEvent[] = [];
  failures: Error[] = [];
  publish(events: readonly LifecycleEvent[]): Promise<void> {
    const failure = this.failures.shift();
    if (failure) return Promise.reject(failure);
    this.sent.push(...events);
    return Promise.resolve();
  }
}

const ANA = { kind: 'user', id: 'oid-9', name: 'Ana', at: '2026-11-28T12:30:00.000Z' } as const;
const OLIVIA = {
  kind: 'user',
  id: 'oid-1',
  name: 'Olivia',
  at: '2026-11-28T11:59:00.000Z',
} as const;

function setUp() {
  const w = makeWorld();
  const topic = new Topic();
  const deps = {
    store: w.store,
    now: () => new Date('2026-11-28T12:00:00Z'),
    log: w.deps.log,
    events: topic,
    baseUrl: 'https://func.example',
  };
  const record = (state: UpgradeState): Promise<unknown> =>
    recordUpgrade(deps, { instanceId: 'inst-1', request, state, newPoolName: 'w22a' });
  return { w, topic, record, deps };
}

describe('lifecycle events', () => {
  it.each([
    [undefined, 'Planning', 'started'],
    ['Planning', 'Planning', 'started'],
    ['Planning', 'Running', 'planned'],
    ['Running', 'Running', undefined],
    ['Running', 'AwaitingApproval', 'awaitingApproval'],
    ['AwaitingApproval', 'AwaitingApproval', undefined],
    ['AwaitingApproval', 'Running', 'approved'],
    ['Running', 'DeletingOldPool', undefined],
    ['DeletingOldPool', 'Completed', 'completed'],
    ['Running', 'RollingBack', undefined],
    ['RollingBack', 'RolledBack', 'rolledBack'],
    ['RollingBack', 'Failed', 'failed'],
    ['Planning', 'Blocked', 'blocked'],
  ] as const)('%s -> %s is %s', (previous, next, transition) => {
    expect(transitionOf(previous, next)).toBe(transition);
  });

  it('publishes each transition of a run once, by id, with the actors its row records', async () => {
    const { w, topic, record } = setUp();
    for (const state of [
      'Planning',
      'Running',
      'AwaitingApproval',
      'AwaitingApproval',
      'Running',
      'DeletingOldPool',
      'Completed',
      'Completed',
    ] as const) {
      if (state === 'Running' && topic.sent.length === 3)
        // The API records the approver on the row before it raises the approval (app/control.ts).
        await w.store.recordActor('inst-1', 'approved', ANA);
      await record(state);
    }
    expect(topic.sent.map((e) => e.type)).toEqual([
      'io.winshift.upgrade.started',
      'io.winshift.upgrade.planned',
      'io.winshift.upgrade.awaitingApproval',
      'io.winshift.upgrade.approved',
      'io.winshift.upgrade.completed',
    ]);
    expect(new Set(topic.sent.map((e) => e.id)).size).toBe(5);
    const approved = topic.sent[3];
    expect(approved).toMatchObject({
      id: 'inst-1/r1/approved',
      source: '/winshift',
      subject: `${CLUSTER}/agentPools/win19`,
      data: {
        id: 'inst-1',
        runId: 'r1',
        state: 'Running',
        targetPool: 'w22a',
        links: { status: 'https://func.example/api/upgrades/inst-1' },
        actor: { kind: 'user', id: 'oid-9', name: 'Ana' },
      },
    });
    // No one recorded as the starter of an HTTP start: the event names nobody.
    expect(topic.sent[0]?.data).not.toHaveProperty('actor');
  });

  it('names who started the run, and winshift itself for a run the fleet scan started', async () => {
    const { w, topic, record } = setUp();
    await record('Planning');
    await w.store.upsertUpgrade({
      ...(await w.store.getUpgrade('inst-1'))!,
      actors: { started: OLIVIA },
    });
    await record('Running');
    expect(topic.sent[1]?.data).toMatchObject({
      actor: { kind: 'user', id: 'oid-1', name: 'Olivia' },
    });

    const scan = setUp();
    await recordUpgrade(
      { ...scan.deps },
      { instanceId: 'inst-2', request: { ...request, startedBy: 'fleetScan' }, state: 'Planning' },
    );
    expect(scan.topic.sent[0]?.data).toMatchObject({
      actor: { kind: 'winshift', id: 'winshift', name: 'winshift (fleetScan)' },
    });
  });

  it('a transient send failure leaves the row unwritten, so the retry sends the same id', async () => {
    const { w, topic, record } = setUp();
    await record('Planning');
    await record('Running');
    topic.failures.push(new WinshiftError('TRANSIENT', 'topic throttled'));
    await expect(record('AwaitingApproval')).rejects.toThrow(/throttled/);
    expect((await w.store.getUpgrade('inst-1'))?.state).toBe('Running');
    await record('AwaitingApproval');
    expect(topic.sent.map((e) => e.id)).toEqual([
      'inst-1/r1/started',
      'inst-1/r1/planned',
      'inst-1/r1/awaitingApproval',
    ]);
  });

  it('a refused send (no role) is logged and the state still recorded', async () => {
    const { w, topic, record } = setUp();
    topic.failures.push(new WinshiftError('FORBIDDEN', 'no EventGrid Data Sender'));
    await record('Planning');
    expect((await w.store.getUpgrade('inst-1'))?.state).toBe('Planning');
    expect(topic.sent).toEqual([]);
  });
});
