/**
 * Issue 12 item 1: originals belong to one run. The instance id is the same for every run of a pool,
 * so the store keys originals by run id and the annotation names its run; another run's annotation
 * (a completed run, an earlier run of the same pool) is never taken for this run's original.
 */
import { describe, expect, it } from '@jest/globals';
import { patchWorkloads } from '../../../src/activities/patch-workloads.js';
import { releaseWorkloads } from '../../../src/activities/release-workloads.js';
import { restoreWorkloads } from '../../../src/activities/restore-workloads.js';
import {
  encodeAnnotation,
  ORIGINAL_ANNOTATION,
  originalFromAnnotation,
} from '../../../src/activities/shared/workload-original.js';
import { planHash } from '../../../src/domain/plan.js';
import type { Placement } from '../../../src/domain/scheduling.js';
import type { WorkloadInfo } from '../../../src/ports/kubernetes.js';
import {
  AGENT,
  ALL,
  DB,
  FIXTURES,
  INSTANCE,
  makePlan,
  makeWorld,
  RUN,
  WEB,
  type World,
} from './fakes/world.js';

/** What an earlier run left on web: its original, a spec the workload no longer has. */
function staleAnnotation(owner: { instanceId: string; runId?: string }): string {
  const text = encodeAnnotation(
    {
      ref: WEB,
      placement: {
        nodeSelector: { agentpool: 'old0' },
        affinity: null,
        tolerations: null,
        runtimeClassName: null,
      },
      images: { web: 'mcr.microsoft.com/iis:stale', sidecar: 'contoso/log:0.9' },
      initImages: { setup: 'mcr.microsoft.com/powershell:stale' },
      savedAt: '2025-01-01T00:00:00.000Z',
    },
    { instanceId: owner.instanceId, runId: owner.runId ?? '' },
  );
  if (owner.runId !== undefined) return text;
  // The format of older versions: no run id, only the instance.
  const body = JSON.parse(text) as Record<string, unknown>;
  delete body['runId'];
  return JSON.stringify(body);
}

const spec = (w: World, ref = WEB): Partial<WorkloadInfo> => {
  const copy: { -readonly [K in keyof WorkloadInfo]?: WorkloadInfo[K] } = structuredClone(
    w.kube.workload(ref),
  );
  delete copy.generation;
  return copy;
};

/** The world replanned for a second run of the same pool (same instance, a new run id). */
function replan(w: World, webPlacement: Placement): World['ref'] {
  const fixtures = FIXTURES.map((f) => (f.name === 'web' ? { ...f, placement: webPlacement } : f));
  const plan = makePlan({}, fixtures);
  w.store.plans.set(INSTANCE, plan);
  return { instanceId: INSTANCE, runId: 'r-test-2', planHash: planHash(plan) };
}

describe('originals per run', () => {
  it('a second run of the same pool saves and restores its own original, not the first run’s', async () => {
    const w = makeWorld();
    await patchWorkloads(w.deps, { ...w.ref, workloads: [WEB] });
    await restoreWorkloads(w.deps, { ...w.ref, workloads: [WEB] });
    // Between the runs the team pins web by OS SKU instead of by pool.
    const pinned = {
      nodeSelector: { 'kubernetes.io/os': 'windows', 'kubernetes.azure.com/os-sku': 'Windows2019' },
    };
    w.kube.workload(WEB).placement = pinned;
    const second = replan(w, pinned);

    await patchWorkloads(w.deps, { ...second, workloads: [WEB] });
    expect((await w.store.loadOriginals('r-test-2'))[0]?.placement.nodeSelector).toEqual(
      pinned.nodeSelector,
    );
    await restoreWorkloads(w.deps, { ...second, workloads: [WEB] });
    expect(w.kube.workload(WEB).placement).toEqual(pinned);
    expect(w.kube.workload(WEB).annotations).toEqual({});
  });

  it('ignores an annotation another run left: saves the live spec, replaces it, restores to it', async () => {
    const w = makeWorld();
    w.kube.workload(WEB).annotations = {
      [ORIGINAL_ANNOTATION]: staleAnnotation({ instanceId: 'inst-0', runId: 'r-old' }),
    };
    const before = spec(w);
    await patchWorkloads(w.deps, { ...w.ref, workloads: [WEB] });
    const saved = (await w.store.loadOriginals(RUN))[0];
    expect(saved?.images['web']).toBe('mcr.microsoft.com/iis:windowsservercore-ltsc2019');
    const annotation = JSON.parse(w.kube.workload(WEB).annotations[ORIGINAL_ANNOTATION] ?? '{}');
    expect(annotation).toMatchObject({
      runId: RUN,
      placement: { nodeSelector: { agentpool: 'win19' } },
    });

    await restoreWorkloads(w.deps, { ...w.ref, workloads: [WEB] });
    expect(spec(w)).toEqual({ ...before, annotations: {} });
  });

  it.each([
    ['another run’s', { instanceId: 'inst-0', runId: 'r-old' }],
    ['an older version’s, of the same pool', { instanceId: INSTANCE }],
  ])(
    'restores nothing from %s annotation when this run saved no original',
    async (_name, owner) => {
      const w = makeWorld();
      w.kube.workload(WEB).annotations = { [ORIGINAL_ANNOTATION]: staleAnnotation(owner) };
      const results = await restoreWorkloads(w.deps, { ...w.ref, workloads: [WEB] });
      expect(results).toEqual([{ ref: WEB, outcome: 'notPatched', podsDeleted: 0 }]);
      expect(w.kube.writes).toEqual([]);
    },
  );

  it.each([
    ['this run’s', { instanceId: INSTANCE, runId: RUN }, RUN, true],
    ['another run’s', { instanceId: INSTANCE, runId: 'r-old' }, RUN, false],
    ['an older version’s, read by a run with a run id', { instanceId: INSTANCE }, RUN, false],
    [
      'an older version’s, read by a run of an older starter',
      { instanceId: INSTANCE },
      INSTANCE,
      true,
    ],
  ])('originalFromAnnotation: %s annotation', (_name, owner, runId, found) => {
    const workload = structuredClone(makeWorld().kube.workload(WEB));
    workload.annotations = { [ORIGINAL_ANNOTATION]: staleAnnotation(owner) };
    const original = originalFromAnnotation(workload, runId);
    expect(original?.images['web']).toBe(found ? 'mcr.microsoft.com/iis:stale' : undefined);
  });
});

describe('releaseWorkloads', () => {
  it('removes this run’s annotations and nothing else; a repeat changes nothing', async () => {
    const w = makeWorld();
    await patchWorkloads(w.deps, { ...w.ref, workloads: ALL });
    const patched = [WEB, DB, AGENT].map((ref) => spec(w, ref));
    const results = await releaseWorkloads(w.deps, { ...w.ref, workloads: ALL });
    expect(results.map((r) => r.outcome)).toEqual(['released', 'released', 'released']);
    expect([WEB, DB, AGENT].map((ref) => spec(w, ref))).toEqual(
      patched.map((p) => ({ ...p, annotations: {} })),
    );
    const writes = w.kube.writes.length;
    const again = await releaseWorkloads(w.deps, { ...w.ref, workloads: ALL });
    expect(again.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(w.kube.writes).toHaveLength(writes);
  });

  it('leaves another run’s annotation, and reports a deleted workload as missing', async () => {
    const w = makeWorld();
    const other = staleAnnotation({ instanceId: 'inst-0', runId: 'r-old' });
    w.kube.workload(WEB).annotations = { [ORIGINAL_ANNOTATION]: other };
    w.kube.workloads.delete('StatefulSet shop/db');
    const results = await releaseWorkloads(w.deps, { ...w.ref, workloads: [WEB, DB] });
    expect(results).toEqual([
      { ref: WEB, outcome: 'unchanged' },
      { ref: DB, outcome: 'missing' },
    ]);
    expect(w.kube.workload(WEB).annotations[ORIGINAL_ANNOTATION]).toBe(other);
    expect(w.kube.writes).toEqual([]);
  });

  it('refuses a workload the plan does not name', async () => {
    const w = makeWorld();
    const other = { kind: 'Deployment' as const, namespace: 'shop', name: 'other' };
    await expect(releaseWorkloads(w.deps, { ...w.ref, workloads: [other] })).rejects.toThrow(
      '[INVALID_INPUT]',
    );
  });
});
