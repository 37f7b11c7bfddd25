import { describe, expect, it } from '@jest/globals';
import { patchWorkloads } from '../../../src/activities/patch-workloads.js';
import { getRestoreStatus, getRolloutStatus } from '../../../src/activities/rollout-status.js';
import {
  AGENT,
  DB,
  FIXTURES,
  makePlan,
  makeWorld,
  NEW_NODES,
  OLD_NODES,
  WEB,
} from './fakes/world.js';

type World = ReturnType<typeof makeWorld>;

function podsOf(
  w: World,
  app: string,
  nodes: readonly string[],
  extra: { ready?: boolean; labels?: Record<string, string> } = {},
): void {
  nodes.forEach((nodeName, i) =>
    w.kube.addPod({
      namespace: 'shop',
      name: `${app}-${i}`,
      nodeName,
      ready: extra.ready ?? true,
      labels: { app, ...extra.labels },
    }),
  );
}

async function patched(fixtures = FIXTURES): Promise<World> {
  const w = makeWorld(makePlan({}, fixtures), fixtures);
  await patchWorkloads(w.deps, {
    ...w.ref,
    workloads: [WEB, DB, AGENT].filter((r) => fixtures.some((f) => f.name === r.name)),
  });
  return w;
}

const deploymentDone = (w: World): void => {
  const web = w.kube.workload(WEB);
  web.status = {
    observedGeneration: web.generation,
    replicas: 2,
    updatedReplicas: 2,
    availableReplicas: 2,
  };
};

describe('getRolloutStatus', () => {
  it('waits until the controller observed the patch', async () => {
    const w = await patched();
    const [web] = await getRolloutStatus(w.deps, { ...w.ref, workloads: [WEB] });
    expect(web?.state).toMatchObject({ done: false, failed: false });
    expect(web?.state.reason).toContain('observed');
  });

  it('is done when kubectl’s rule holds and the pods are Ready on the new pool', async () => {
    const w = await patched();
    deploymentDone(w);
    podsOf(w, 'web', NEW_NODES);
    const [web] = await getRolloutStatus(w.deps, { ...w.ref, workloads: [WEB] });
    expect(web).toEqual({
      ref: WEB,
      state: expect.objectContaining({ done: true }),
      ready: 2,
      desired: 2,
    });
    expect((await w.store.loadProgress('inst-1'))[0]).toMatchObject({
      phase: 'ready',
      ready: 2,
      desired: 2,
    });
  });

  it('is not done while Ready pods are still on the old pool', async () => {
    const w = await patched();
    deploymentDone(w);
    podsOf(w, 'web', OLD_NODES);
    const [web] = await getRolloutStatus(w.deps, { ...w.ref, workloads: [WEB] });
    expect(web?.state).toMatchObject({ done: false, reason: '0 of 2 pods Ready on the new pool' });
  });

  it('reports a progress deadline as failed, with the pods’ waiting reason', async () => {
    const w = await patched();
    const web = w.kube.workload(WEB);
    web.status = {
      observedGeneration: web.generation,
      conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
    };
    w.kube.addPod({
      namespace: 'shop',
      name: 'web-x',
      nodeName: NEW_NODES[0],
      ready: false,
      labels: { app: 'web' },
      waitingReason: 'ImagePullBackOff',
    });
    const [result] = await getRolloutStatus(w.deps, { ...w.ref, workloads: [WEB] });
    expect(result?.state.failed).toBe(true);
    expect(result?.state.reason).toContain('ImagePullBackOff');
    expect((await w.store.loadProgress('inst-1'))[0]?.phase).toBe('failed');
  });

  it('counts a deleted workload as done (nothing left to move)', async () => {
    const w = await patched();
    w.kube.workloads.delete('Deployment shop/web');
    const [web] = await getRolloutStatus(w.deps, { ...w.ref, workloads: [WEB] });
    expect(web?.state.done).toBe(true);
  });

  it('rolls an OnDelete StatefulSet one pod per poll, highest ordinal first, only when all are Ready', async () => {
    const fixtures = FIXTURES.map((f) =>
      f.name === 'db' ? { ...f, updateStrategy: 'OnDelete' as const } : f,
    );
    const w = await patched(fixtures);
    const db = w.kube.workload(DB);
    db.status = {
      observedGeneration: db.generation,
      readyReplicas: 2,
      updatedReplicas: 0,
      currentRevision: 'r1',
      updateRevision: 'r2',
    };
    podsOf(w, 'db', OLD_NODES, { labels: { 'controller-revision-hash': 'r1' } });
    await getRolloutStatus(w.deps, { ...w.ref, workloads: [DB] });
    expect(w.kube.writesOf('deletePod').map((x) => x.target)).toEqual(['shop/db-1']);
    await getRolloutStatus(w.deps, { ...w.ref, workloads: [DB] });
    expect(w.kube.writesOf('deletePod')).toHaveLength(1);
    w.kube.pods.set('Pod shop/db-1', {
      ...(w.kube.pods.get('Pod shop/db-1') ?? ({} as never)),
      deleting: false,
      nodeName: NEW_NODES[1],
      labels: { app: 'db', 'controller-revision-hash': 'r2' },
    });
    await getRolloutStatus(w.deps, { ...w.ref, workloads: [DB] });
    expect(w.kube.writesOf('deletePod').map((x) => x.target)).toEqual(['shop/db-1', 'shop/db-0']);
  });

  it('judges a widened DaemonSet by its current pods on the new pool, replacing stale ones there', async () => {
    const w = await patched();
    const agent = w.kube.workload(AGENT);
    agent.status = {
      observedGeneration: agent.generation,
      desiredNumberScheduled: 4,
      updatedNumberScheduled: 2,
      numberAvailable: 4,
    };
    const gen = String(agent.generation);
    w.kube.addPod({
      namespace: 'shop',
      name: 'agent-old',
      nodeName: OLD_NODES[0],
      labels: { app: 'agent', 'pod-template-generation': '1' },
    });
    w.kube.addPod({
      namespace: 'shop',
      name: 'agent-a',
      nodeName: NEW_NODES[0],
      labels: { app: 'agent', 'pod-template-generation': gen },
    });
    w.kube.addPod({
      namespace: 'shop',
      name: 'agent-b',
      nodeName: NEW_NODES[1],
      labels: { app: 'agent', 'pod-template-generation': '1' },
    });
    const [first] = await getRolloutStatus(w.deps, { ...w.ref, workloads: [AGENT] });
    expect(first).toMatchObject({ state: { done: false }, ready: 1, desired: 2 });
    expect(w.kube.writesOf('deletePod').map((x) => x.target)).toEqual(['shop/agent-b']);
    w.kube.pods.delete('Pod shop/agent-b');
    w.kube.addPod({
      namespace: 'shop',
      name: 'agent-c',
      nodeName: NEW_NODES[1],
      labels: { app: 'agent', 'pod-template-generation': gen },
    });
    const [second] = await getRolloutStatus(w.deps, { ...w.ref, workloads: [AGENT] });
    expect(second).toMatchObject({ state: { done: true }, ready: 2, desired: 2 });
  });
});

describe('getRolloutStatus: a DaemonSet that would run nowhere', () => {
  it.each([
    [
      'scheduled on no node once the patch is seen (e.g. narrowed to nothing)',
      { nodeSelector: { 'kubernetes.azure.com/os-sku': 'Windows2022', tier: 'gone' } },
      0,
      'scheduled on no node after the patch (desiredNumberScheduled 0)',
    ],
    [
      'still on the old pool, but selecting none of the new pool’s nodes',
      { nodeSelector: { 'kubernetes.azure.com/os-sku': 'Windows2019' } },
      2,
      'selects none of the 2 nodes of the new pool',
    ],
  ])('fails it, never Ready with 0 of 0 pods: %s', async (_name, placement, desired, reason) => {
    const w = await patched();
    const agent = w.kube.workload(AGENT);
    agent.placement = placement;
    agent.status = {
      observedGeneration: agent.generation,
      desiredNumberScheduled: desired,
      updatedNumberScheduled: desired,
      numberAvailable: desired,
    };
    const [result] = await getRolloutStatus(w.deps, { ...w.ref, workloads: [AGENT] });
    expect(result).toMatchObject({ state: { done: false, failed: true }, ready: 0, desired: 0 });
    expect(result?.state.reason).toContain(reason);
    const progress = await w.store.loadProgress('inst-1');
    expect(progress.find((p) => p.ref.name === AGENT.name)?.phase).toBe('failed');
  });
});

describe('getRestoreStatus (a rollback watching the restored workloads)', () => {
  it.each([
    ['old', OLD_NODES, true, 2],
    ['new', NEW_NODES, false, 0],
  ] as const)('with the Ready pods on the %s pool: done %s', async (_where, nodes, done, ready) => {
    const w = await patched();
    deploymentDone(w);
    podsOf(w, 'web', nodes);
    const [web] = await getRestoreStatus(w.deps, { ...w.ref, workloads: [WEB] });
    expect(web).toMatchObject({ state: { done }, ready, desired: 2 });
    if (!done) expect(web?.state.reason).toMatch(/^0 of 2 pods Ready on the old pool /);
  });
});
