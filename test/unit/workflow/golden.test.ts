// Released orchestration versions keep replaying their saved histories (docs/adr/0006): each saved
// run, replayed whole against today's code, must schedule exactly what it scheduled then, in the
// same order (the task ids), and end as it ended. A change to a released version's yields fails here.
//
// The histories were recorded with the replay harness from the runs below; to record a version's
// (only a NEW, unreleased version's, never to paper over a changed released one):
//   WINSHIFT_RECORD_GOLDEN=<version> node --experimental-vm-modules node_modules/jest/bin/jest.js \
//     dist/test/unit/workflow/golden.test.js
import { describe, expect, it } from '@jest/globals';
import { EventType } from '../../../src/local/durable/history.js';
import { loadUpgradeOrchestrations, replay } from '../../support/replay/index.js';
import {
  loadGoldenHistories,
  saveGoldenHistory,
  scheduledByActions,
  scheduledInHistory,
} from './support/golden.js';
import { runUpgrade, type UpgradeSetup } from './support/upgrade-run.js';
import type { Scenario } from './support/scenario.js';

const RUNS: readonly { name: string; scenario: Scenario; setup?: UpgradeSetup }[] = [
  { name: 'completed', scenario: { workloads: 3, daemonSets: 1 } },
  { name: 'rolled-back', scenario: { workloads: 2, rolloutFails: true } },
  {
    name: 'cancelled-at-the-gate',
    scenario: { workloads: 2 },
    setup: {
      options: { autoApproveAfterSoakInSeconds: undefined },
      events: () => [{ name: 'cancel', data: { reason: 'change freeze' }, atInMs: 3 * 3600_000 }],
    },
  },
  {
    name: 'approved-after-days',
    scenario: { workloads: 1 },
    setup: {
      options: { autoApproveAfterSoakInSeconds: undefined },
      events: () => [{ name: 'approve', data: { by: 'ada' }, atInMs: 4 * 24 * 3600_000 }],
    },
  },
  { name: 'many-workloads', scenario: { workloads: 40, daemonSets: 2 } },
];

const RELEASED_VERSIONS = [1, 2];

/** The version to record (WINSHIFT_RECORD_GOLDEN), if any. */
const recording = Number(process.env.WINSHIFT_RECORD_GOLDEN ?? '0');

describe('saved histories of released versions', () => {
  (recording > 0 ? it : it.skip)('are recorded from the runs above', async () => {
    for (const version of [recording]) {
      for (const { name, scenario, setup } of RUNS) {
        const { id, run } = await runUpgrade(scenario, { ...setup, version });
        const started = run.history.find((e) => e.EventType === EventType.ExecutionStarted);
        saveGoldenHistory({
          version,
          name,
          instanceId: id,
          input: JSON.parse(String(started?.Input)) as unknown,
          history: run.history,
          output: run.outcome.kind === 'completed' ? run.outcome.output : undefined,
        });
      }
    }
  });

  const saved = loadGoldenHistories();

  it('exist for every released version and run', () => {
    expect(saved.map((g) => `v${g.version}/${g.name}`).sort()).toEqual(
      RELEASED_VERSIONS.flatMap((v) => RUNS.map((r) => `v${v}/${r.name}`)).sort(),
    );
  });

  it.each(saved.map((g) => [`v${g.version}/${g.name}`, g] as const))(
    '%s replays: the same tasks in the same order, the same end',
    async (_name, golden) => {
      await loadUpgradeOrchestrations();
      const played = golden.history.map((e) => ({ ...e, IsPlayed: true }));
      const result = await replay(played, golden.input, { instanceId: golden.instanceId });
      expect(result.error).toBeUndefined();
      expect(scheduledByActions(result.actions)).toEqual(scheduledInHistory(golden.history));
      expect(result.isDone).toBe(true);
      expect(result.output).toEqual(golden.output);
    },
  );
});
