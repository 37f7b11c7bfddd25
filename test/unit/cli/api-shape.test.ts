// The CLI against the status answer the API really builds (src/api/views.ts upgradeView), not a
// hand-written copy of it: the custom status travels as `status`, and `watch` (and `npm start`, which
// approves at the gate) must read it from there.
import { describe, expect, it } from '@jest/globals';
import { linksOf, upgradeView } from '../../../src/app/views.js';
import type { InstanceStatus, RuntimeStatus } from '../../../src/ports/orchestration.js';
import { main } from '../../../src/cli/main.js';
import { renderProgress } from '../../../src/cli/progress.js';
import type { UpgradeState } from '../../../src/ports/store.js';
import type { UpgradeStatus } from '../../../src/workflow/contracts/index.js';

const CLUSTER =
  '/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks1';
const ID = `upg-${'a'.repeat(32)}`;

function customStatus(phase: UpgradeState, over: Partial<UpgradeStatus> = {}): UpgradeStatus {
  return {
    phase,
    cluster: CLUSTER,
    sourcePool: 'win19',
    targetPool: 'win22',
    targetOsSku: 'Windows2022',
    steps: [{ name: 'plan', state: 'succeeded' }],
    workloads: { ready: 2, total: 5 },
    awaitingApproval: false,
    ...over,
  };
}

/** The JSON body GET /api/upgrades/{id} sends for this instance. */
function answer(runtimeStatus: RuntimeStatus, status: UpgradeStatus): unknown {
  const instance: InstanceStatus = {
    instanceId: ID,
    name: 'upgradeWindowsPool',
    runtimeStatus,
    createdTime: '2026-04-01T10:00:00Z',
    lastUpdatedTime: '2026-04-01T10:05:00Z',
    customStatus: status,
  };
  const view = upgradeView({
    id: ID,
    instance,
    workloads: [],
    links: linksOf('http://127.0.0.1:7071', ID),
  });
  return JSON.parse(JSON.stringify(view)) as unknown;
}

function ioFor(body: unknown): { out: string[]; io: Parameters<typeof main>[1] } {
  const out: string[] = [];
  return {
    out,
    io: {
      stdout: { write: (t: string) => void out.push(t) },
      stderr: { write: () => undefined },
      env: {},
      fetch: () => Promise.resolve(Response.json(body)),
      sleep: () => Promise.resolve(),
    },
  };
}

describe('the CLI reads the API status answer', () => {
  it('renders the progress of a real answer (phase, pools, workloads, approval)', () => {
    const body = answer(
      'Running',
      customStatus('AwaitingApproval', {
        awaitingApproval: true,
        workloads: { ready: 5, total: 5 },
      }),
    );
    expect(renderProgress(body as never)).toEqual([
      `${ID} Running · AwaitingApproval · awaiting approval`,
      '  aks1 pool win19 -> win22 (Windows2022)',
      '  ✔ plan           succeeded',
      '  workloads ready 5/5',
    ]);
  });

  it.each<[RuntimeStatus, UpgradeState, number]>([
    ['Completed', 'Completed', 0],
    ['Completed', 'RolledBack', 1],
    ['Completed', 'Failed', 1],
    ['Failed', 'Failed', 1],
    ['Terminated', 'Running', 1],
  ])('watch of a %s instance in phase %s exits %d', async (runtime, phase, code) => {
    const t = ioFor(answer(runtime, customStatus(phase)));
    expect(await main(['watch', ID], t.io)).toBe(code);
    expect(t.out.join('')).toContain(`· ${phase}`);
  });
});
