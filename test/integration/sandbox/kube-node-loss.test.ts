import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CoordinationV1Api, CoreV1Api, type V1Node } from '@kubernetes/client-node';
import { existsSync } from 'node:fs';
import { startSimulatedCluster, type SimulatedCluster } from '../../../src/sandbox/kube/cluster.js';
import { InMemoryImageCatalog } from '../../../src/sandbox/kube/image-catalog.js';
import { eventually } from '../../support/kube-service.js';

const ready = (node: V1Node): string | undefined =>
  node.status?.conditions?.find((c) => c.type === 'Ready')?.status;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Node loss needs short node-monitor grace periods, so this file has its own control plane.
describe('sandbox: node loss (own control plane with short grace periods)', () => {
  let cluster: SimulatedCluster;
  let core: CoreV1Api;

  beforeAll(async () => {
    cluster = await startSimulatedCluster({
      controlPlane: {
        // Heartbeats every second; 15 s of grace keeps live nodes Ready on a busy 2-core machine.
        nodeTimings: {
          nodeMonitorGracePeriodInSeconds: 15,
          nodeStartupGracePeriodInSeconds: 15,
          nodeMonitorPeriodInSeconds: 1,
        },
      },
      nodes: { heartbeatIntervalInMs: 1000 },
      agent: { startDelayInMs: 0, gracePeriodScale: 0.01 },
      images: new InMemoryImageCatalog({
        'mcr.microsoft.com/windows/nanoserver:ltsc2022': [
          { os: 'windows', osVersion: '10.0.20348.2762', sizeBytes: 1024 },
        ],
      }),
    });
    core = cluster.kubeConfig.makeApiClient(CoreV1Api);
    await cluster.nodes.poolCreated({
      name: 'lost',
      osType: 'Windows',
      osSku: 'Windows2022',
      count: 2,
      vmSize: 'Standard_D4s_v3',
      mode: 'User',
    });
  });
  afterAll(async () => {
    await cluster.stop();
  });

  it('turns a node whose heartbeats stop NotReady (Unknown, unreachable taint); the other stays Ready', async () => {
    await core.createNamespacedPod({
      namespace: 'default',
      body: {
        metadata: { name: 'stranded' },
        spec: {
          nodeName: 'akslost000000',
          containers: [{ name: 'app', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022' }],
        },
      },
    });
    await eventually('the pod running on the doomed node', async () => {
      const pod = await core.readNamespacedPod({ name: 'stranded', namespace: 'default' });
      return pod.status?.phase === 'Running' ? pod : undefined;
    });
    cluster.simulator.stopHeartbeats('akslost000000');
    const lost = await eventually(
      'the node controller to mark the node Unknown',
      async () => {
        const node = await core.readNode({ name: 'akslost000000' });
        return ready(node) === 'Unknown' ? node : undefined;
      },
      60_000,
    );
    expect(lost.status?.conditions?.find((c) => c.type === 'Ready')?.reason).toBe(
      'NodeStatusUnknown',
    );
    await eventually('the unreachable taint', async () => {
      const node = await core.readNode({ name: 'akslost000000' });
      return node.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/unreachable')
        ? true
        : undefined;
    });
    // The live node is Ready (its "kubelet" re-posts Ready should a starved machine delay a beat).
    await eventually('the live node Ready', async () =>
      ready(await core.readNode({ name: 'akslost000001' })) === 'True' ? true : undefined,
    );
    expect(ready(await core.readNode({ name: 'akslost000000' }))).toBe('Unknown');
    const leases = cluster.kubeConfig.makeApiClient(CoordinationV1Api);
    const renewed = async (name: string): Promise<number> => {
      const lease = await leases.readNamespacedLease({ name, namespace: 'kube-node-lease' });
      return new Date(lease.spec?.renewTime ?? 0).getTime();
    };
    expect(Date.now() - (await renewed('akslost000001'))).toBeLessThan(5_000);
    expect(Date.now() - (await renewed('akslost000000'))).toBeGreaterThan(10_000);
  });

  it('leaves a deleted pod of the lost node Terminating (no kubelet confirms it)', async () => {
    await core.deleteNamespacedPod({
      name: 'stranded',
      namespace: 'default',
      gracePeriodSeconds: 1,
    });
    await new Promise((resolve) => setTimeout(resolve, 1500)); // well past the scaled grace period
    const pod = await core.readNamespacedPod({ name: 'stranded', namespace: 'default' });
    expect(pod.metadata?.deletionTimestamp).toBeDefined();
  });

  it('stops every process by PID and removes its run folder', async () => {
    const { pids, runDir } = cluster.controlPlane;
    expect(pids).toHaveLength(4);
    expect(pids.every(alive)).toBe(true);
    await cluster.stop();
    expect(pids.filter(alive)).toEqual([]);
    expect(existsSync(runDir)).toBe(false);
  });
});
