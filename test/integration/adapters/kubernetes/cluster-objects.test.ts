import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ApiextensionsV1Api,
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  NodeV1Api,
  type V1CustomResourceDefinition,
} from '@kubernetes/client-node';
import {
  createKubernetesPort,
  DEFAULT_PAUSE_IMAGE,
} from '../../../../src/adapters/kubernetes/index.js';
import { evictionApiVersion } from '../../../../src/adapters/kubernetes/eviction.js';
import type { DaemonSetSpec } from '../../../../src/ports/kubernetes.js';
import { eventually, testKubeConfig, uniqueNamespace } from '../../../support/kube-service.js';

// Typed (model field names): the library serializes known kinds through their models, and
// KubernetesObjectApi would send only apiVersion/kind/metadata of an unknown kind's object.
const GMSA_CRD: V1CustomResourceDefinition = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: {
    name: 'gmsacredentialspecs.windows.k8s.io',
    // *.k8s.io groups are protected; the upstream windows-gmsa CRD carries this approval.
    annotations: {
      'api-approved.kubernetes.io':
        'https://github.com/kubernetes/enhancements/tree/master/keps/sig-windows/689-windows-gmsa',
    },
  },
  spec: {
    group: 'windows.k8s.io',
    scope: 'Cluster',
    names: {
      kind: 'GMSACredentialSpec',
      listKind: 'GMSACredentialSpecList',
      plural: 'gmsacredentialspecs',
      singular: 'gmsacredentialspec',
    },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              credspec: { type: 'object', x_kubernetes_preserve_unknown_fields: true },
            },
          },
        },
      },
    ],
  },
};

const GMSA = { group: 'windows.k8s.io', version: 'v1', plural: 'gmsacredentialspecs' } as const;
const status = (error: unknown): number | undefined => (error as { code?: number }).code;

describe('Kubernetes adapter: cluster objects, DaemonSets and discovery on a real 1.20 control plane', () => {
  const kubeConfig = testKubeConfig();
  const port = createKubernetesPort(kubeConfig);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const custom = kubeConfig.makeApiClient(CustomObjectsApi);
  const suffix = uniqueNamespace('x').slice(2);
  // The CRD, GMSACredentialSpecs and RuntimeClasses are cluster-scoped and the control plane is
  // shared: unique names, and only what this file created is removed.
  const gmsaName = `adapter-gmsa-${suffix}`;
  const bareGmsaName = `adapter-gmsa-bare-${suffix}`;
  const runtimeClass = `adapter-rc-${suffix}`;
  const dsNamespace = uniqueNamespace('adapter-ds');

  beforeAll(async () => {
    const crds = kubeConfig.makeApiClient(ApiextensionsV1Api);
    await crds.createCustomResourceDefinition({ body: GMSA_CRD }).catch((error: unknown) => {
      if (status(error) !== 409) throw error;
    });
    await eventually('the GMSACredentialSpec CRD to be served', async () => {
      const list: unknown = await custom.listClusterCustomObject(GMSA).catch(() => undefined);
      return list;
    });
  });
  afterAll(async () => {
    for (const name of [gmsaName, bareGmsaName])
      await custom.deleteClusterCustomObject({ ...GMSA, name }).catch(() => undefined);
    await kubeConfig
      .makeApiClient(NodeV1Api)
      .deleteRuntimeClass({ name: runtimeClass })
      .catch(() => undefined);
    await core.deleteNamespace({ name: dsNamespace }).catch(() => undefined);
  });

  it('lists GMSACredentialSpecs with their PluginInput', async () => {
    const pluginInput =
      'ObjectId=00000000-0000-0000-0000-000000000001;SecretUri=https://kv.vault.azure.net/secrets/gmsa';
    await custom.createClusterCustomObject({
      ...GMSA,
      body: {
        apiVersion: 'windows.k8s.io/v1',
        kind: 'GMSACredentialSpec',
        metadata: { name: gmsaName },
        credspec: {
          ActiveDirectoryConfig: {
            GroupManagedServiceAccounts: [{ Name: 'payroll', Scope: 'CONTOSO' }],
            HostAccountConfig: {
              PortableCcgVersion: '1',
              PluginGUID: '{CCC2A336-D7F3-4818-A213-272B7924213E}',
              PluginInput: pluginInput,
            },
          },
        },
      },
    });
    await custom.createClusterCustomObject({
      ...GMSA,
      body: {
        apiVersion: 'windows.k8s.io/v1',
        kind: 'GMSACredentialSpec',
        metadata: { name: bareGmsaName },
        credspec: { ActiveDirectoryConfig: {} },
      },
    });
    const specs = await port.listGmsaCredentialSpecs();
    expect(specs).toEqual(
      expect.arrayContaining([{ name: gmsaName, pluginInput }, { name: bareGmsaName }]),
    );
    expect(specs.find((s) => s.name === bareGmsaName)).toEqual({ name: bareGmsaName });
  });

  it('lists RuntimeClasses with their scheduling', async () => {
    await kubeConfig.makeApiClient(NodeV1Api).createRuntimeClass({
      body: {
        metadata: { name: runtimeClass },
        handler: 'runhcs-wcow-process',
        scheduling: {
          nodeSelector: { 'node.kubernetes.io/windows-build': '10.0.17763' },
          tolerations: [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }],
        },
      },
    });
    const classes = await port.listRuntimeClasses();
    expect(classes[runtimeClass]).toEqual({
      handler: 'runhcs-wcow-process',
      nodeSelector: { 'node.kubernetes.io/windows-build': '10.0.17763' },
      tolerations: [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }],
    });
  });

  it('discovers that a 1.20 server evicts through policy/v1beta1', async () => {
    const resources = await core.getAPIResources();
    expect(evictionApiVersion(resources)).toBe('policy/v1beta1');
  });

  it('applies a DaemonSet twice (creating its namespace, then replacing) and deletes it twice', async () => {
    const spec: DaemonSetSpec = {
      namespace: dsNamespace,
      name: 'winshift-prepull-w22a',
      labels: { 'app.kubernetes.io/managed-by': 'winshift', 'winshift.io/plan-hash': 'one' },
      // No node has this label: the DaemonSet schedules nothing on the shared control plane.
      nodeSelector: { 'winshift.io/test-pool': 'none' },
      tolerations: [{ operator: 'Exists' }],
      images: ['mcr.microsoft.com/windows/servercore/iis:ltsc2022', 'contoso.azurecr.io/app:2'],
    };
    await port.applyDaemonSet(spec);
    const first = await apps.readNamespacedDaemonSet({ name: spec.name, namespace: dsNamespace });
    const podSpec = first.spec?.template.spec;
    expect(podSpec?.initContainers?.map((c) => [c.image, c.command])).toEqual([
      ['mcr.microsoft.com/windows/servercore/iis:ltsc2022', ['cmd', '/c', 'exit 0']],
      ['contoso.azurecr.io/app:2', ['cmd', '/c', 'exit 0']],
    ]);
    expect(podSpec?.containers.map((c) => c.image)).toEqual([DEFAULT_PAUSE_IMAGE]);
    expect(podSpec?.nodeSelector).toEqual(spec.nodeSelector);
    expect(podSpec?.tolerations).toEqual([{ operator: 'Exists' }]);

    // Fewer images and a new label: replaced, not merged (no stale init container stays).
    await port.applyDaemonSet({
      ...spec,
      labels: { 'app.kubernetes.io/managed-by': 'winshift', 'winshift.io/plan-hash': 'two' },
      images: ['mcr.microsoft.com/windows/nanoserver:ltsc2022'],
    });
    const second = await apps.readNamespacedDaemonSet({ name: spec.name, namespace: dsNamespace });
    expect(second.metadata?.uid).toBe(first.metadata?.uid);
    expect(second.metadata?.labels).toEqual({
      'app.kubernetes.io/managed-by': 'winshift',
      'winshift.io/plan-hash': 'two',
    });
    expect(second.spec?.template.spec?.initContainers?.map((c) => c.image)).toEqual([
      'mcr.microsoft.com/windows/nanoserver:ltsc2022',
    ]);
    const info = await port.getWorkload({
      kind: 'DaemonSet',
      namespace: dsNamespace,
      name: spec.name,
    });
    expect(info?.selector).toEqual({ 'winshift.io/daemonset': spec.name });

    await port.deleteDaemonSet(dsNamespace, spec.name);
    await port.deleteDaemonSet(dsNamespace, spec.name);
    await expect(
      apps.readNamespacedDaemonSet({ name: spec.name, namespace: dsNamespace }),
    ).rejects.toMatchObject({ code: 404 });
    await port.deleteDaemonSet(uniqueNamespace('never-existed'), 'nothing');
  });

  it('deletes a missing pod without complaint', async () => {
    await expect(port.deletePod('default', `nope-${suffix}`, 0)).resolves.toBeUndefined();
  });
});
