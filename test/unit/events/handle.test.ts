import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CALENDAR } from '../../../src/domain/calendar.js';
import { silentLog } from '../../../src/activities/shared/log.js';
import { handleAksEvent, type EventDeps } from '../../../src/app/aks-events.js';
import type { AutoUpgradePolicy } from '../../../src/domain/auto-upgrade.js';
import { onEventGridDelivery, type EventOutcome } from '../../../src/events/handle.js';
import type {
  UpgradeFilter,
  UpgradePage,
  UpgradeRecord,
  UpgradeStore,
} from '../../../src/ports/store.js';
import {
  cluster,
  FakeAks,
  FakeStarter,
  MemoryEventLog,
  MemoryFleetStore,
  SUB_A,
  SUB_B,
} from '../fleet/fakes.js';

const c1 = cluster(SUB_A, 'c1', '1.31.5', [
  { name: 'sys', osType: 'Linux' },
  { name: 'w19', osType: 'Windows', osSku: 'Windows2019' },
  { name: 'w22', osType: 'Windows', osSku: 'Windows2022' },
]);

const upgrade: UpgradeRecord = {
  instanceId: 'up-1',
  clusterResourceId: c1.resourceId,
  poolName: 'w19',
  newPoolName: 'w22new',
  state: 'Running',
  startedBy: 'http',
  createdAt: '2026-04-01T00:00:00Z',
  updatedAt: '2026-04-01T00:00:00Z',
};

/** A delivery through the Event Grid adapter into the application's handler. */
const deliver = (deps: EventDeps, raw: unknown): Promise<EventOutcome> =>
  onEventGridDelivery({ onAksEvent: (e) => handleAksEvent(deps, e), deps }, raw);

class FakeUpgrades implements Pick<UpgradeStore, 'listUpgrades'> {
  filters: UpgradeFilter[] = [];
  listUpgrades(filter: UpgradeFilter): Promise<UpgradePage> {
    this.filters.push(filter);
    return Promise.resolve({ items: [upgrade] });
  }
}

function setup(policy: AutoUpgradePolicy = 'retired') {
  const store = new MemoryFleetStore();
  const starter = new FakeStarter();
  const eventLog = new MemoryEventLog();
  const deps: EventDeps = {
    aks: new FakeAks([c1]),
    fleetStore: store,
    store: new FakeUpgrades() as unknown as UpgradeStore,
    eventLog,
    starter,
    settings: {
      taskHub: 'hub',
      subscriptions: [SUB_A],
      autoUpgrade: policy,
      managedWorkloads: 'allow',
      calendar: DEFAULT_CALENDAR,
      retirementWindowDays: 90,
      scanConcurrency: 1,
      planRetentionHours: 24,
    },
    now: () => new Date('2026-04-01T12:00:00Z'),
    log: silentLog,
  };
  return { deps, store, starter, eventLog };
}

const event = (eventType: string, data: Record<string, unknown>, topic = c1.resourceId) => ({
  id: `ev-${eventType}`,
  topic,
  subject: 'c1',
  eventType: `Microsoft.ContainerService.${eventType}`,
  eventTime: '2026-04-01T11:00:00Z',
  data,
  dataVersion: '1',
  metadataVersion: '1',
});

describe('handleAksEvent', () => {
  it.each(['ClusterSupportEnding', 'ClusterSupportEnded', 'NewKubernetesVersionAvailable'])(
    '%s rescans the cluster, updates the report and starts retired pools',
    async (type) => {
      const { deps, store, starter } = setup();
      await store.publish({
        scanId: 's',
        startedAt: '',
        completedAt: '',
        windowDays: 90,
        subscriptions: [],
      });
      const out = await deliver(deps, event(type, { kubernetesVersion: '1.31.5' }));
      expect(out).toEqual({
        action: 'scanned',
        windowsPools: 2,
        reportUpdated: true,
        upgrades: [{ outcome: 'started', instanceId: 'up-w19' }],
      });
      expect(starter.calls).toEqual([
        { clusterResourceId: c1.resourceId, poolName: 'w19', startedBy: 'eventGrid' },
      ]);
      expect((await store.latest())?.summary).toMatchObject({ windowsPools: 2, retired: 1 });
    },
  );

  it('a second event for a pool already being upgraded is fine (running)', async () => {
    const { deps } = setup();
    await deliver(deps, event('ClusterSupportEnded', {}));
    const again = await deliver(deps, event('ClusterSupportEnded', {}));
    expect(again).toMatchObject({ upgrades: [{ outcome: 'running' }], reportUpdated: false });
  });

  it('starts nothing with the policy off', async () => {
    const { deps, starter } = setup('off');
    await deliver(deps, event('ClusterSupportEnded', {}));
    expect(starter.calls).toEqual([]);
  });

  it.each([
    ['NodePoolRollingStarted', 'w19', ['up-1']],
    ['NodePoolRollingSucceeded', 'w22new', ['up-1']],
    ['NodePoolRollingFailed', 'other', []],
  ])('%s of pool %s is noted against %o', async (type, pool, ids) => {
    const { deps, eventLog } = setup();
    const out = await deliver(deps, event(type, { nodePoolName: pool }));
    expect(out).toEqual({ action: 'noted', instanceIds: ids });
    const notes = await eventLog.list('up-1');
    expect(notes.map((n) => [n.eventType, n.poolName, n.eventId])).toEqual(
      ids.length ? [[type, pool, `ev-${type}`]] : [],
    );
  });

  it.each([
    [
      'another subscription',
      event('ClusterSupportEnded', {}, c1.resourceId.replace(SUB_A, SUB_B)),
      'subscription not allowed',
    ],
    [
      'a deleted cluster',
      event('ClusterSupportEnded', {}, c1.resourceId.replace('/c1', '/gone')),
      'cluster not found',
    ],
    [
      'an unknown type',
      { ...event('ClusterSupportEnded', {}), eventType: 'Contoso.Thing' },
      'Contoso.Thing',
    ],
  ])('ignores %s', async (_name, raw, reason) => {
    const { deps, starter } = setup();
    const out = await deliver(deps, raw);
    expect(out.action).toBe('ignored');
    expect(out).toMatchObject({ reason: expect.stringContaining(reason) as unknown });
    expect(starter.calls).toEqual([]);
  });

  it('throws for a malformed AKS event', async () => {
    const { deps } = setup();
    await expect(deliver(deps, event('NodePoolRollingStarted', {}))).rejects.toThrow(
      '[INVALID_INPUT] malformed AKS event ev-NodePoolRollingStarted: NodePoolRollingStarted needs data.nodePoolName',
    );
  });
});
