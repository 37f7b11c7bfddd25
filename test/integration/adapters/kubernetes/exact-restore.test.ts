/**
 * Issue 12 item 9: a rollback restores each workload exactly, on the real Kubernetes 1.20 API server,
 * whose strategic merge leaves `affinity: {}` and `key: ""` behind when it deletes from a map or
 * object the object does not have (kubernetes/kubernetes#105689). Deployments, StatefulSets and
 * DaemonSets placed by a nodeSelector, by the OS alone (with a RuntimeClass), by agent pool and by
 * node affinity go through the activities (patch, narrow, restore) with the real adapter and the
 * Table store on Azurite; their normalized specs (placement, images, tolerations, RuntimeClass,
 * update strategy) must equal the originals, with no winshift annotation left.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import {
  AppsV1Api,
  CoreV1Api,
  type V1PodSpec,
  type V1PodTemplateSpec,
} from '@kubernetes/client-node';
import { silentLog } from '../../../../src/activities/index.js';
import { narrowDaemonSets } from '../../../../src/activities/narrow-daemonsets.js';
import { patchWorkloads } from '../../../../src/activities/patch-workloads.js';
import { restoreWorkloads } from '../../../../src/activities/restore-workloads.js';
import { createKubernetesPort } from '../../../../src/adapters/kubernetes/index.js';
import { createTableUpgradeStore } from '../../../../src/adapters/storage/index.js';
import { withRuntimeClass } from '../../../../src/domain/placement-patch.js';
import {
  rewritePlacement,
  type SourcePool,
  type TargetOs,
} from '../../../../src/domain/placement.js';
import {
  planHash,
  type Plan,
  type PlannedWorkload,
  type WorkloadKind,
} from '../../../../src/domain/plan.js';
import type { Placement } from '../../../../src/domain/scheduling.js';
import type { WorkloadRef } from '../../../../src/ports/kubernetes.js';
import { testKubeConfig, uniqueNamespace } from '../../../support/kube-service.js';

const IIS19 = 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2019';
const IIS22 = 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022';
const NANO19 = 'mcr.microsoft.com/windows/nanoserver:ltsc2019';
const NANO22 = 'mcr.microsoft.com/windows/nanoserver:ltsc2022';
const TOLERATIONS = [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }];

const source: SourcePool = {
  poolName: 'win19',
  osSku: 'Windows2019',
  build: '10.0.17763',
  nodeNames: [],
};
const target: TargetOs = { osSku: 'Windows2022', build: '10.0.20348' };

/** The four ways the workloads are placed on the old pool. */
const PLACEMENTS: readonly [string, Placement][] = [
  ['selector', { nodeSelector: { 'kubernetes.azure.com/os-sku': 'Windows2019' } }],
  ['os', { nodeSelector: { 'kubernetes.io/os': 'windows' }, runtimeClassName: 'windows-2019' }],
  ['pool', { nodeSelector: { agentpool: 'win19' } }],
  [
    'affinity',
    {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  { key: 'kubernetes.io/os', operator: 'In', values: ['windows'] },
                  { key: 'kubernetes.azure.com/agentpool', operator: 'In', values: ['win19'] },
                ],
              },
            ],
          },
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 10,
              preference: {
                matchExpressions: [
                  { key: 'kubernetes.azure.com/os-sku', operator: 'In', values: ['Windows2019'] },
                ],
              },
            },
          ],
        },
      },
    },
  ],
];
const KINDS: readonly WorkloadKind[] = ['Deployment', 'StatefulSet', 'DaemonSet'];

interface Case {
  readonly ref: WorkloadRef;
  readonly placement: Placement;
}

function template(name: string, placement: Placement): V1PodTemplateSpec {
  return {
    metadata: { labels: { app: name } },
    spec: {
      ...(placement as V1PodSpec),
      tolerations: TOLERATIONS,
      // No scheduler has this name: the pods stay Pending and never land on the simulated nodes
      // other test files create on the shared control plane (placement is left as it is).
      schedulerName: 'winshift-test-none',
      initContainers: [{ name: 'setup', image: NANO19 }],
      containers: [
        { name: 'web', image: IIS19 },
        { name: 'logger', image: 'contoso/log:1.0' },
      ],
    },
  };
}

function planned(c: Case): PlannedWorkload {
  const rewrite = rewritePlacement(c.placement, source, target);
  const patch = c.placement.runtimeClassName
    ? withRuntimeClass(rewrite.patch, 'windows-2022')
    : rewrite.patch;
  return {
    ...c.ref,
    images: [
      { container: 'web', init: false, from: IIS19, to: IIS22 },
      { container: 'setup', init: true, from: NANO19, to: NANO22 },
    ],
    placement: { patch, original: rewrite.original },
  };
}

function planOf(cases: readonly Case[]): Plan {
  return {
    version: 1,
    cluster: {
      resourceId: '/subscriptions/s/c',
      kubernetesVersion: '1.20.2',
      nodeResourceGroup: 'MC',
    },
    sourcePool: { name: source.poolName, osSku: source.osSku, build: source.build, nodeNames: [] },
    target: { ...target, poolName: 'w22a', spec: {} },
    workloads: cases.map(planned),
    blockers: [],
    identities: [],
    gmsa: [],
    options: {
      imageMap: {},
      prePull: false,
      drainTimeoutInSeconds: 60,
      rolloutTimeoutInSeconds: 60,
      approvalTimeoutInSeconds: 60,
      deleteNewPoolOnRollback: true,
      dryRun: false,
    },
  };
}

describe('exact restores on a real 1.20 control plane (kubernetes/kubernetes#105689)', () => {
  const kubeConfig = testKubeConfig();
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const port = createKubernetesPort(kubeConfig);
  const namespace = uniqueNamespace('exact-restore');
  const storage = process.env.WINSHIFT_TEST_STORAGE ?? '';
  const store = createTableUpgradeStore(
    { connectionString: storage },
    `t${randomBytes(6).toString('hex')}`,
  );
  const deps = {
    kubernetes: { connect: () => Promise.resolve(port) },
    store,
    now: () => new Date(),
    log: silentLog,
  };
  const cases: Case[] = KINDS.flatMap((kind) =>
    PLACEMENTS.map(([slug, placement]) => ({
      ref: { kind, namespace, name: `${kind.slice(0, 3).toLowerCase()}-${slug}` },
      placement,
    })),
  );
  const refs = cases.map((c) => c.ref);
  const plan = planOf(cases);
  const instanceId = `upg-exact-${randomBytes(4).toString('hex')}`;

  const read = (ref: WorkloadRef) => {
    const request = { name: ref.name, namespace };
    if (ref.kind === 'Deployment') return apps.readNamespacedDeployment(request);
    if (ref.kind === 'StatefulSet') return apps.readNamespacedStatefulSet(request);
    return apps.readNamespacedDaemonSet(request);
  };

  /** What the upgrade may change, exactly as the API server stores it (no compaction). */
  async function spec(ref: WorkloadRef): Promise<Record<string, unknown>> {
    const object = await read(ref);
    const pod = object.spec?.template.spec;
    const images = (list: { name: string; image?: string }[] | undefined) =>
      Object.fromEntries((list ?? []).map((c) => [c.name, c.image]));
    const strategy =
      ref.kind === 'Deployment'
        ? undefined
        : (object.spec as { updateStrategy?: { type?: string } }).updateStrategy?.type;
    return JSON.parse(
      JSON.stringify({
        nodeSelector: pod?.nodeSelector,
        affinity: pod?.affinity,
        tolerations: pod?.tolerations,
        runtimeClassName: pod?.runtimeClassName,
        images: images(pod?.containers),
        initImages: images(pod?.initContainers),
        updateStrategy: strategy,
        winshift: Object.keys(object.metadata?.annotations ?? {}).filter((k) =>
          k.startsWith('winshift.io/'),
        ),
      }),
    ) as Record<string, unknown>;
  }
  const specs = async (): Promise<Record<string, Record<string, unknown>>> =>
    Object.fromEntries(await Promise.all(refs.map(async (r) => [r.name, await spec(r)] as const)));

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    for (const { ref, placement } of cases) {
      const metadata = { name: ref.name };
      const selector = { matchLabels: { app: ref.name } };
      const body = { metadata, spec: { selector, template: template(ref.name, placement) } };
      if (ref.kind === 'Deployment')
        await apps.createNamespacedDeployment({
          namespace,
          body: { ...body, spec: { ...body.spec, replicas: 1 } },
        });
      else if (ref.kind === 'StatefulSet')
        await apps.createNamespacedStatefulSet({
          namespace,
          body: { ...body, spec: { ...body.spec, replicas: 1, serviceName: ref.name } },
        });
      else await apps.createNamespacedDaemonSet({ namespace, body });
    }
    await store.savePlan(instanceId, plan);
  });
  afterAll(async () => {
    await core.deleteNamespace({ name: namespace });
  });

  it.each([
    ['a rollback right after the patch (DaemonSets widened)', 'r-exact-1', false],
    ['a later run’s rollback after the DaemonSets were narrowed', 'r-exact-2', true],
  ])('%s restores every workload exactly', async (_name, runId, narrow) => {
    const ref = { instanceId, runId, planHash: planHash(plan) };
    const before = await specs();
    expect(Object.values(before).map((s) => s['winshift'])).toEqual(refs.map(() => []));

    const patched = await patchWorkloads(deps, { ...ref, workloads: refs });
    expect(patched.map((r) => r.outcome)).toEqual(refs.map(() => 'patched'));
    if (narrow) await narrowDaemonSets(deps, ref);
    const moved = await specs();
    // The forward patches leave nothing behind either: no empty selector value, no empty affinity.
    const leftovers = Object.entries(moved).flatMap(([name, s]) => [
      ...Object.entries((s['nodeSelector'] ?? {}) as Record<string, string>)
        .filter(([, v]) => v === '')
        .map(([k]) => `${name}: ${k}=""`),
      ...(JSON.stringify(s['affinity']) === '{}' ? [`${name}: affinity {}`] : []),
    ]);
    expect(leftovers).toEqual([]);
    for (const s of Object.values(moved))
      expect((s['images'] as Record<string, string>)['web']).toBe(IIS22);

    const restored = await restoreWorkloads(deps, { ...ref, workloads: refs });
    expect(restored.map((r) => r.outcome)).toEqual(refs.map(() => 'restored'));
    expect(await specs()).toEqual(before);
    const again = await restoreWorkloads(deps, { ...ref, workloads: refs });
    expect(again.map((r) => r.outcome)).toEqual(refs.map(() => 'unchanged'));
  });
});
