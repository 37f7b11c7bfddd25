/**
 * Reads everything the planner needs through the ports: the cluster and pool from ARM, the pool's
 * nodes, pods and their controllers, every controller template of the cluster (the planner also
 * moves or refuses those that can only land on the pool), RuntimeClasses, gMSA specs and the
 * namespaces being deleted from Kubernetes, the pool's VMSS identities and grants, one registry
 * lookup per distinct image, and winshift's own access to the vaults, identities and registries the
 * run will touch (gather-access.ts). Reads only; the decisions are the pure planner's.
 */
import type { RetirementCalendar } from '../../domain/calendar.js';
import type { UpgradeOptions } from '../../domain/plan.js';
import type {
  IdentityLookupFact,
  ImageLookupFact,
  PlanFacts,
  PodController,
  PodFact,
  ReadFacts,
  SourceVmssFacts,
} from '../../domain/planner-facts.js';
import { parsePluginInput } from '../../domain/planner-identities.js';
import { plannedAccessReads, plannedImageLookups } from '../../domain/planner.js';
import { errorCodeOf, messageWithoutCode } from '../../domain/errors.js';
import type { AgentPool, ClusterFacts, VaultAccess } from '../../ports/azure.js';
import type {
  GmsaCredentialSpecInfo,
  KubernetesPort,
  PodInfo,
  WorkloadInfo,
  WorkloadRef,
} from '../../ports/kubernetes.js';
import type { PreflightPort } from '../../ports/preflight.js';
import type { RegistryPort } from '../../ports/registry.js';
import type { UpgradeRequest } from '../../workflow/contracts/index.js';
import type { ActivityDeps } from '../shared/deps.js';
import { mapLimit } from '../shared/concurrency.js';
import { subscriptionOf } from '../shared/plan-ref.js';
import { listPoolNodes } from '../shared/pools.js';
import { directPodOwnerKind } from '../../domain/workload-ref.js';
import { isPodOutsideUpgrade } from '../../domain/system-objects.js';
import { readPreflight } from './read-preflight.js';
import { readAccess, type AccessDeps } from './gather-access.js';

export type GatherDeps = Pick<
  ActivityDeps,
  'aks' | 'compute' | 'authorization' | 'identity' | 'keyVault' | 'kubernetes' | 'now'
> & { readonly registry: RegistryPort; readonly preflight: PreflightPort } & AccessDeps;

/** Reads (owner lookups, workloads, images, vaults) in flight at once. */
export const READ_CONCURRENCY = 8;

type ResolveOwner = (namespace: string, replicaSet: string) => Promise<WorkloadRef | undefined>;

/** ReplicaSet -> Deployment lookups, each ReplicaSet asked once (its pods share it). */
function ownerCache(kube: KubernetesPort): ResolveOwner {
  const seen = new Map<string, Promise<WorkloadRef | undefined>>();
  return (namespace, name) => {
    const key = `${namespace}/${name}`;
    const found = seen.get(key) ?? kube.ownerOfReplicaSet(namespace, name);
    seen.set(key, found);
    return found;
  };
}

async function controllerOf(pod: PodInfo, resolve: ResolveOwner): Promise<PodController> {
  const owner = pod.ownerReferences.find((o) => o.controller === true);
  if (owner === undefined) return { type: 'bare' };
  if (owner.kind === 'ReplicaSet') {
    const deployment = await resolve(pod.namespace, owner.name);
    if (deployment !== undefined) return { type: 'workload', ref: deployment };
  }
  const kind = directPodOwnerKind(owner.kind);
  if (kind !== undefined)
    return { type: 'workload', ref: { kind, namespace: pod.namespace, name: owner.name } };
  return { type: 'other', kind: owner.kind, name: owner.name };
}

interface KubernetesFacts {
  readonly nodes: ReadFacts['nodes'];
  readonly pods: readonly PodFact[];
  readonly workloads: readonly WorkloadInfo[];
  readonly otherTemplates: ReadFacts['otherTemplates'];
  readonly runtimeClasses: ReadFacts['runtimeClasses'];
  readonly gmsaCredentialSpecs: readonly GmsaCredentialSpecInfo[];
  readonly terminatingNamespaces: readonly string[];
}

const NO_KUBERNETES: KubernetesFacts = {
  nodes: [],
  pods: [],
  workloads: [],
  otherTemplates: [],
  runtimeClasses: {},
  gmsaCredentialSpecs: [],
  terminatingNamespaces: [],
};

async function readKubernetes(kube: KubernetesPort, poolName: string): Promise<KubernetesFacts> {
  const nodes = await listPoolNodes(kube, poolName);
  const listed = await kube.listPodsOnNodes(nodes.map((n) => n.name));
  const resolve = ownerCache(kube);
  const pods = await mapLimit(
    listed.filter((p) => !isPodOutsideUpgrade(p)),
    READ_CONCURRENCY,
    async (pod): Promise<PodFact> => ({ pod, controller: await controllerOf(pod, resolve) }),
  );
  // Listed after the pods, so every controller those pods name is in the list unless deleted since.
  const [workloads, otherTemplates, runtimeClasses, gmsaCredentialSpecs, terminatingNamespaces] =
    await Promise.all([
      kube.listWorkloads(),
      kube.listOtherTemplates(),
      kube.listRuntimeClasses(),
      kube.listGmsaCredentialSpecs(),
      kube.listTerminatingNamespaces(),
    ]);
  return {
    nodes,
    pods,
    workloads,
    otherTemplates,
    runtimeClasses,
    gmsaCredentialSpecs,
    terminatingNamespaces,
  };
}

/** The vaults gMSA secret URIs point at (Key Vault is found by name; there is no list by grantee). */
async function gmsaVaults(
  deps: GatherDeps,
  specs: readonly GmsaCredentialSpecInfo[],
): Promise<VaultAccess[]> {
  const names = new Set<string>();
  for (const spec of specs) {
    const uri = parsePluginInput(spec.pluginInput)?.secretUri;
    const host = uri === undefined ? undefined : URL.parse(uri)?.hostname;
    const name = host?.split('.')[0];
    if (name) names.add(name);
  }
  const found = await mapLimit([...names].sort(), READ_CONCURRENCY, (n) =>
    deps.keyVault.findVault(n),
  );
  return found.filter((v): v is VaultAccess => v !== undefined);
}

/** A read that cannot succeed (no permission, gone) is a fact for the plan; TRANSIENT is retried. */
export function unreadableReason(error: unknown): string {
  const code = errorCodeOf(error);
  if (code === 'TRANSIENT' || code === 'INTERNAL') throw error;
  return `[${code}] ${error instanceof Error ? error.message : String(error)}`;
}

/** The principal behind each user-assigned identity (a gMSA spec names a principal, not an id). */
async function userAssignedIdentities(
  deps: GatherDeps,
  resourceIds: readonly string[],
): Promise<IdentityLookupFact[]> {
  const ids = [...new Set(resourceIds)].sort();
  return mapLimit(ids, READ_CONCURRENCY, async (resourceId): Promise<IdentityLookupFact> => {
    try {
      const found = await deps.identity.getUserAssignedIdentity(resourceId);
      const { principalId, clientId } = found;
      return { status: 'found', resourceId, principalId, clientId };
    } catch (error) {
      return { status: 'unreadable', resourceId, reason: unreadableReason(error) };
    }
  });
}

async function readVmss(
  deps: GatherDeps,
  cluster: ClusterFacts,
  poolName: string,
  specs: readonly GmsaCredentialSpecInfo[],
): Promise<SourceVmssFacts | undefined> {
  const subscriptionId = subscriptionOf(cluster.resourceId);
  const vmss = await deps.compute.findPoolVmss(subscriptionId, cluster.nodeResourceGroup, poolName);
  if (vmss === undefined) return undefined;
  // Identities are resolved only when a gMSA spec could name one: nothing else needs principals.
  const identities =
    specs.length > 0 ? userAssignedIdentities(deps, vmss.userAssignedIdentityIds) : [];
  const principal = vmss.systemAssignedPrincipalId;
  const [userAssigned, roleAssignments, vaults] = await Promise.all([
    identities,
    principal === undefined ? [] : deps.authorization.listForPrincipal(subscriptionId, principal),
    principal === undefined ? [] : gmsaVaults(deps, specs),
  ]);
  return { vmss, userAssignedIdentities: userAssigned, roleAssignments, vaults };
}

/** A lookup that cannot succeed is a fact for the plan; a transient failure is retried instead. */
async function lookUp(registry: RegistryPort, image: string): Promise<ImageLookupFact> {
  try {
    const found = await registry.lookup(image);
    return found === undefined
      ? { status: 'missing' }
      : { status: 'found', variants: found.variants, digest: found.digest };
  } catch (error) {
    if (errorCodeOf(error) === 'REGISTRY_REFUSED')
      return {
        status: 'refused',
        reason: messageWithoutCode(error instanceof Error ? error.message : String(error)),
      };
    return { status: 'unreadable', reason: unreadableReason(error) };
  }
}

function isWindows(pool: AgentPool | undefined): pool is AgentPool {
  const osType = pool?.spec['osType'];
  return typeof osType === 'string' && osType.toLowerCase() === 'windows';
}

/** ARM and Kubernetes facts (no registry): what `plannedImageLookups` decides from. */
export async function readFacts(deps: GatherDeps, request: UpgradeRequest): Promise<ReadFacts> {
  const { clusterResourceId, poolName } = request;
  const cluster = await deps.aks.getCluster(clusterResourceId);
  const sourcePool = await deps.aks.getPool(clusterResourceId, poolName);
  const base = { readAt: deps.now().toISOString(), poolName, cluster };
  // Nothing more to read for a pool the planner refuses outright.
  if (!isWindows(sourcePool)) return { ...base, ...NO_KUBERNETES, sourcePool };
  // A private cluster's API server is out of reach: the planner reports it as a blocker.
  const [kubernetes, preflight] = await Promise.all([
    cluster.privateCluster
      ? NO_KUBERNETES
      : deps.kubernetes.connect(clusterResourceId).then((kube) => readKubernetes(kube, poolName)),
    readPreflight(deps.preflight, cluster, sourcePool.spec),
  ]);
  const vmss = await readVmss(deps, cluster, poolName, kubernetes.gmsaCredentialSpecs);
  return { ...base, sourcePool, ...kubernetes, ...(vmss !== undefined ? { vmss } : {}), preflight };
}

/** Everything `buildPlan` needs: the read facts plus one registry lookup per image it will check. */
export async function gatherFacts(
  deps: GatherDeps,
  request: UpgradeRequest,
  calendar: RetirementCalendar,
): Promise<PlanFacts> {
  const facts = await readFacts(deps, request);
  if (!isWindows(facts.sourcePool)) return { ...facts, images: {} };
  const options: UpgradeOptions = request.options;
  const images = plannedImageLookups(facts, options, calendar);
  const reads = plannedAccessReads(facts, options, calendar, images);
  const [lookups, access] = await Promise.all([
    mapLimit(images, READ_CONCURRENCY, (image) => lookUp(deps.registry, image)),
    readAccess(deps, reads, unreadableReason, READ_CONCURRENCY),
  ]);
  const found: Record<string, ImageLookupFact> = {};
  images.forEach((image, i) => {
    const lookup = lookups[i];
    if (lookup !== undefined) found[image] = lookup;
  });
  return { ...facts, images: found, access };
}
