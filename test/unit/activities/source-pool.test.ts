import { describe, expect, it } from '@jest/globals';
import { checkSourcePool } from '../../../src/activities/check-source-pool.js';
import { drainPool } from '../../../src/activities/drain-pool.js';
import { makeWorld, NEW_NODES, OLD_NODES } from './fakes/world.js';

const [OLD0 = '', OLD1 = ''] = OLD_NODES;
const rs = (name: string) => [{ kind: 'ReplicaSet', name, controller: true }];

function populated(): ReturnType<typeof makeWorld> {
  const w = makeWorld();
  w.kube.replicaSets.set('shop/web-7d9', { kind: 'Deployment', namespace: 'shop', name: 'web' });
  w.kube.replicaSets.set('shop/late-5c4', { kind: 'Deployment', namespace: 'shop', name: 'late' });
  const pod = (
    name: string,
    node: string,
    extra: Parameters<typeof w.kube.addPod>[0] extends infer P ? Partial<P> : never,
  ) => w.kube.addPod({ namespace: 'shop', name, nodeName: node, ...extra });
  pod('web-7d9-a', OLD0, { ownerReferences: rs('web-7d9') });
  pod('db-0', OLD1, { ownerReferences: [{ kind: 'StatefulSet', name: 'db', controller: true }] });
  pod('agent-x', OLD0, {
    ownerReferences: [{ kind: 'DaemonSet', name: 'agent', controller: true }],
  });
  pod('late-5c4-a', OLD1, { ownerReferences: rs('late-5c4') });
  pod('bare', OLD1, {});
  pod('report-1', OLD0, {
    phase: 'Succeeded',
    ownerReferences: [{ kind: 'Job', name: 'report', controller: true }],
  });
  pod('late-5c4-b', NEW_NODES[0], { ownerReferences: rs('late-5c4') });
  w.kube.addPod({
    namespace: 'kube-system',
    name: 'csi-node',
    nodeName: OLD0,
    ownerReferences: [{ kind: 'DaemonSet', name: 'csi', controller: true }],
  });
  w.kube.addPod({
    namespace: 'monitoring',
    name: 'ama-logs',
    nodeName: OLD0,
    labels: { 'kubernetes.azure.com/managedby': 'aks' },
    ownerReferences: rs('ama'),
  });
  return w;
}

describe('checkSourcePool', () => {
  it('names the controllers on the old pool that the plan does not move', async () => {
    const w = populated();
    expect(await checkSourcePool(w.deps, w.ref)).toEqual({
      unplanned: ['Deployment shop/late', 'Pod shop/bare'],
    });
  });

  it('reports a DaemonSet the plan does not cover', async () => {
    const w = makeWorld();
    w.kube.addPod({
      namespace: 'shop',
      name: 'fluent-x',
      nodeName: OLD0,
      ownerReferences: [{ kind: 'DaemonSet', name: 'fluent', controller: true }],
    });
    expect(await checkSourcePool(w.deps, w.ref)).toEqual({ unplanned: ['DaemonSet shop/fluent'] });
  });

  it('is empty when only planned workloads remain', async () => {
    const w = makeWorld();
    expect(await checkSourcePool(w.deps, w.ref)).toEqual({ unplanned: [] });
  });
});

describe('drainPool', () => {
  it('evicts what kubectl drain would, counting PDB blocks and refusals, in one pass', async () => {
    const w = populated();
    w.kube.pdbBlocked.add('shop/db-0');
    const pass = await drainPool(w.deps, w.ref);
    // AKS-managed pods are evicted like any other (AKS's own drain does), only not reported as unplanned.
    expect(pass.evicted).toBe(4);
    expect(pass.blocked).toEqual([
      { pod: 'shop/db-0', reason: expect.stringContaining('disruption budget') },
    ]);
    expect(pass.refused).toEqual([{ pod: 'shop/bare', reason: expect.stringContaining('force') }]);
    expect(pass.remaining).toBe(6);
    expect(
      w.kube
        .writesOf('evictPod')
        .map((x) => x.target)
        .sort(),
    ).toEqual(['monitoring/ama-logs', 'shop/late-5c4-a', 'shop/report-1', 'shop/web-7d9-a']);
    expect(w.kube.nodes.get(OLD0)?.unschedulable).toBe(true);
    expect(w.kube.nodes.get(NEW_NODES[0])?.unschedulable).toBe(false);
  });

  it('does not evict a pod twice: the next pass sees it terminating', async () => {
    const w = populated();
    await drainPool(w.deps, w.ref);
    const evictions = w.kube.writesOf('evictPod').length;
    const second = await drainPool(w.deps, w.ref);
    expect(second.evicted).toBe(0);
    expect(w.kube.writesOf('evictPod')).toHaveLength(evictions);
    for (const [k, p] of w.kube.pods) if (p.deleting) w.kube.pods.delete(k);
    const third = await drainPool(w.deps, w.ref);
    expect(third).toEqual({
      remaining: 1,
      evicted: 0,
      blocked: [],
      refused: [{ pod: 'shop/bare', reason: expect.any(String) }],
    });
  });

  it('is empty once only DaemonSet pods are left', async () => {
    const w = makeWorld();
    w.kube.addPod({
      namespace: 'shop',
      name: 'agent-x',
      nodeName: OLD0,
      ownerReferences: [{ kind: 'DaemonSet', name: 'agent', controller: true }],
    });
    expect(await drainPool(w.deps, w.ref)).toEqual({
      remaining: 0,
      evicted: 0,
      blocked: [],
      refused: [],
    });
  });
});
