import { describe, expect, it } from '@jest/globals';
import { narrowDaemonSets } from '../../../src/activities/narrow-daemonsets.js';
import { patchWorkloads } from '../../../src/activities/patch-workloads.js';
import { restoreWorkloads } from '../../../src/activities/restore-workloads.js';
import { ORIGINAL_ANNOTATION } from '../../../src/activities/shared/workload-original.js';
import { WinshiftError } from '../../../src/domain/errors.js';
import {
  AGENT,
  ALL,
  DB,
  FIXTURES,
  makeWorld,
  NEW_NODES,
  OLD_NODES,
  RUN,
  STALE_REF,
  WEB,
} from './fakes/world.js';

type Web = ReturnType<ReturnType<typeof makeWorld>['kube']['workload']>;

const images = (w: ReturnType<typeof makeWorld>, ref: typeof WEB): Record<string, string> => {
  const x = w.kube.workload(ref);
  return Object.fromEntries([...x.containers, ...x.initContainers].map((c) => [c.name, c.image]));
};

describe('patchWorkloads', () => {
  it('moves each workload to the new pool with its new images, original saved twice', async () => {
    const w = makeWorld();
    const results = await patchWorkloads(w.deps, { ...w.ref, workloads: ALL });
    expect(results.map((r) => r.outcome)).toEqual(['patched', 'patched', 'patched']);
    expect(w.kube.workload(WEB).placement).toEqual({
      nodeSelector: { 'kubernetes.io/os': 'windows', 'kubernetes.azure.com/os-sku': 'Windows2022' },
    });
    expect(images(w, WEB)).toEqual({
      web: 'mcr.microsoft.com/iis:windowsservercore-ltsc2022',
      sidecar: 'contoso/log:1.0',
      setup: 'mcr.microsoft.com/powershell:ltsc2022',
    });
    expect(w.kube.workload(DB).placement.tolerations).toEqual(FIXTURES[1]?.placement.tolerations);
    const annotation = JSON.parse(w.kube.workload(WEB).annotations[ORIGINAL_ANNOTATION] ?? '{}');
    expect(annotation).toMatchObject({
      instanceId: 'inst-1',
      runId: RUN,
      placement: { nodeSelector: { 'kubernetes.io/os': 'windows', agentpool: 'win19' } },
      images: { web: 'mcr.microsoft.com/iis:windowsservercore-ltsc2019' },
      initImages: { setup: 'mcr.microsoft.com/powershell:ltsc2019' },
    });
    expect(w.store.writesOf('saveOriginal')).toHaveLength(3);
    expect((await w.store.loadProgress('inst-1')).map((p) => p.phase)).toEqual([
      'patched',
      'patched',
      'patched',
    ]);
  });

  it('sends a strategic merge patch keyed by container name, naming only changed containers', async () => {
    const w = makeWorld();
    await patchWorkloads(w.deps, { ...w.ref, workloads: [WEB] });
    const body = w.kube.writesOf('patchWorkload')[0]?.body as {
      spec: { template: { spec: Record<string, unknown> } };
    };
    expect(body.spec.template.spec['containers']).toEqual([
      { name: 'web', image: 'mcr.microsoft.com/iis:windowsservercore-ltsc2022' },
    ]);
    expect(body.spec.template.spec['initContainers']).toEqual([
      { name: 'setup', image: 'mcr.microsoft.com/powershell:ltsc2022' },
    ]);
    expect(body.spec.template.spec['nodeSelector']).toEqual({
      agentpool: null,
      'kubernetes.azure.com/os-sku': 'Windows2022',
    });
  });

  it('is unchanged when repeated: one patch per workload, the first original kept', async () => {
    const w = makeWorld();
    await patchWorkloads(w.deps, { ...w.ref, workloads: ALL });
    const before = structuredClone([...w.kube.workloads.values()]);
    const again = await patchWorkloads(w.deps, { ...w.ref, workloads: ALL });
    expect(again.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(w.kube.writesOf('patchWorkload')).toHaveLength(3);
    expect([...w.kube.workloads.values()]).toEqual(before);
    const saved = await w.store.loadOriginals(RUN);
    expect(saved.find((o) => o.ref.name === 'web')?.images['web']).toContain('ltsc2019');
  });

  it('widens a DaemonSet to the new pool under OnDelete: one placed by OS already covers it', async () => {
    const w = makeWorld();
    await patchWorkloads(w.deps, { ...w.ref, workloads: [AGENT] });
    const agent = w.kube.workload(AGENT);
    expect(agent.updateStrategy).toBe('OnDelete');
    expect(agent.placement).toEqual({ nodeSelector: { 'kubernetes.io/os': 'windows' } });
    expect(images(w, AGENT)).toEqual({ agent: 'mcr.microsoft.com/agent:ltsc2022' });
  });

  it('sends no deletion of what the object lacks (a 1.20 strategic merge stores it as "" or {})', async () => {
    const w = makeWorld();
    await patchWorkloads(w.deps, { ...w.ref, workloads: [AGENT] });
    const body = w.kube.writesOf('patchWorkload')[0]?.body as {
      spec: { template: { spec: Record<string, unknown> } };
    };
    // Placed by OS alone: nothing of its placement changes, and no null is sent for it.
    expect(body.spec.template.spec).toEqual({
      containers: [{ name: 'agent', image: 'mcr.microsoft.com/agent:ltsc2022' }],
    });
  });

  it('reports a deleted workload as missing and writes nothing for it', async () => {
    const w = makeWorld();
    w.kube.workloads.delete('Deployment shop/web');
    const results = await patchWorkloads(w.deps, { ...w.ref, workloads: [WEB] });
    expect(results).toEqual([{ ref: WEB, outcome: 'missing' }]);
    expect(w.kube.writes).toHaveLength(0);
  });

  it('saves the original before patching: no patch when the store fails', async () => {
    const w = makeWorld();
    w.store.saveOriginalOnce = () => Promise.reject(new WinshiftError('TRANSIENT', 'table busy'));
    await expect(patchWorkloads(w.deps, { ...w.ref, workloads: [WEB] })).rejects.toThrow(
      '[TRANSIENT]',
    );
    expect(w.kube.writes).toHaveLength(0);
  });

  it('keeps the annotation’s original when the store lost it (retry after a crash)', async () => {
    const w = makeWorld();
    await patchWorkloads(w.deps, { ...w.ref, workloads: [WEB] });
    w.store.originals.clear();
    await patchWorkloads(w.deps, { ...w.ref, workloads: [WEB] });
    const [saved] = await w.store.loadOriginals(RUN);
    expect(saved?.placement.nodeSelector).toEqual({
      'kubernetes.io/os': 'windows',
      agentpool: 'win19',
    });
  });

  it.each([
    [
      'an image changed since planning',
      (web: Web) => (web.containers = [{ name: 'web', image: 'mcr.microsoft.com/iis:other' }]),
      'PLAN_CHANGED',
    ],
    [
      'an AKS add-on object',
      (web: Web) => (web.labels = { 'addonmanager.kubernetes.io/mode': 'Reconcile' }),
      'PROTECTED_WORKLOAD',
    ],
  ])('refuses %s', async (_name, change, code) => {
    const w = makeWorld();
    change(w.kube.workload(WEB));
    await expect(patchWorkloads(w.deps, { ...w.ref, workloads: [WEB] })).rejects.toMatchObject({
      code,
    });
    expect(w.kube.writes).toHaveLength(0);
  });

  it('refuses a workload the plan does not name, and a changed plan', async () => {
    const w = makeWorld();
    const other = { kind: 'Deployment' as const, namespace: 'shop', name: 'other' };
    await expect(patchWorkloads(w.deps, { ...w.ref, workloads: [other] })).rejects.toThrow(
      '[INVALID_INPUT]',
    );
    await expect(patchWorkloads(w.deps, { ...STALE_REF, workloads: [WEB] })).rejects.toThrow(
      '[PLAN_CHANGED]',
    );
    expect(w.kube.writes).toHaveLength(0);
  });
});

describe('narrowDaemonSets', () => {
  it('takes widened DaemonSets off the old pool only, original strategy back; repeat is unchanged', async () => {
    const w = makeWorld();
    await patchWorkloads(w.deps, { ...w.ref, workloads: ALL });
    expect(await narrowDaemonSets(w.deps, w.ref)).toEqual([{ ref: AGENT, outcome: 'patched' }]);
    const agent = w.kube.workload(AGENT);
    // Placed by OS: every other Windows pool it ran on keeps it.
    expect(agent.placement).toEqual({
      nodeSelector: { 'kubernetes.io/os': 'windows' },
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'kubernetes.azure.com/agentpool', operator: 'NotIn', values: ['win19'] },
                ],
              },
              {
                matchExpressions: [
                  { key: 'kubernetes.azure.com/agentpool', operator: 'In', values: ['w22a'] },
                ],
              },
            ],
          },
        },
      },
    });
    expect(agent.updateStrategy).toBe('RollingUpdate');
    expect(await narrowDaemonSets(w.deps, w.ref)).toEqual([{ ref: AGENT, outcome: 'unchanged' }]);
    expect(
      w.kube.writesOf('patchWorkload').filter((x) => x.target.startsWith('DaemonSet')),
    ).toHaveLength(2);
  });
});

describe('restoreWorkloads', () => {
  it.each([
    ['after the patch', false],
    ['after the DaemonSets were narrowed', true],
  ])('restores every workload exactly %s, and a repeat changes nothing', async (_name, narrow) => {
    const w = makeWorld();
    const pristine = structuredClone([...w.kube.workloads.values()]);
    await patchWorkloads(w.deps, { ...w.ref, workloads: ALL });
    if (narrow) await narrowDaemonSets(w.deps, w.ref);
    const results = await restoreWorkloads(w.deps, { ...w.ref, workloads: ALL });
    expect(results.map((r) => r.outcome)).toEqual(['restored', 'restored', 'restored']);
    const strip = (xs: typeof pristine) => xs.map((x) => ({ ...x, generation: 0 }));
    expect(strip([...w.kube.workloads.values()])).toEqual(strip(pristine));
    const writes = w.kube.writes.length;
    const again = await restoreWorkloads(w.deps, { ...w.ref, workloads: ALL });
    expect(again.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(w.kube.writes).toHaveLength(writes);
    expect((await w.store.loadProgress('inst-1')).every((p) => p.phase === 'restored')).toBe(true);
  });

  it('sets the original fields exactly, reads them back, and fails RESTORE_MISMATCH when they differ', async () => {
    const w = makeWorld();
    await patchWorkloads(w.deps, { ...w.ref, workloads: [WEB] });
    await restoreWorkloads(w.deps, { ...w.ref, workloads: [WEB] });
    expect(w.kube.writesOf('setWorkloadFields')[0]?.body).toEqual({
      nodeSelector: { 'kubernetes.io/os': 'windows', agentpool: 'win19' },
      nodeAffinity: null,
      containers: { web: 'mcr.microsoft.com/iis:windowsservercore-ltsc2019' },
      initContainers: { setup: 'mcr.microsoft.com/powershell:ltsc2019' },
      annotations: { [ORIGINAL_ANNOTATION]: null },
    });

    const drifted = makeWorld();
    await patchWorkloads(drifted.deps, { ...drifted.ref, workloads: [WEB] });
    // Something puts the new pool's selector back after the write (a webhook, another controller).
    drifted.kube.afterSetFields = (x) => {
      x.placement = {
        nodeSelector: { ...x.placement.nodeSelector, 'kubernetes.azure.com/os-sku': '' },
      };
    };
    await expect(
      restoreWorkloads(drifted.deps, { ...drifted.ref, workloads: [WEB] }),
    ).rejects.toMatchObject({
      code: 'RESTORE_MISMATCH',
      message: expect.stringContaining(
        'Deployment shop/web read back after the restore differs from its original in: nodeSelector',
      ),
    });
  });

  it('leaves a workload it never patched alone', async () => {
    const w = makeWorld();
    const results = await restoreWorkloads(w.deps, { ...w.ref, workloads: [WEB] });
    expect(results).toEqual([{ ref: WEB, outcome: 'notPatched', podsDeleted: 0 }]);
    expect(w.kube.writes).toHaveLength(0);
  });

  it('restores from the annotation when the store lost the original', async () => {
    const w = makeWorld();
    await patchWorkloads(w.deps, { ...w.ref, workloads: [WEB] });
    w.store.originals.clear();
    await restoreWorkloads(w.deps, { ...w.ref, workloads: [WEB] });
    expect(w.kube.workload(WEB).placement.nodeSelector).toEqual({
      'kubernetes.io/os': 'windows',
      agentpool: 'win19',
    });
    expect(images(w, WEB)['web']).toBe('mcr.microsoft.com/iis:windowsservercore-ltsc2019');
  });

  it('deletes StatefulSet pods stuck on the new template (forced rollback), not the serving ones', async () => {
    const w = makeWorld();
    await patchWorkloads(w.deps, { ...w.ref, workloads: [DB] });
    const pod = (name: string, node: string, image: string, ready: boolean) =>
      w.kube.addPod({
        namespace: 'shop',
        name,
        nodeName: node,
        ready,
        labels: { app: 'db' },
        containers: [{ name: 'db', image }],
      });
    pod('db-0', OLD_NODES[0] ?? '', 'mcr.microsoft.com/mssql:ltsc2019', true);
    pod('db-1', NEW_NODES[0], 'mcr.microsoft.com/mssql:ltsc2022', false);
    const [result] = await restoreWorkloads(w.deps, { ...w.ref, workloads: [DB] });
    expect(result).toMatchObject({ outcome: 'restored', podsDeleted: 1 });
    expect(w.kube.writesOf('deletePod').map((x) => x.target)).toEqual(['shop/db-1']);
  });
});
