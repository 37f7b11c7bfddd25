/**
 * A namespace being deleted, on the real 1.20 API server: the adapter lists it as terminating, and a
 * create the NamespaceLifecycle admission plugin refuses there (an eviction, the pre-pull DaemonSet)
 * surfaces as NAMESPACE_TERMINATING with the server's own words, not as a generic FORBIDDEN. A patch
 * of an existing object is admitted: what fails in such a namespace is the new pods it would need,
 * which is why the plan refuses its workloads (issue 12 item 8).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AppsV1Api, CoreV1Api, type V1PodSpec } from '@kubernetes/client-node';
import { createKubernetesPort } from '../../../../src/adapters/kubernetes/index.js';
import { errorCodeOf } from '../../../../src/domain/errors.js';
import { eventually, testKubeConfig, uniqueNamespace } from '../../../support/kube-service.js';

/** A finalizer nothing removes but this file: the namespace and its objects stay while it runs. */
const HOLD = 'winshift.io/test-hold';
// No node has this label: nothing is scheduled on the shared control plane's nodes.
const NOWHERE = { 'winshift.io/test-pool': 'none' };
const POD_SPEC: V1PodSpec = {
  nodeSelector: NOWHERE,
  containers: [{ name: 'c', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2019' }],
};

async function failureOf(run: () => Promise<unknown>): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('Kubernetes adapter: a namespace being deleted (real 1.20 control plane)', () => {
  const kubeConfig = testKubeConfig();
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const port = createKubernetesPort(kubeConfig);
  const namespace = uniqueNamespace('adapter-term');
  const live = uniqueNamespace('adapter-live');
  const refused = `unable to create new content in namespace ${namespace} because it is being terminated`;

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: live } } });
    await core.createNamespace({ body: { metadata: { name: namespace, finalizers: [HOLD] } } });
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'web', finalizers: [HOLD] },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { app: 'web' } }, spec: POD_SPEC },
        },
      },
    });
    // Pods are admitted once the namespace's default ServiceAccount has its token (a few moments).
    await eventually('the pod created', () =>
      core.createNamespacedPod({
        namespace,
        body: { metadata: { name: 'p', finalizers: [HOLD] }, spec: POD_SPEC },
      }),
    );
    await core.deleteNamespace({ name: namespace });
    await eventually('the namespace terminating', async () => {
      const read = await core.readNamespace({ name: namespace });
      return read.status?.phase === 'Terminating' ? read : undefined;
    });
  });
  afterAll(async () => {
    const release = [{ op: 'remove', path: '/metadata/finalizers' }];
    await Promise.allSettled([
      apps.patchNamespacedDeployment({ name: 'web', namespace, body: release }),
      core.patchNamespacedPod({ name: 'p', namespace, body: release }),
    ]);
    await core.patchNamespace({ name: namespace, body: release });
    await core.deleteNamespace({ name: live });
  });

  it('lists the namespace as terminating, and not a live one', async () => {
    const terminating = await port.listTerminatingNamespaces();
    expect(terminating).toContain(namespace);
    expect(terminating).not.toContain(live);
  });

  it.each<[string, (port: ReturnType<typeof createKubernetesPort>) => Promise<unknown>]>([
    ['an eviction (the drain)', (p) => p.evictPod(namespace, 'p')],
    [
      'a new DaemonSet (the pre-pull)',
      (p) =>
        p.applyDaemonSet({
          namespace,
          name: 'winshift-prepull-x-0',
          labels: { 'app.kubernetes.io/managed-by': 'winshift' },
          nodeSelector: NOWHERE,
          images: ['mcr.microsoft.com/windows/nanoserver:ltsc2022'],
        }),
    ],
  ])('refuses %s as NAMESPACE_TERMINATING with the API server’s words', async (_name, write) => {
    const error = await failureOf(() => write(port));
    expect(errorCodeOf(error)).toBe('NAMESPACE_TERMINATING');
    expect(error.message).toMatch(/^\[NAMESPACE_TERMINATING\] Kubernetes: /);
    expect(error.message).toContain(refused);
  });

  it('admits a patch of an existing workload there (its new pods are what cannot be created)', async () => {
    await port.patchWorkload(
      { kind: 'Deployment', namespace, name: 'web' },
      {
        spec: {
          template: { spec: { nodeSelector: { 'kubernetes.azure.com/os-sku': 'Windows2022' } } },
        },
      },
    );
    const read = await port.getWorkload({ kind: 'Deployment', namespace, name: 'web' });
    expect(read?.placement.nodeSelector).toMatchObject({
      'kubernetes.azure.com/os-sku': 'Windows2022',
    });
  });
});
