/**
 * Issue 12 item 4 end to end, through the local host: the default scenario with invoice-web labelled
 * as applied by a Flux Kustomization. A dry run (POST /api/plans) warns that Flux will put the old
 * placement back; with `managedWorkloads: 'refuse'` the plan is Blocked. The patches a user would
 * commit (GET /api/plans/{id}/patches?format=yaml) are then applied the way kubectl applies a
 * strategic merge, with this test's own Kubernetes client against the sandbox's real API server, to a
 * copy of each workload in a scratch namespace: every copy must land on the new pool and avoid the old
 * one, as the re-check before the old pool's deletion judges it (domain/placement-check.ts).
 */
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import {
  CoreV1Api,
  KubernetesObjectApi,
  NodeV1Api,
  PatchStrategy,
  type KubernetesObject,
  type KubeConfig,
  type V1PodSpec,
} from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { parseAllDocuments } from 'yaml';
import { placementVerdict } from '../../src/domain/placement-check.js';
import type { RuntimeClasses } from '../../src/domain/runtime-class.js';
import type { NodeFacts, Placement } from '../../src/domain/scheduling.js';
import { editedDefaultScenario } from './support/cluster.js';
import { startStack, stopE2eControlPlane, type Stack } from './support/stack.js';

const TIMEOUT_IN_MS = 300_000;
const FLUX_LABELS = {
  'kustomize.toolkit.fluxcd.io/name': 'payments',
  'kustomize.toolkit.fluxcd.io/namespace': 'apps',
};

/** The default scenario with invoice-web applied by the Flux Kustomization apps/payments. */
function fluxScenario() {
  return editedDefaultScenario((raw) => {
    const objects = raw.subscriptions[0].resourceGroups[1].clusters[0].kubernetes.objects as {
      kind: string;
      metadata: { name: string; labels?: Record<string, string> };
    }[];
    const web = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'invoice-web');
    if (!web) throw new Error('the default scenario has no invoice-web');
    web.metadata.labels = { ...web.metadata.labels, ...FLUX_LABELS };
  });
}

interface Finding {
  code: string;
  subject?: string;
  message: string;
}

interface PlanAnswer {
  id: string;
  state: string;
  executable: boolean;
  plan: { targetPool: string; warnings?: Finding[] } | null;
  blockers: Finding[];
  warnings: Finding[];
}

async function dryRun(stack: Stack, options: Record<string, unknown> = {}): Promise<PlanAnswer> {
  const response = await stack.api('/api/plans', {
    body: { clusterResourceId: stack.clusterId, poolName: 'win19', options },
  });
  expect(response.status).toBe(200);
  return response.body as PlanAnswer;
}

type Workload = KubernetesObject & {
  spec: {
    replicas?: number;
    template?: { spec: V1PodSpec };
    jobTemplate?: { spec: { template: { spec: V1PodSpec } } };
  };
};

/** A copy of the live workload in `namespace`, at 0 replicas (its pods are not what is checked). */
async function copyInto(
  objects: KubernetesObjectApi,
  patch: KubernetesObject,
  namespace: string,
): Promise<void> {
  const live = await objects.read<Workload>({
    apiVersion: patch.apiVersion!,
    kind: patch.kind!,
    metadata: { name: patch.metadata!.name!, namespace: patch.metadata!.namespace! },
  });
  const { name, labels, annotations } = live.metadata ?? {};
  await objects.create<Workload>({
    apiVersion: live.apiVersion!,
    kind: live.kind!,
    metadata: { name: name!, namespace, labels: labels ?? {}, annotations: annotations ?? {} },
    spec: { ...live.spec, ...(live.spec.replicas !== undefined ? { replicas: 0 } : {}) },
  });
}

function podSpecOf(workload: Workload): V1PodSpec {
  const spec = workload.spec.template?.spec ?? workload.spec.jobTemplate?.spec.template.spec;
  if (!spec) throw new Error(`${workload.kind} ${workload.metadata?.name}: no pod template`);
  return spec;
}

/** The placement fields of a pod spec as the domain's scheduling rules read them. */
function placementOf(pod: V1PodSpec): Placement {
  return {
    ...(pod.nodeSelector ? { nodeSelector: pod.nodeSelector } : {}),
    ...(pod.affinity ? { affinity: pod.affinity } : {}),
    ...(pod.tolerations ? { tolerations: pod.tolerations } : {}),
    ...(pod.runtimeClassName ? { runtimeClassName: pod.runtimeClassName } : {}),
  };
}

/** A node of the old pool as the API server has it, and one of the new pool as AKS would label it. */
async function poolNodes(
  kubeConfig: KubeConfig,
  targetPool: string,
): Promise<{ oldNode: NodeFacts; newNode: NodeFacts }> {
  const nodes = await kubeConfig.makeApiClient(CoreV1Api).listNode({
    labelSelector: 'kubernetes.azure.com/agentpool=win19',
  });
  const node = nodes.items[0];
  if (!node) throw new Error('no win19 node');
  const labels = { ...node.metadata?.labels };
  const taints = (node.spec?.taints ?? [])
    .filter((t) => !t.key.startsWith('node.kubernetes.io/'))
    .map((t) => ({ key: t.key, effect: t.effect, ...(t.value ? { value: t.value } : {}) }));
  const newLabels: Record<string, string> = {
    ...labels,
    agentpool: targetPool,
    'kubernetes.azure.com/agentpool': targetPool,
    'kubernetes.azure.com/os-sku': 'Windows2022',
    'node.kubernetes.io/windows-build': '10.0.20348',
    'kubernetes.io/hostname': `aks${targetPool}000000`,
  };
  return {
    oldNode: { name: node.metadata?.name ?? '', labels, taints },
    newNode: { name: `aks${targetPool}000000`, labels: newLabels, taints },
  };
}

async function runtimeClasses(kubeConfig: KubeConfig): Promise<RuntimeClasses> {
  const list = await kubeConfig.makeApiClient(NodeV1Api).listRuntimeClass();
  return Object.fromEntries(
    list.items.map((rc) => [
      rc.metadata?.name ?? '',
      {
        handler: rc.handler,
        ...(rc.scheduling?.nodeSelector ? { nodeSelector: rc.scheduling.nodeSelector } : {}),
      },
    ]),
  );
}

let stack: Stack | undefined;
// The stack runs on this file's own control plane: stopped once the file is done (else it outlives
// the run: etcd, the API server, the controller manager and the scheduler were left behind by CI).
afterAll(stopE2eControlPlane);

afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

describe('GitOps-managed workloads through the local host', () => {
  it(
    'warns about a Flux-managed workload, blocks it under refuse, and serves patches that move every workload when applied',
    async () => {
      stack = await startStack({ scenario: fluxScenario() });

      const allowed = await dryRun(stack);
      expect(allowed).toMatchObject({ state: 'Completed', executable: true, blockers: [] });
      expect(allowed.warnings).toEqual([
        expect.objectContaining({
          code: 'GITOPS_MANAGED',
          subject: 'Deployment payments/invoice-web',
        }),
      ]);
      expect(allowed.warnings[0]?.message).toContain(
        'managed by Flux Kustomization apps/payments (label kustomize.toolkit.fluxcd.io/name)',
      );
      expect(allowed.plan?.warnings).toEqual(allowed.warnings);

      const refused = await dryRun(stack, { managedWorkloads: 'refuse' });
      expect(refused).toMatchObject({ state: 'Blocked', executable: false, warnings: [] });
      expect(refused.blockers.map((b) => [b.code, b.subject])).toEqual([
        ['GITOPS_MANAGED', 'Deployment payments/invoice-web'],
      ]);

      const answer = await stack.api(`/api/plans/${allowed.id}/patches?format=yaml`);
      expect(answer.status).toBe(200);
      const text = answer.body as string;
      expect(text).toContain(
        '# Deployment payments/invoice-web, managed by Flux Kustomization apps/payments\n# file: deployment-payments-invoice-web.yaml\n',
      );
      const documents = parseAllDocuments(text).map((d) => {
        expect(d.errors).toEqual([]);
        return d.toJS() as KubernetesObject;
      });
      expect(documents.map((d) => `${d.kind} ${d.metadata?.name}`).sort()).toEqual([
        'DaemonSet log-agent',
        'Deployment invoice-web',
        'Deployment payments-api',
        'Deployment payroll',
        'Deployment report-renderer',
        'StatefulSet ledger',
      ]);
      const managedOnly = await stack.api(
        `/api/plans/${allowed.id}/patches?format=yaml&managed=true`,
      );
      expect(parseAllDocuments(managedOnly.body as string)).toHaveLength(1);

      // kubectl's strategic merge, by the test's own client, on copies in a scratch namespace.
      const kubeConfig = stack.sandbox.cluster(stack.clusterId).kubeConfig;
      const objects = KubernetesObjectApi.makeApiClient(kubeConfig);
      const scratch = `gitops-${randomBytes(4).toString('hex')}`;
      await objects.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: scratch } });
      try {
        const { oldNode, newNode } = await poolNodes(kubeConfig, allowed.plan!.targetPool);
        const classes = await runtimeClasses(kubeConfig);
        for (const document of documents) {
          await copyInto(objects, document, scratch);
          const key = `${document.kind} ${document.metadata?.name}`;
          const ref = {
            apiVersion: document.apiVersion!,
            kind: document.kind!,
            metadata: { name: document.metadata!.name!, namespace: scratch },
          };
          // Before the patch the copy is where the original is: pinned to the old pool.
          const before = placementVerdict(
            placementOf(podSpecOf(await objects.read<Workload>(ref))),
            newNode,
            oldNode,
            classes,
          );
          expect([key, before.landsOnNew && before.avoidsOld]).toEqual([key, false]);
          const patch = { ...document, metadata: { ...document.metadata, namespace: scratch } };
          await objects.patch(
            patch,
            undefined,
            undefined,
            'winshift-e2e',
            undefined,
            PatchStrategy.StrategicMergePatch,
          );
          const pod = podSpecOf(await objects.read<Workload>(ref));
          const verdict = placementVerdict(placementOf(pod), newNode, oldNode, classes);
          expect([key, verdict]).toEqual([key, { landsOnNew: true, avoidsOld: true, reasons: [] }]);
          const images = [...(pod.initContainers ?? []), ...pod.containers].map((c) => c.image);
          expect([key, images.filter((i) => i?.includes('ltsc2019'))]).toEqual([key, []]);
          // The patch changes the copy only: nothing is added to or dropped from its containers.
          expect(pod.containers.every((c) => c.resources !== undefined)).toBe(true);
        }
      } finally {
        await kubeConfig.makeApiClient(CoreV1Api).deleteNamespace({ name: scratch });
      }
    },
    TIMEOUT_IN_MS,
  );
});
