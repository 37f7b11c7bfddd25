import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AppsV1Api, CoreV1Api, type V1PodTemplateSpec } from '@kubernetes/client-node';
import { createKubernetesPort } from '../../../../src/adapters/kubernetes/index.js';
import type { WorkloadRef } from '../../../../src/ports/kubernetes.js';
import { eventually, testKubeConfig, uniqueNamespace } from '../../../support/kube-service.js';

// No nodes here: every template selects a label no node has, so pods stay Pending and never land
// on the simulated nodes other test files create on the shared control plane.
const NOWHERE = { 'winshift.io/test-pool': 'none', agentpool: 'win19' };
const IIS19 = 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2019';
const IIS22 = 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022';
const SIDECAR = 'mcr.microsoft.com/windows/nanoserver:ltsc2019';
const TOLERATIONS = [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }];
const AFFINITY = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [
        { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['windows'] }] },
      ],
    },
  },
};

function template(app: string): V1PodTemplateSpec {
  return {
    metadata: { labels: { app } },
    spec: {
      nodeSelector: { ...NOWHERE },
      tolerations: TOLERATIONS,
      affinity: AFFINITY,
      securityContext: { windowsOptions: { gmsaCredentialSpecName: 'pod-gmsa' } },
      initContainers: [{ name: 'setup', image: SIDECAR }],
      containers: [
        {
          name: 'web',
          image: IIS19,
          securityContext: { windowsOptions: { gmsaCredentialSpecName: 'web-gmsa' } },
        },
        { name: 'logger', image: SIDECAR },
      ],
    },
  };
}

describe('Kubernetes adapter: workloads on a real 1.20 control plane', () => {
  const kubeConfig = testKubeConfig();
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const port = createKubernetesPort(kubeConfig);
  const namespace = uniqueNamespace('adapter-wl');
  const deployment: WorkloadRef = { kind: 'Deployment', namespace, name: 'web' };
  const statefulSet: WorkloadRef = { kind: 'StatefulSet', namespace, name: 'db' };
  const daemonSet: WorkloadRef = { kind: 'DaemonSet', namespace, name: 'agent' };

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'web', labels: { team: 'payments' }, annotations: { note: 'x' } },
        spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template('web') },
      },
    });
    await apps.createNamespacedStatefulSet({
      namespace,
      body: {
        metadata: { name: 'db' },
        spec: {
          serviceName: 'db',
          replicas: 1,
          podManagementPolicy: 'OrderedReady',
          updateStrategy: { type: 'OnDelete' },
          selector: { matchLabels: { app: 'db' } },
          template: template('db'),
        },
      },
    });
    await apps.createNamespacedDaemonSet({
      namespace,
      body: {
        metadata: { name: 'agent' },
        spec: { selector: { matchLabels: { app: 'agent' } }, template: template('agent') },
      },
    });
  });
  afterAll(async () => {
    await core.deleteNamespace({ name: namespace });
  });

  it.each([
    [deployment, { replicas: 2 }],
    [statefulSet, { replicas: 1, updateStrategy: 'OnDelete', podManagementPolicy: 'OrderedReady' }],
    [daemonSet, { updateStrategy: 'RollingUpdate' }],
  ])('reads %o as WorkloadInfo', async (ref, kindFields) => {
    const info = await port.getWorkload(ref);
    expect(info).toMatchObject({
      ...ref,
      ...kindFields,
      selector: { app: ref.name },
      placement: { nodeSelector: NOWHERE, tolerations: TOLERATIONS, affinity: AFFINITY },
      containers: [
        { name: 'web', image: IIS19 },
        { name: 'logger', image: SIDECAR },
      ],
      initContainers: [{ name: 'setup', image: SIDECAR }],
      gmsaCredentialSpecNames: ['pod-gmsa', 'web-gmsa'],
    });
    expect(info?.generation).toBeGreaterThanOrEqual(1);
    expect(info?.placement.runtimeClassName).toBeUndefined();
    if (ref.kind !== 'DaemonSet') expect(info?.replicas).toBeDefined();
    // Plain JSON, as it crosses the activity boundary: no Date or class instances.
    expect(JSON.parse(JSON.stringify(info))).toEqual(info);
  });

  it('reads labels and annotations, and answers undefined for a missing workload', async () => {
    const info = await port.getWorkload(deployment);
    expect(info?.labels).toEqual({ team: 'payments' });
    expect(info?.annotations).toMatchObject({ note: 'x' });
    await expect(port.getWorkload({ ...deployment, name: 'nope' })).resolves.toBeUndefined();
  });

  it('patches one container image by strategic merge and keeps the other container', async () => {
    await port.patchWorkload(deployment, {
      metadata: { annotations: { 'winshift.io/original': '{"saved":true}' } },
      spec: { template: { spec: { containers: [{ name: 'web', image: IIS22 }] } } },
    });
    const info = await port.getWorkload(deployment);
    // A JSON merge patch would have replaced the list with the one container named in the patch.
    expect(info?.containers).toEqual([
      { name: 'web', image: IIS22 },
      { name: 'logger', image: SIDECAR },
    ]);
    expect(info?.initContainers).toEqual([{ name: 'setup', image: SIDECAR }]);
    expect(info?.annotations['winshift.io/original']).toBe('{"saved":true}');
    // The container's securityContext (not named in the patch) survives too.
    expect(info?.gmsaCredentialSpecNames).toEqual(['pod-gmsa', 'web-gmsa']);
  });

  it('removes a nodeSelector key with null, sets another, and removes an annotation with null', async () => {
    await port.patchWorkload(statefulSet, {
      metadata: { annotations: { note: null } },
      spec: {
        template: {
          spec: {
            nodeSelector: { agentpool: null, 'kubernetes.azure.com/os-sku': 'Windows2022' },
            affinity: { nodeAffinity: null },
          },
        },
        updateStrategy: { type: 'RollingUpdate' },
      },
    });
    const info = await port.getWorkload(statefulSet);
    expect(info?.placement.nodeSelector).toEqual({
      'winshift.io/test-pool': 'none',
      'kubernetes.azure.com/os-sku': 'Windows2022',
    });
    expect(info?.placement.affinity).toBeUndefined();
    expect(info?.placement.tolerations).toHaveLength(1);
    expect(info?.updateStrategy).toBe('RollingUpdate');
    expect(info?.generation).toBeGreaterThanOrEqual(2);
    expect(info?.containers.map((c) => c.name)).toEqual(['web', 'logger']);
  });

  it('patches DaemonSet metadata alone without touching its template', async () => {
    const before = await port.getWorkload(daemonSet);
    await port.patchWorkload(daemonSet, { metadata: { annotations: { 'winshift.io/x': 'y' } } });
    const after = await port.getWorkload(daemonSet);
    expect(after?.annotations['winshift.io/x']).toBe('y');
    expect(after?.generation).toBe(before?.generation);
  });

  it.each(['OnDelete', 'RollingUpdate'])(
    'switches a DaemonSet to %s (widen and narrow do this)',
    async (type) => {
      await port.patchWorkload(daemonSet, { spec: { updateStrategy: { type } } });
      await expect(port.getWorkload(daemonSet)).resolves.toMatchObject({ updateStrategy: type });
    },
  );

  it('fails a patch of a missing workload with NOT_FOUND', async () => {
    await expect(
      port.patchWorkload({ ...deployment, name: 'nope' }, { metadata: { labels: { a: 'b' } } }),
    ).rejects.toMatchObject({ name: 'WinshiftError', code: 'NOT_FOUND' });
  });

  it("finds a ReplicaSet's Deployment and lists a workload's pods by its selector", async () => {
    const pods = await eventually('two Pending web pods', async () => {
      const list = await port.listWorkloadPods(deployment);
      return list.length >= 2 ? list : undefined;
    });
    for (const pod of pods) {
      expect(pod).toMatchObject({ namespace, ready: false, phase: 'Pending', deleting: false });
      expect(pod.labels['app']).toBe('web');
    }
    const owner = pods[0]?.ownerReferences.find((o) => o.controller === true);
    expect(owner?.kind).toBe('ReplicaSet');
    await expect(port.ownerOfReplicaSet(namespace, owner?.name ?? '')).resolves.toEqual(deployment);
    await expect(port.ownerOfReplicaSet(namespace, 'nope')).resolves.toBeUndefined();
    await expect(port.listWorkloadPods({ ...deployment, name: 'nope' })).resolves.toEqual([]);
  });
});
