// Issue 12 item 17: ended dry runs (plan-...) older than WINSHIFT_PLAN_RETENTION_HOURS are purged
// with their plans; upgrades (upg-...) and the fleet scan never are.
import { describe, expect, it } from '@jest/globals';
import { createApp } from '../../../src/app/index.js';
import { ENDED_STATUSES } from '../../../src/app/purge-plans.js';
import { settingsOf } from '../../../src/composition.js';
import { loadConfig } from '../../../src/config.js';
import type { Plan } from '../../../src/domain/plan.js';
import type { RuntimeStatus } from '../../../src/ports/orchestration.js';
import { fakes, TEST_SETTINGS } from '../api/fakes.js';

const NOW = Date.parse('2026-11-28T10:00:00.000Z');
const hoursAgo = (h: number): string => new Date(NOW - h * 3_600_000).toISOString();
const plan = (n: string): string => `plan-${n.repeat(32)}-mfz`;

function world(retentionHours?: string) {
  const settings =
    retentionHours === undefined ? {} : { WINSHIFT_PLAN_RETENTION_HOURS: retentionHours };
  const f = fakes(loadConfig({ ...TEST_SETTINGS, ...settings }));
  const put = (instanceId: string, runtimeStatus: RuntimeStatus, hours: number): void => {
    f.client.set({ instanceId, runtimeStatus, createdTime: hoursAgo(hours) });
    if (instanceId.startsWith('plan-')) f.store.plans.set(instanceId, {} as Plan);
  };
  put(plan('a'), 'Completed', 48);
  put(plan('b'), 'Failed', 25);
  put(plan('c'), 'Terminated', 30);
  put(plan('d'), 'Running', 72); // still planning: never purged
  put(plan('e'), 'Completed', 2); // within the retention
  put(`upg-${'f'.repeat(32)}`, 'Failed', 500); // an upgrade: its history is the record
  put('fleet-scan', 'Completed', 500);
  return f;
}

describe('purgeOldPlans', () => {
  it('purges ended plan- instances older than the retention (default 24 h), plans first', async () => {
    const { app, client, store } = world();
    const outcome = await app.purgeOldPlans();
    expect(outcome).toEqual({ purged: [plan('a'), plan('b'), plan('c')], failed: [] });
    expect(client.queries).toEqual([
      { createdBefore: new Date(hoursAgo(24)), runtimeStatus: ENDED_STATUSES },
    ]);
    expect([...client.instances.keys()].sort()).toEqual(
      [plan('d'), plan('e'), `upg-${'f'.repeat(32)}`, 'fleet-scan'].sort(),
    );
    expect([...store.plans.keys()].sort()).toEqual([plan('d'), plan('e')]);
  });

  it('0 hours purges every ended dry run, still never a running one or an upgrade', async () => {
    const { app, client } = world('0');
    const { purged } = await app.purgeOldPlans();
    expect([...purged].sort()).toEqual([plan('a'), plan('b'), plan('c'), plan('e')]);
    expect(client.instances.has(plan('d'))).toBe(true);
    expect(client.instances.has(`upg-${'f'.repeat(32)}`)).toBe(true);
  });

  it('checks the rule itself even when the host answers more than it asked for', async () => {
    const { deps, client } = world();
    const app = createApp({
      ...deps,
      client: Object.assign(Object.create(client) as typeof client, {
        listInstances: () => Promise.resolve([...client.instances.values()]),
      }),
    });
    const { purged } = await app.purgeOldPlans();
    expect([...purged].sort()).toEqual([plan('a'), plan('b'), plan('c')]);
  });

  it('goes on past a failed purge and reports it (the next pass tries again)', async () => {
    const { deps, client, store } = world();
    const app = createApp({
      ...deps,
      store: Object.assign(Object.create(store) as typeof store, {
        deletePlan: (id: string) =>
          id === plan('a')
            ? Promise.reject(new Error('[TRANSIENT] storage busy'))
            : store.deletePlan(id),
      }),
    });
    const outcome = await app.purgeOldPlans();
    expect(outcome.purged).toEqual([plan('b'), plan('c')]);
    expect(outcome.failed).toEqual([{ instanceId: plan('a'), error: '[TRANSIENT] storage busy' }]);
    expect(client.instances.has(plan('a'))).toBe(true);
  });

  it('the retention comes from the settings', () => {
    expect(settingsOf(loadConfig(TEST_SETTINGS)).planRetentionHours).toBe(24);
  });
});
