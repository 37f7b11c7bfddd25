import { setTimeout as sleep } from 'node:timers/promises';
import {
  ApisApi,
  KubernetesObjectApi,
  loadYaml,
  type KubeConfig,
  type KubernetesObject,
} from '@kubernetes/client-node';
import type { KubernetesManifest } from '../state/scenario.js';

/** Order of application: definitions and namespaces before what lives in them. */
const RANK: Readonly<Record<string, number>> = {
  CustomResourceDefinition: 0,
  Namespace: 1,
  PriorityClass: 2,
  RuntimeClass: 2,
  StorageClass: 2,
  ClusterRole: 2,
  ClusterRoleBinding: 3,
  ServiceAccount: 3,
  ConfigMap: 3,
  Secret: 3,
  Role: 3,
  RoleBinding: 4,
  Service: 4,
  PodDisruptionBudget: 4,
  Deployment: 5,
  StatefulSet: 5,
  DaemonSet: 5,
  Job: 5,
  CronJob: 5,
  Pod: 5,
};
// Custom resources: after their definitions (and before the pods that name them, e.g. gMSA specs).
const CUSTOM_RANK = 3;

const status = (error: unknown): number | undefined => (error as { code?: number }).code;

/** What was applied, for the clean-up on a shared control plane. */
export interface AppliedObjects {
  readonly objects: readonly KubernetesObject[];
}

async function servesPolicyV1(kubeConfig: KubeConfig): Promise<boolean> {
  const groups = await kubeConfig.makeApiClient(ApisApi).getAPIVersions();
  const policy = groups.groups.find((group) => group.name === 'policy');
  return policy?.versions.some((version) => version.version === 'v1') ?? false;
}

/**
 * A scenario written for current AKS declares `policy/v1` PodDisruptionBudgets; Kubernetes 1.20 serves
 * only `policy/v1beta1` (ADR 0003), so those are created as v1beta1. winshift still discovers the served
 * version itself: nothing is hidden from it.
 */
function servedManifest(manifest: KubernetesManifest, policyV1: boolean): KubernetesObject {
  const served =
    !policyV1 && manifest.kind === 'PodDisruptionBudget' && manifest.apiVersion === 'policy/v1'
      ? { ...manifest, apiVersion: 'policy/v1beta1' }
      : manifest;
  // KubernetesObjectApi serializes known kinds through their typed models, which name some fields
  // differently from the wire (`x-kubernetes-preserve-unknown-fields`, `$ref`, `enum`): a plain
  // manifest would silently lose them. The library's own YAML loader converts to the model form.
  return loadYaml<KubernetesObject>(JSON.stringify(served));
}

async function until(
  what: string,
  probe: () => Promise<boolean>,
  timeoutInMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

async function crdEstablished(objects: KubernetesObjectApi, name: string): Promise<boolean> {
  const crd = await objects.read<
    KubernetesObject & { status?: { conditions?: { type: string; status: string }[] } }
  >({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name },
  });
  return (
    crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false
  );
}

async function gone(objects: KubernetesObjectApi, object: KubernetesObject): Promise<boolean> {
  try {
    await objects.read({
      apiVersion: object.apiVersion ?? '',
      kind: object.kind ?? '',
      metadata: { name: object.metadata?.name ?? '' },
    });
    return false;
  } catch (error) {
    if (status(error) === 404) return true;
    throw error;
  }
}

/** Creates an object; one that exists already is replaced (or, for a namespace being deleted, awaited). */
async function createOrReplace(
  objects: KubernetesObjectApi,
  object: KubernetesObject,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await objects.create(object);
      return;
    } catch (error) {
      const code = status(error);
      // A custom resource right after its definition: the API may need a moment to serve it.
      if (code === 404 && attempt < 20) {
        await sleep(250);
        continue;
      }
      if (code !== 409) throw error;
    }
    let existing: KubernetesObject;
    try {
      existing = await objects.read(object as KubernetesObject & { metadata: { name: string } });
    } catch (error) {
      // Gone between the create's 409 and this read (a namespace that just finished terminating).
      if (status(error) === 404 && attempt < 20) continue;
      throw error;
    }
    if (object.kind === 'Namespace') {
      if (!existing.metadata?.deletionTimestamp) return;
      // Left by a sandbox that stopped a moment ago: wait until it is gone, then create it afresh.
      await until(`namespace ${object.metadata?.name} to finish terminating`, () =>
        gone(objects, object),
      );
      continue;
    }
    const replacement = structuredClone(object);
    replacement.metadata = {
      ...replacement.metadata,
      resourceVersion: existing.metadata?.resourceVersion ?? '',
    };
    await objects.replace(replacement);
    return;
  }
}

function describe(object: KubernetesObject): string {
  const { namespace, name } = object.metadata ?? {};
  return `${object.kind ?? '?'} ${namespace ? `${namespace}/` : ''}${name ?? '?'}`;
}

/** Applies the scenario's manifests in dependency order; errors name the object. */
export async function applyManifests(
  kubeConfig: KubeConfig,
  manifests: readonly KubernetesManifest[],
): Promise<AppliedObjects> {
  if (manifests.length === 0) return { objects: [] };
  const objects = KubernetesObjectApi.makeApiClient(kubeConfig);
  const policyV1 = await servesPolicyV1(kubeConfig);
  const ordered = manifests
    .map((manifest) => servedManifest(manifest, policyV1))
    .sort((a, b) => (RANK[a.kind ?? ''] ?? CUSTOM_RANK) - (RANK[b.kind ?? ''] ?? CUSTOM_RANK));
  for (const object of ordered) {
    try {
      await createOrReplace(objects, object);
      if (object.kind === 'CustomResourceDefinition') {
        const name = object.metadata?.name ?? '';
        await until(`CRD ${name} to be Established`, () => crdEstablished(objects, name));
      }
    } catch (error) {
      const detail = (error as { body?: unknown }).body ?? (error as Error).message;
      throw new Error(
        `applying ${describe(object)} failed: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`,
      );
    }
  }
  return { objects: ordered };
}

/**
 * Removes what applyManifests created (for a control plane that outlives the sandbox): every object
 * outside the scenario's own namespaces, except CRDs (other sandboxes may still use them), then those
 * namespaces. It does not wait for the namespaces to go: the next sandbox that needs one waits
 * (createOrReplace), and the last one of a run does not pay for it.
 */
export async function removeApplied(
  kubeConfig: KubeConfig,
  applied: AppliedObjects,
): Promise<void> {
  const objects = KubernetesObjectApi.makeApiClient(kubeConfig);
  const namespaces = applied.objects.filter((object) => object.kind === 'Namespace');
  const ours = new Set(namespaces.map((object) => object.metadata?.name));
  const outside = applied.objects.filter(
    (object) =>
      object.kind !== 'Namespace' &&
      object.kind !== 'CustomResourceDefinition' &&
      !ours.has(object.metadata?.namespace),
  );
  for (const object of [...outside, ...namespaces]) {
    try {
      await objects.delete(object);
    } catch (error) {
      if (status(error) !== 404) throw error;
    }
  }
}
