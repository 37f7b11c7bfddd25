/**
 * Issue 12 item 5 through the run: a CronJob and a Deployment scaled to 0, both pinned to the old
 * pool, are patched like the others (the CronJob's `spec.jobTemplate.spec.template`), their rollout
 * is complete at once (nothing to wait for), and a rollback restores them.
 */
import { describe, expect, it } from '@jest/globals';
import { patchWorkloads } from '../../../src/activities/patch-workloads.js';
import { restoreWorkloads } from '../../../src/activities/restore-workloads.js';
import { getRestoreStatus, getRolloutStatus } from '../../../src/activities/rollout-status.js';
import { ORIGINAL_ANNOTATION } from '../../../src/activities/shared/workload-original.js';
import { FIXTURES, makePlan, makeWorld, refOf, type WorkloadFixture } from './fakes/world.js';

const NIGHTLY = refOf('CronJob', 'nightly');
const IDLE = refOf('Deployment', 'idle');
const ON_2019 = { nodeSelector: { 'kubernetes.azure.com/os-sku': 'Windows2019' } };
const REPORT19 = 'contoso.azurecr.io/report:1.0-ltsc2019';
const REPORT22 = 'contoso.azurecr.io/report:1.0-ltsc2022';

const fixtures: readonly WorkloadFixture[] = [
  ...FIXTURES,
  { kind: 'CronJob', name: 'nightly', placement: ON_2019, containers: { run: REPORT19 } },
  {
    kind: 'Deployment',
    name: 'idle',
    placement: ON_2019,
    containers: { web: REPORT19 },
    replicas: 0,
  },
];

async function patched(): Promise<ReturnType<typeof makeWorld>> {
  const w = makeWorld(makePlan({}, fixtures), fixtures);
  const results = await patchWorkloads(w.deps, { ...w.ref, workloads: [NIGHTLY, IDLE] });
  expect(results.map((r) => r.outcome)).toEqual(['patched', 'patched']);
  return w;
}

describe('a CronJob pinned to the old pool', () => {
  it('is patched in spec.jobTemplate.spec.template, with no update strategy', async () => {
    const w = await patched();
    const body = w.kube.writesOf('patchWorkload').find((x) => x.target === 'CronJob shop/nightly')
      ?.body as { spec: Record<string, unknown> };
    expect(body.spec).toEqual({
      jobTemplate: {
        spec: {
          template: {
            spec: {
              nodeSelector: { 'kubernetes.azure.com/os-sku': 'Windows2022' },
              containers: [{ name: 'run', image: REPORT22 }],
            },
          },
        },
      },
    });
    expect(w.kube.workload(NIGHTLY).placement).toEqual({
      nodeSelector: { 'kubernetes.azure.com/os-sku': 'Windows2022' },
    });
    expect(w.kube.workload(NIGHTLY).annotations[ORIGINAL_ANNOTATION]).toContain(REPORT19);
    const again = await patchWorkloads(w.deps, { ...w.ref, workloads: [NIGHTLY] });
    expect(again.map((r) => r.outcome)).toEqual(['unchanged']);
  });

  it('is rolled out at once: no pods to wait for, none listed or deleted', async () => {
    const w = await patched();
    const [nightly] = await getRolloutStatus(w.deps, { ...w.ref, workloads: [NIGHTLY] });
    expect(nightly).toEqual({
      ref: NIGHTLY,
      state: expect.objectContaining({ done: true, failed: false }),
      ready: 0,
      desired: 0,
    });
    expect(nightly?.state.reason).toContain('next Jobs start from the new template');
    expect(w.kube.writesOf('deletePod')).toEqual([]);
  });

  it('is restored from its original by a rollback, and that is complete at once too', async () => {
    const w = await patched();
    const [restored] = await restoreWorkloads(w.deps, { ...w.ref, workloads: [NIGHTLY] });
    expect(restored).toMatchObject({ outcome: 'restored', podsDeleted: 0 });
    const nightly = w.kube.workload(NIGHTLY);
    expect(nightly.placement).toEqual(ON_2019);
    expect(nightly.containers).toEqual([{ name: 'run', image: REPORT19 }]);
    expect(nightly.annotations[ORIGINAL_ANNOTATION]).toBeUndefined();
    const [status] = await getRestoreStatus(w.deps, { ...w.ref, workloads: [NIGHTLY] });
    expect(status?.state.done).toBe(true);
  });
});

describe('a Deployment scaled to 0 pinned to the old pool', () => {
  it('is patched, and its rollout is complete once the controller has seen the patch', async () => {
    const w = await patched();
    const idle = w.kube.workload(IDLE);
    expect(idle.placement).toEqual({
      nodeSelector: { 'kubernetes.azure.com/os-sku': 'Windows2022' },
    });
    const [waiting] = await getRolloutStatus(w.deps, { ...w.ref, workloads: [IDLE] });
    expect(waiting?.state).toMatchObject({ done: false, failed: false });
    idle.status = { observedGeneration: idle.generation };
    const [done] = await getRolloutStatus(w.deps, { ...w.ref, workloads: [IDLE] });
    expect(done).toMatchObject({ state: { done: true }, ready: 0, desired: 0 });
  });
});
