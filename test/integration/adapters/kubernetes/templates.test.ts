/**
 * The controller templates issue 12 adds, on the real 1.20 control plane: a CronJob (served as
 * batch/v1beta1 only; batch/v1 from 1.21) read and patched in the version discovery finds, a paused
 * Deployment and a partitioned StatefulSet read with what decides their rollout, and every template
 * of the cluster listed (what the plan's discovery by templates reads).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubernetesObjectApi,
  type V1PodTemplateSpec,
} from '@kubernetes/client-node';
import { createKubernetesPort } from '../../../../src/adapters/kubernetes/index.js';
import { cronJobApiVersion } from '../../../../src/adapters/kubernetes/cronjobs.js';
import type { WorkloadRef } from '../../../../src/ports/kubernetes.js';
import { eventually, testKubeConfig, uniqueNamespace } from '../../../support/kube-service.js';

// No node has this label: nothing lands on the simulated nodes other files create.
const NOWHERE = { 'winshift.io/test-pool': 'none', 'kubernetes.azure.com/os-sku': 'Windows2019' };
const RUN19 = 'contoso.azurecr.io/report:1.0-ltsc2019';
const RUN22 = 'contoso.azurecr.io/report:1.0-ltsc2022';
const SIDECAR = 'mcr.microsoft.com/windows/nanoserver:ltsc2019';

function template(app: string, restartPolicy = 'Always'): V1PodTemplateSpec {
  return {
    metadata: { labels: { app } },
    spec: {
      nodeSelector: { ...NOWHERE },
      restartPolicy,
      containers: [
        { name: 'run', image: RUN19 },
        { name: 'logger', image: SIDECAR },
      ],
    },
  };
}

describe('Kubernetes adapter: CronJobs and rollout shapes on a real 1.20 control plane', () => {
  const kubeConfig = testKubeConfig();
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const objects = KubernetesObjectApi.makeApiClient(kubeConfig);
  const port = createKubernetesPort(kubeConfig);
  const namespace = uniqueNamespace('adapter-tpl');
  const nightly: WorkloadRef = { kind: 'CronJob', namespace, name: 'nightly' };

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    await objects.create({
      apiVersion: 'batch/v1beta1',
      kind: 'CronJob',
      metadata: { name: 'nightly', namespace },
      // Once a year, and suspended: no Job is started while the tests run.
      spec: {
        schedule: '0 3 1 1 *',
        suspend: true,
        jobTemplate: { spec: { template: template('nightly', 'Never') } },
      },
    } as never);
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'paused' },
        spec: {
          paused: true,
          replicas: 0,
          selector: { matchLabels: { app: 'paused' } },
          template: template('paused'),
        },
      },
    });
    await apps.createNamespacedStatefulSet({
      namespace,
      body: {
        metadata: { name: 'ledger' },
        spec: {
          serviceName: 'ledger',
          replicas: 0,
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } },
          selector: { matchLabels: { app: 'ledger' } },
          template: template('ledger'),
        },
      },
    });
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'web' },
        spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, template: template('web') },
      },
    });
    await apps.createNamespacedReplicaSet({
      namespace,
      body: {
        metadata: { name: 'orphan' },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: 'orphan' } },
          template: template('orphan'),
        },
      },
    });
    await kubeConfig.makeApiClient(BatchV1Api).createNamespacedJob({
      namespace,
      body: { metadata: { name: 'migrate' }, spec: { template: template('migrate', 'Never') } },
    });
  });
  afterAll(async () => {
    await core.deleteNamespace({ name: namespace });
  });

  it('discovers that a 1.20 server serves CronJobs as batch/v1beta1 only', async () => {
    const batchV1 = await kubeConfig.makeApiClient(BatchV1Api).getAPIResources();
    expect(batchV1.resources.map((r) => r.name)).not.toContain('cronjobs');
    expect(cronJobApiVersion(batchV1)).toBe('batch/v1beta1');
  });

  it('reads a CronJob as WorkloadInfo from its job template', async () => {
    const info = await port.getWorkload(nightly);
    expect(info).toMatchObject({
      ...nightly,
      selector: {},
      placement: { nodeSelector: NOWHERE },
      containers: [
        { name: 'run', image: RUN19 },
        { name: 'logger', image: SIDECAR },
      ],
    });
    expect(info?.replicas).toBeUndefined();
    expect(JSON.parse(JSON.stringify(info))).toEqual(info);
    await expect(port.getWorkload({ ...nightly, name: 'nope' })).resolves.toBeUndefined();
  });

  it('patches a CronJob by strategic merge in its job template, keeping the other container', async () => {
    await port.patchWorkload(nightly, {
      metadata: { annotations: { 'winshift.io/original': '{"saved":true}' } },
      spec: {
        jobTemplate: {
          spec: {
            template: {
              spec: {
                nodeSelector: { 'kubernetes.azure.com/os-sku': 'Windows2022' },
                containers: [{ name: 'run', image: RUN22 }],
              },
            },
          },
        },
      },
    });
    const info = await port.getWorkload(nightly);
    expect(info?.placement.nodeSelector).toEqual({
      'winshift.io/test-pool': 'none',
      'kubernetes.azure.com/os-sku': 'Windows2022',
    });
    expect(info?.containers).toEqual([
      { name: 'run', image: RUN22 },
      { name: 'logger', image: SIDECAR },
    ]);
    expect(info?.annotations['winshift.io/original']).toBe('{"saved":true}');
  });

  it('lists no pods for a CronJob (they belong to its Jobs)', async () => {
    await expect(port.listWorkloadPods(nightly)).resolves.toEqual([]);
  });

  it('reads a paused Deployment and a partitioned StatefulSet with what decides their rollout', async () => {
    await expect(
      port.getWorkload({ kind: 'Deployment', namespace, name: 'paused' }),
    ).resolves.toMatchObject({ paused: true, replicas: 0 });
    await expect(
      port.getWorkload({ kind: 'StatefulSet', namespace, name: 'ledger' }),
    ).resolves.toMatchObject({ partition: 2, updateStrategy: 'RollingUpdate', replicas: 0 });
  });

  it('lists every workload of the cluster with its kind, CronJobs included', async () => {
    const mine = (await port.listWorkloads()).filter((w) => w.namespace === namespace);
    expect(mine.map((w) => `${w.kind} ${w.name}`).sort()).toEqual([
      'CronJob nightly',
      'Deployment paused',
      'Deployment web',
      'StatefulSet ledger',
    ]);
    expect(mine.find((w) => w.kind === 'CronJob')?.placement.nodeSelector).toMatchObject({
      'winshift.io/test-pool': 'none',
    });
    expect(JSON.parse(JSON.stringify(mine))).toEqual(mine);
  });

  it('lists ReplicaSets and Jobs with their controlling owner and placement', async () => {
    const mine = await eventually('the Deployment’s ReplicaSet', async () => {
      const listed = (await port.listOtherTemplates()).filter((t) => t.namespace === namespace);
      return listed.some((t) => t.controller?.kind === 'Deployment') ? listed : undefined;
    });
    const byName = new Map(mine.map((t) => [t.name, t]));
    expect(byName.get('orphan')).toEqual({
      kind: 'ReplicaSet',
      namespace,
      name: 'orphan',
      labels: {},
      placement: { nodeSelector: NOWHERE },
    });
    expect(byName.get('migrate')).toMatchObject({
      kind: 'Job',
      finished: false,
      placement: { nodeSelector: NOWHERE },
    });
    expect(byName.get('migrate')?.controller).toBeUndefined();
    const owned = mine.find((t) => t.kind === 'ReplicaSet' && t.name.startsWith('web-'));
    expect(owned?.controller).toEqual({ kind: 'Deployment', name: 'web' });
  });
});
