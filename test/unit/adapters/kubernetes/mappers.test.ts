import { describe, expect, it } from '@jest/globals';
import type { V1APIResourceList, V1Deployment, V1Node, V1Pod } from '@kubernetes/client-node';
import { daemonSetManifest } from '../../../../src/adapters/kubernetes/daemonset-manifest.js';
import { replacementPatch } from '../../../../src/adapters/kubernetes/daemonsets.js';
import { cronJobApiVersion } from '../../../../src/adapters/kubernetes/cronjobs.js';
import { evictionApiVersion } from '../../../../src/adapters/kubernetes/eviction.js';
import {
  toGmsaCredentialSpecInfo,
  toRuntimeClassFacts,
} from '../../../../src/adapters/kubernetes/map-cluster.js';
import {
  gmsaNamesOf,
  toNodeInfo,
  toPodInfo,
} from '../../../../src/adapters/kubernetes/map-core.js';
import {
  labelSelectorText,
  placementOf,
  toWorkloadInfo,
  type WorkloadObject,
} from '../../../../src/adapters/kubernetes/map-workload.js';
import type { WorkloadInfo, WorkloadRef } from '../../../../src/ports/kubernetes.js';

const ready = (status: string): { type: string; status: string }[] => [{ type: 'Ready', status }];

describe('toNodeInfo', () => {
  it.each([
    ['Ready and schedulable', { conditions: ready('True') }, undefined, true, false],
    ['NotReady', { conditions: ready('False') }, undefined, false, false],
    ['Unknown (lost)', { conditions: ready('Unknown') }, undefined, false, false],
    ['no conditions yet', {}, undefined, false, false],
    ['cordoned', { conditions: ready('True') }, true, true, true],
  ])('%s', (_name, status, unschedulable, isReady, isUnschedulable) => {
    const node: V1Node = {
      metadata: { name: 'n1', labels: { agentpool: 'win19' } },
      spec: unschedulable === undefined ? {} : { unschedulable },
      status,
    };
    expect(toNodeInfo(node)).toEqual({
      name: 'n1',
      labels: { agentpool: 'win19' },
      ready: isReady,
      unschedulable: isUnschedulable,
    });
  });
});

describe('toPodInfo', () => {
  const base: V1Pod = {
    metadata: { name: 'p', namespace: 'ns' },
    spec: { containers: [{ name: 'app', image: 'img:1' }] },
  };
  it.each<[string, V1Pod, Partial<ReturnType<typeof toPodInfo>>]>([
    [
      'a running Ready pod',
      {
        ...base,
        spec: { ...base.spec, nodeName: 'n1', containers: base.spec?.containers ?? [] },
        status: { phase: 'Running', conditions: ready('True') },
      },
      { nodeName: 'n1', phase: 'Running', ready: true, initialized: false, deleting: false },
    ],
    [
      'init containers done, the main one still starting',
      {
        ...base,
        status: {
          phase: 'Pending',
          conditions: [
            { type: 'Initialized', status: 'True' },
            { type: 'Ready', status: 'False' },
          ],
        },
      },
      { phase: 'Pending', ready: false, initialized: true },
    ],
    [
      'a terminating pod',
      {
        ...base,
        metadata: { ...base.metadata, deletionTimestamp: new Date('2026-11-28T10:00:00Z') },
        status: { phase: 'Running', conditions: ready('True') },
      },
      { ready: true, deleting: true },
    ],
    [
      'an init container waiting comes first',
      {
        ...base,
        status: {
          phase: 'Pending',
          initContainerStatuses: [
            {
              name: 'i',
              image: 'x',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: { waiting: { reason: 'ImagePullBackOff' } },
            },
          ],
          containerStatuses: [
            {
              name: 'app',
              image: 'x',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: { waiting: { reason: 'PodInitializing' } },
            },
          ],
        },
      },
      { phase: 'Pending', ready: false, initialized: false, waitingReason: 'ImagePullBackOff' },
    ],
    [
      'the first waiting container',
      {
        ...base,
        status: {
          containerStatuses: [
            {
              name: 'a',
              image: 'x',
              imageID: '',
              ready: true,
              restartCount: 0,
              state: { running: {} },
            },
            {
              name: 'b',
              image: 'x',
              imageID: '',
              ready: false,
              restartCount: 4,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
            },
          ],
        },
      },
      { waitingReason: 'CrashLoopBackOff' },
    ],
  ])('%s', (_name, pod, expected) => {
    const info = toPodInfo(pod);
    expect(info).toMatchObject(expected);
    if (!('waitingReason' in expected)) expect(info.waitingReason).toBeUndefined();
    if (!('nodeName' in expected)) expect(info.nodeName).toBeUndefined();
  });

  it('maps owners, volumes and containers to plain JSON', () => {
    const info = toPodInfo({
      metadata: {
        name: 'p',
        namespace: 'ns',
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'u', controller: true },
        ],
      },
      spec: {
        volumes: [
          { name: 'cache', emptyDir: { medium: 'Memory' } },
          { name: 'cfg', configMap: { name: 'c' } },
        ],
        initContainers: [{ name: 'init', image: 'i:1' }],
        containers: [{ name: 'app' }],
      },
    });
    expect(info.ownerReferences).toEqual([{ kind: 'ReplicaSet', name: 'web-1', controller: true }]);
    expect(info.volumes).toEqual([
      { name: 'cache', emptyDir: { medium: 'Memory' } },
      { name: 'cfg' },
    ]);
    expect(info.initContainers).toEqual([{ name: 'init', image: 'i:1' }]);
    expect(info.containers).toEqual([{ name: 'app', image: '' }]);
    expect(JSON.parse(JSON.stringify(info))).toEqual(info);
  });
});

describe('gmsaNamesOf', () => {
  const gmsa = (name: string): { windowsOptions: { gmsaCredentialSpecName: string } } => ({
    windowsOptions: { gmsaCredentialSpecName: name },
  });
  it.each([
    ['none', {}, []],
    ['pod level', { securityContext: gmsa('a') }, ['a']],
    [
      'pod, init and containers, each once',
      {
        securityContext: gmsa('a'),
        initContainers: [{ name: 'i', securityContext: gmsa('b') }],
        containers: [
          { name: 'c1', securityContext: gmsa('a') },
          { name: 'c2', securityContext: gmsa('c') },
          { name: 'c3' },
        ],
      },
      ['a', 'b', 'c'],
    ],
  ])('%s', (_name, spec, expected) => {
    expect(gmsaNamesOf({ containers: [], ...spec })).toEqual(expected);
  });
});

describe('placementOf', () => {
  const term = {
    matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['windows'] }],
  };
  const EVERY_FIELD = {
    nodeSelector: { agentpool: 'win19' },
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] },
      },
    },
    tolerations: [{ key: 'os', operator: 'Exists' }],
    runtimeClassName: 'windows-2019',
  };
  it.each([
    ['nothing set', {}, {}],
    ['an empty nodeSelector reads as none', { nodeSelector: {} }, {}],
    ['affinity {} (left by a null patch) reads as none', { affinity: {} }, {}],
    ['nodeAffinity {} reads as none', { affinity: { nodeAffinity: {} } }, {}],
    [
      'pod anti-affinity kept when node affinity is empty',
      {
        affinity: {
          nodeAffinity: {},
          podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] },
        },
      },
      { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } } },
    ],
    ['every field', EVERY_FIELD, EVERY_FIELD],
  ])('%s', (_name, spec, expected) => {
    expect(placementOf({ spec: { containers: [], ...spec } })).toEqual(expected);
  });
});

describe('toWorkloadInfo', () => {
  it('reads a Deployment with its raw status as plain JSON', () => {
    const deployment: V1Deployment = {
      metadata: {
        name: 'web',
        namespace: 'ns',
        generation: 3,
        ownerReferences: [{ apiVersion: 'x/v1', kind: 'App', name: 'a', uid: 'u' }],
      },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { spec: { containers: [{ name: 'web', image: 'w:1' }] } },
      },
      status: {
        observedGeneration: 3,
        conditions: [
          { type: 'Progressing', status: 'True', lastUpdateTime: new Date('2026-11-28T10:00:00Z') },
        ],
      },
    };
    const info = toWorkloadInfo({ kind: 'Deployment', namespace: 'ns', name: 'web' }, deployment);
    expect(info).toMatchObject({
      generation: 3,
      replicas: 2,
      selector: { app: 'web' },
      ownerReferences: [{ kind: 'App', name: 'a' }],
    });
    expect(info.updateStrategy).toBeUndefined();
    expect(info.status).toEqual({
      observedGeneration: 3,
      conditions: [
        { type: 'Progressing', status: 'True', lastUpdateTime: '2026-11-28T10:00:00.000Z' },
      ],
    });
  });
});

describe('toWorkloadInfo: what decides how a patch rolls', () => {
  const template = { spec: { containers: [{ name: 'c', image: 'c:1' }] } };
  it.each<[string, WorkloadRef, WorkloadObject, Partial<WorkloadInfo>]>([
    [
      'a paused Deployment',
      { kind: 'Deployment', namespace: 'ns', name: 'web' },
      { spec: { paused: true, selector: {}, template } },
      { paused: true },
    ],
    [
      'a StatefulSet with a rolling update partition',
      { kind: 'StatefulSet', namespace: 'ns', name: 'db' },
      {
        spec: {
          serviceName: 'db',
          selector: {},
          template,
          podManagementPolicy: 'Parallel',
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } },
        },
      },
      { partition: 2, podManagementPolicy: 'Parallel', updateStrategy: 'RollingUpdate' },
    ],
  ])('%s', (_name, ref, object, expected) => {
    expect(toWorkloadInfo(ref, object)).toMatchObject(expected);
  });

  it('leaves the fields out where the object has none', () => {
    const info = toWorkloadInfo(
      { kind: 'Deployment', namespace: 'ns', name: 'web' },
      { spec: { selector: {}, template } },
    );
    expect(info).not.toHaveProperty('paused');
    expect(info).not.toHaveProperty('partition');
  });
});

describe('toWorkloadInfo: a CronJob', () => {
  it('reads the pod template of its jobTemplate (batch/v1beta1 and batch/v1 alike)', () => {
    const cronJob = {
      apiVersion: 'batch/v1beta1',
      kind: 'CronJob',
      metadata: { name: 'nightly', namespace: 'ns', generation: 2 },
      spec: {
        schedule: '0 3 * * *',
        jobTemplate: {
          spec: {
            template: {
              spec: {
                nodeSelector: { 'kubernetes.azure.com/os-sku': 'Windows2019' },
                restartPolicy: 'Never',
                securityContext: { windowsOptions: { gmsaCredentialSpecName: 'batch-gmsa' } },
                initContainers: [{ name: 'setup', image: 'i:ltsc2019' }],
                containers: [{ name: 'run', image: 'r:ltsc2019' }],
              },
            },
          },
        },
      },
      status: { lastScheduleTime: new Date('2026-11-28T03:00:00Z') },
    };
    const info = toWorkloadInfo({ kind: 'CronJob', namespace: 'ns', name: 'nightly' }, cronJob);
    expect(info).toEqual({
      kind: 'CronJob',
      namespace: 'ns',
      name: 'nightly',
      generation: 2,
      labels: {},
      annotations: {},
      ownerReferences: [],
      selector: {},
      placement: { nodeSelector: { 'kubernetes.azure.com/os-sku': 'Windows2019' } },
      containers: [{ name: 'run', image: 'r:ltsc2019' }],
      initContainers: [{ name: 'setup', image: 'i:ltsc2019' }],
      gmsaCredentialSpecNames: ['batch-gmsa'],
      status: { lastScheduleTime: '2026-11-28T03:00:00.000Z' },
    });
  });
});

describe('cronJobApiVersion (CronJob is batch/v1 from Kubernetes 1.21, batch/v1beta1 before)', () => {
  const batchV1 = (...names: string[]): V1APIResourceList => ({
    groupVersion: 'batch/v1',
    resources: names.map((name) => ({
      name,
      kind: name === 'cronjobs' ? 'CronJob' : 'Job',
      namespaced: true,
      singularName: '',
      verbs: ['get', 'list', 'patch'],
    })),
  });
  it.each([
    ['1.21+ serves cronjobs in batch/v1', batchV1('jobs', 'jobs/status', 'cronjobs'), 'batch/v1'],
    ['1.20 serves only jobs there', batchV1('jobs', 'jobs/status'), 'batch/v1beta1'],
  ])('%s', (_name, resources, expected) => {
    expect(cronJobApiVersion(resources)).toBe(expected);
  });
});

describe('labelSelectorText', () => {
  it.each([
    ['nothing', undefined, ''],
    ['labels', { matchLabels: { app: 'web', tier: 'fe' } }, 'app=web,tier=fe'],
    [
      'expressions',
      {
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['a', 'b'] },
          { key: 'x', operator: 'NotIn', values: ['c'] },
          { key: 'y', operator: 'Exists' },
          { key: 'z', operator: 'DoesNotExist' },
        ],
      },
      'app=web,env in (a,b),x notin (c),y,!z',
    ],
  ])('%s', (_name, selector, expected) => {
    expect(labelSelectorText(selector)).toBe(expected);
  });
});

describe('evictionApiVersion (kubectl drain: pods/eviction in the core resource list)', () => {
  const list = (group?: string, version?: string): V1APIResourceList => ({
    groupVersion: 'v1',
    resources: [
      { name: 'pods', kind: 'Pod', namespaced: true, singularName: '', verbs: ['get'] },
      {
        name: 'pods/eviction',
        kind: 'Eviction',
        namespaced: true,
        singularName: '',
        verbs: ['create'],
        group,
        version,
      },
    ],
  });
  it.each([
    ['1.22+ names policy/v1', list('policy', 'v1'), 'policy/v1'],
    ['1.20 names policy/v1beta1', list('policy', 'v1beta1'), 'policy/v1beta1'],
    ['no group/version: v1beta1', list(), 'policy/v1beta1'],
    ['no eviction subresource: v1beta1', { groupVersion: 'v1', resources: [] }, 'policy/v1beta1'],
  ])('%s', (_name, resources, expected) => {
    expect(evictionApiVersion(resources)).toBe(expected);
  });
});

describe('cluster objects', () => {
  it.each([
    [
      'with PluginInput',
      {
        metadata: { name: 'g' },
        credspec: {
          ActiveDirectoryConfig: { HostAccountConfig: { PluginInput: 'ObjectId=x;SecretUri=y' } },
        },
      },
      { name: 'g', pluginInput: 'ObjectId=x;SecretUri=y' },
    ],
    [
      'without HostAccountConfig',
      { metadata: { name: 'g' }, credspec: { ActiveDirectoryConfig: {} } },
      { name: 'g' },
    ],
    [
      'a non-string PluginInput',
      {
        metadata: { name: 'g' },
        credspec: { ActiveDirectoryConfig: { HostAccountConfig: { PluginInput: 7 } } },
      },
      { name: 'g' },
    ],
  ])('GMSACredentialSpec %s', (_name, object, expected) => {
    expect(toGmsaCredentialSpecInfo(object)).toEqual(expected);
  });

  it.each([
    ['handler only', { handler: 'runhcs-wcow-process' }, { handler: 'runhcs-wcow-process' }],
    [
      'with scheduling',
      {
        handler: 'h',
        scheduling: { nodeSelector: { a: 'b' }, tolerations: [{ key: 'k', operator: 'Exists' }] },
      },
      { handler: 'h', nodeSelector: { a: 'b' }, tolerations: [{ key: 'k', operator: 'Exists' }] },
    ],
  ])('RuntimeClass %s', (_name, runtimeClass, expected) => {
    expect(toRuntimeClassFacts(runtimeClass)).toEqual(expected);
  });
});

describe('the pre-pull DaemonSet manifest', () => {
  const spec = {
    namespace: 'winshift-system',
    name: 'winshift-prepull-w22a',
    labels: { 'winshift.io/plan-hash': 'h' },
    nodeSelector: { agentpool: 'w22a' },
    images: ['a:1', 'b:2'],
  };
  it('pulls each image in a no-op init container and runs pause', () => {
    const manifest = daemonSetManifest(spec, 'pause:test');
    const podSpec = manifest.spec?.template.spec;
    expect(manifest.spec?.selector.matchLabels).toEqual({ 'winshift.io/daemonset': spec.name });
    expect(manifest.spec?.template.metadata?.labels).toEqual({
      ...spec.labels,
      'winshift.io/daemonset': spec.name,
    });
    expect(podSpec?.initContainers?.map((c) => c.image)).toEqual(['a:1', 'b:2']);
    expect(new Set(podSpec?.initContainers?.map((c) => c.name)).size).toBe(2);
    expect(podSpec?.containers).toEqual([{ name: 'pause', image: 'pause:test' }]);
    expect(podSpec?.tolerations).toBeUndefined();
    expect(podSpec?.nodeSelector).toEqual({ agentpool: 'w22a' });
  });
  it('replaces labels and the whole template (never the selector) with JSON Patch adds', () => {
    const manifest = daemonSetManifest(spec);
    expect(replacementPatch(manifest)).toEqual([
      { op: 'add', path: '/metadata/labels', value: spec.labels },
      { op: 'add', path: '/spec/template', value: manifest.spec?.template },
    ]);
  });
});
