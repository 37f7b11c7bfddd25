import { describe, expect, it } from '@jest/globals';
import { patchWorkloads } from '../../../src/activities/patch-workloads.js';
import { getPrePullStatus } from '../../../src/activities/pre-pull-status.js';
import { MAX_PULLERS, pullerImages } from '../../../src/activities/shared/pre-pull.js';
import { startPrePull } from '../../../src/activities/start-pre-pull.js';
import { stopPrePull } from '../../../src/activities/stop-pre-pull.js';
import type { DaemonSetSpec } from '../../../src/ports/kubernetes.js';
import { ALL, makeWorld, NEW_NODES, OLD_NODES, STALE_REF } from './fakes/world.js';

const IMAGES = [
  'contoso/log:1.0',
  'mcr.microsoft.com/agent:ltsc2022',
  'mcr.microsoft.com/iis:windowsservercore-ltsc2022',
  'mcr.microsoft.com/mssql:ltsc2022',
  'mcr.microsoft.com/powershell:ltsc2022',
];
const puller = (index: number): string => `winshift-system/winshift-prepull-w22a-${index}`;

type World = ReturnType<typeof makeWorld>;

/** A puller pod of puller `index` (of `of`) on `nodeName`. */
function addPuller(
  w: World,
  index: number,
  nodeName: string,
  state: { initialized: boolean; ready?: boolean; deleting?: boolean; of?: number },
): void {
  w.kube.addPod({
    namespace: 'winshift-system',
    name: `p-${index}-${nodeName}`,
    nodeName,
    initialized: state.initialized,
    ready: state.ready ?? state.initialized,
    deleting: state.deleting ?? false,
    labels: {
      'winshift.io/prepull-pool': 'w22a',
      'winshift.io/puller': String(index),
      'winshift.io/pullers': String(state.of ?? IMAGES.length),
    },
  });
}

describe('pre-pull', () => {
  it('pulls every image the moved workloads will run, one puller per image, on the new pool only', async () => {
    const w = makeWorld();
    expect(await startPrePull(w.deps, w.ref)).toEqual({
      desired: 2,
      ready: 0,
      pullersDone: [],
      // The pullers each planned workload waits for (IMAGES' indexes), every one named, in plan
      // order: web runs log, iis and powershell.
      needs: [
        { workload: { kind: 'Deployment', namespace: 'shop', name: 'web' }, pullers: [0, 2, 4] },
        { workload: { kind: 'StatefulSet', namespace: 'shop', name: 'db' }, pullers: [3] },
        { workload: { kind: 'DaemonSet', namespace: 'shop', name: 'agent' }, pullers: [1] },
      ],
    });
    expect(w.kube.daemonSets.size).toBe(IMAGES.length);
    IMAGES.forEach((image, index) => {
      expect(w.kube.daemonSets.get(puller(index))).toMatchObject({
        nodeSelector: { 'kubernetes.azure.com/agentpool': 'w22a', 'kubernetes.io/os': 'windows' },
        tolerations: [{ operator: 'Exists' }],
        labels: {
          'app.kubernetes.io/managed-by': 'winshift',
          'winshift.io/plan-hash': w.hash,
          'winshift.io/prepull-pool': 'w22a',
          'winshift.io/puller': String(index),
          'winshift.io/pullers': String(IMAGES.length),
        },
        images: [image],
      } satisfies Partial<DaemonSetSpec>);
    });
  });

  it('asks for the same DaemonSets when repeated, also after the workloads were patched', async () => {
    const w = makeWorld();
    await startPrePull(w.deps, w.ref);
    const first = w.kube.writesOf('applyDaemonSet').map((write) => write.body);
    await patchWorkloads(w.deps, { ...w.ref, workloads: ALL });
    await startPrePull(w.deps, w.ref);
    const second = w.kube.writesOf('applyDaemonSet').slice(first.length);
    expect(second.map((write) => write.body)).toEqual(first);
    expect(w.kube.daemonSets.size).toBe(IMAGES.length);
  });

  it.each([
    ['no images', 0, []],
    ['fewer images than pullers', 3, [1, 1, 1]],
    ['as many as pullers', MAX_PULLERS, Array<number>(MAX_PULLERS).fill(1)],
    ['more: dealt round-robin', MAX_PULLERS * 2 + 3, [3, 3, 3, 2, 2, 2, 2, 2]],
  ])('spreads %s over the pullers', (_name, count, sizes) => {
    const images = Array.from({ length: count }, (_unused, i) => `img:${i}`);
    const groups = pullerImages(images);
    expect(groups.map((g) => g.length)).toEqual(sizes);
    expect(groups.flat().sort()).toEqual([...images].sort());
  });

  it('counts a new-pool node once every puller there has run its init containers', async () => {
    const w = makeWorld();
    await startPrePull(w.deps, w.ref);
    const [a = '', b = ''] = NEW_NODES;
    // Node a: every image pulled (the pause container of one still starting: not Ready, but pulled).
    IMAGES.forEach((_image, i) => addPuller(w, i, a, { initialized: true, ready: i !== 0 }));
    // Node b: one puller still pulling.
    IMAGES.forEach((_image, i) => addPuller(w, i, b, { initialized: i !== 2 }));
    // The old pool is not pulled on.
    IMAGES.forEach((_image, i) => addPuller(w, i, OLD_NODES[0] ?? '', { initialized: true }));
    expect(await getPrePullStatus(w.deps, w.ref)).toEqual({
      desired: 2,
      ready: 1,
      // Every puller but 2 is done on both new nodes.
      pullersDone: [0, 1, 3, 4],
    });
  });

  it('says which pullers are done on every new node, so their workloads can move', async () => {
    const w = makeWorld();
    await startPrePull(w.deps, w.ref);
    const [a = '', b = ''] = NEW_NODES;
    addPuller(w, 3, a, { initialized: true });
    addPuller(w, 3, b, { initialized: true });
    addPuller(w, 1, a, { initialized: true });
    addPuller(w, 1, b, { initialized: false });
    expect(await getPrePullStatus(w.deps, w.ref)).toEqual({
      desired: 2,
      ready: 0,
      pullersDone: [3],
    });
  });

  it.each([
    [
      'a puller pod not created yet',
      (w: World, node: string) => addPuller(w, 0, node, { initialized: true }),
    ],
    [
      'a puller pod being deleted',
      (w: World, node: string) =>
        IMAGES.forEach((_image, i) =>
          addPuller(w, i, node, { initialized: true, deleting: i === 1 }),
        ),
    ],
  ])('does not count a node with %s', async (_name, arrange) => {
    const w = makeWorld();
    await startPrePull(w.deps, w.ref);
    arrange(w, NEW_NODES[0] ?? '');
    expect(await getPrePullStatus(w.deps, w.ref)).toMatchObject({ desired: 2, ready: 0 });
  });

  it('removes every puller; stopping again is a no-op', async () => {
    const w = makeWorld();
    await startPrePull(w.deps, w.ref);
    await stopPrePull(w.deps, w.ref);
    await stopPrePull(w.deps, w.ref);
    expect(w.kube.daemonSets.size).toBe(0);
    expect(
      w.kube
        .writesOf('deleteDaemonSet')
        .map((write) => write.target)
        .sort(),
    ).toEqual(IMAGES.map((_image, i) => puller(i)).sort());
  });

  it('refuses a changed plan', async () => {
    const w = makeWorld();
    await expect(startPrePull(w.deps, STALE_REF)).rejects.toThrow('[PLAN_CHANGED]');
    expect(w.kube.writes).toHaveLength(0);
  });
});
