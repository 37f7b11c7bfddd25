/**
 * The auditing decorator (docs/adr/0014): every write method of the ports an activity is given
 * (ARM agent pools, VMSS identities, role assignments, Key Vault access policies, Kubernetes) is
 * wrapped so that an audit entry is appended `attempted` BEFORE the write is sent and completed
 * `done` or `failed` (with the error's code) after it. A write whose entry cannot be appended is not
 * attempted (the activity fails and is retried); a completion that cannot be written is logged and
 * leaves the entry `attempted`, as a crash would. A retried activity appends new entries: each is
 * an attempt that really happened. Reads pass through untouched.
 */
import { canonicalJson, sha256Hex } from '../../domain/hash.js';
import { errorCodeOf } from '../../domain/errors.js';
import type { AuditAttempt, AuditWrite } from '../../domain/audit.js';
import { runAudited, type AuditLog } from '../../ports/audit.js';
import type { AksPort, AuthorizationPort, ComputePort, KeyVaultPort } from '../../ports/azure.js';
import type { KubernetesConnector, KubernetesPort, WorkloadRef } from '../../ports/kubernetes.js';
import type { UpgradeStore } from '../../ports/store.js';
import type { ActivityDeps } from './deps.js';

/** Which run, instance and activity the writes belong to; the cluster once the activity names it. */
export interface AuditScope {
  readonly runId: string;
  readonly instanceId: string;
  readonly activity: string;
  clusterResourceId?: string;
}

export const digestOf = (value: unknown): string => sha256Hex(canonicalJson(value));

interface Write {
  readonly operation: AuditWrite;
  readonly target: string;
  readonly change?: unknown;
  /** Reads the object, for the before/after digests (undefined: not readable). */
  readonly read?: () => Promise<unknown>;
}

type Deps = Pick<ActivityDeps, 'log'>;

async function digestRead(read: (() => Promise<unknown>) | undefined): Promise<string | undefined> {
  if (read === undefined) return undefined;
  try {
    const value = await read();
    return value === undefined ? undefined : digestOf(value);
  } catch {
    return undefined;
  }
}

/** Runs one write between its audit entry's append and its completion. */
export async function auditedWrite<T>(
  audit: AuditLog,
  scope: AuditScope,
  deps: Deps,
  write: Write,
  run: () => Promise<T>,
  failedBy: (result: T) => string | undefined = () => undefined,
): Promise<T> {
  const beforeSha256 = await digestRead(write.read);
  const attempt: AuditAttempt = {
    runId: scope.runId,
    instanceId: scope.instanceId,
    ...(scope.clusterResourceId ? { clusterResourceId: scope.clusterResourceId } : {}),
    kind: 'write',
    operation: write.operation,
    target: write.target,
    activity: scope.activity,
    ...(beforeSha256 ? { beforeSha256 } : {}),
    ...(write.change !== undefined ? { changeSha256: digestOf(write.change) } : {}),
  };
  const handle = await audit.append(attempt);
  return runAudited(handle, run, {
    refusedBy: failedBy,
    after: async () => {
      const afterSha256 = await digestRead(write.read);
      return afterSha256 ? { afterSha256 } : {};
    },
    onUncompleted: (error) =>
      deps.log.warn('audit entry left attempted', {
        step: scope.activity,
        instanceId: scope.instanceId,
        code: errorCodeOf(error),
      }),
  });
}

export const poolTarget = (clusterResourceId: string, poolName: string): string =>
  `${clusterResourceId}/agentPools/${poolName}`;

export const workloadTarget = (ref: WorkloadRef): string =>
  `${ref.kind}/${ref.namespace}/${ref.name}`;

function auditedAks(aks: AksPort, w: Writer): AksPort {
  return {
    getCluster: (id) => aks.getCluster(id),
    listClusters: (sub, options) => aks.listClusters(sub, options),
    getPool: (id, pool) => aks.getPool(id, pool),
    getUserKubeconfig: (id) => aks.getUserKubeconfig(id),
    beginCreatePool: (id, pool, spec) =>
      w(id, { operation: 'arm.put', target: poolTarget(id, pool), change: spec }, () =>
        aks.beginCreatePool(id, pool, spec),
      ),
    beginDeletePool: (id, pool) =>
      w(id, { operation: 'arm.delete', target: poolTarget(id, pool) }, () =>
        aks.beginDeletePool(id, pool),
      ),
  };
}

function auditedCompute(compute: ComputePort, w: Writer): ComputePort {
  return {
    findPoolVmss: (sub, rg, pool) => compute.findPoolVmss(sub, rg, pool),
    addUserAssignedIdentities: (vmss, ids) =>
      w(undefined, { operation: 'arm.patch', target: vmss, change: { userAssigned: ids } }, () =>
        compute.addUserAssignedIdentities(vmss, ids),
      ),
    enableSystemAssignedIdentity: (vmss) =>
      w(undefined, { operation: 'arm.patch', target: vmss, change: { systemAssigned: true } }, () =>
        compute.enableSystemAssignedIdentity(vmss),
      ),
  };
}

function auditedAuthorization(authorization: AuthorizationPort, w: Writer): AuthorizationPort {
  return {
    listForPrincipal: (sub, principal) => authorization.listForPrincipal(sub, principal),
    ensureAssignment: (assignment) =>
      w(
        undefined,
        {
          operation: 'authorization.roleAssignment',
          target: `${assignment.scope} role ${assignment.roleDefinitionId} to ${assignment.principalId}`,
          change: assignment,
        },
        () => authorization.ensureAssignment(assignment),
      ),
  };
}

function auditedKeyVault(keyVault: KeyVaultPort, w: Writer): KeyVaultPort {
  return {
    findVault: (name) => keyVault.findVault(name),
    secretExists: (uri) => keyVault.secretExists(uri),
    addSecretPermissions: (vault, objectId, permissions) =>
      w(
        undefined,
        {
          operation: 'keyVault.accessPolicy',
          target: `${vault} access policy for ${objectId}`,
          change: { objectId, secrets: permissions },
        },
        () => keyVault.addSecretPermissions(vault, objectId, permissions),
      ),
  };
}

function auditedKubernetes(kube: KubernetesPort, cluster: string, w: Writer): KubernetesPort {
  const workload = (ref: WorkloadRef) => (): Promise<unknown> => kube.getWorkload(ref);
  return {
    listNodes: (selector) => kube.listNodes(selector),
    listPodsOnNodes: (nodes) => kube.listPodsOnNodes(nodes),
    listWorkloadPods: (ref) => kube.listWorkloadPods(ref),
    getWorkload: (ref) => kube.getWorkload(ref),
    listWorkloads: () => kube.listWorkloads(),
    listOtherTemplates: () => kube.listOtherTemplates(),
    ownerOfReplicaSet: (ns, name) => kube.ownerOfReplicaSet(ns, name),
    listRuntimeClasses: () => kube.listRuntimeClasses(),
    listTerminatingNamespaces: () => kube.listTerminatingNamespaces(),
    listGmsaCredentialSpecs: () => kube.listGmsaCredentialSpecs(),
    patchWorkload: (ref, patch) =>
      w(
        cluster,
        {
          operation: 'kubernetes.patch',
          target: workloadTarget(ref),
          change: patch,
          read: workload(ref),
        },
        () => kube.patchWorkload(ref, patch),
      ),
    setWorkloadFields: (ref, fields) =>
      w(
        cluster,
        {
          operation: 'kubernetes.patch',
          target: workloadTarget(ref),
          change: fields,
          read: workload(ref),
        },
        () => kube.setWorkloadFields(ref, fields),
      ),
    setUnschedulable: (node, unschedulable) =>
      w(
        cluster,
        {
          operation: unschedulable ? 'kubernetes.cordon' : 'kubernetes.uncordon',
          target: `Node/${node}`,
        },
        () => kube.setUnschedulable(node, unschedulable),
      ),
    evictPod: (ns, name) =>
      w(
        cluster,
        { operation: 'kubernetes.evict', target: `Pod/${ns}/${name}` },
        () => kube.evictPod(ns, name),
        // A PodDisruptionBudget refused it (429): nothing changed.
        (result) => (result.outcome === 'blocked' ? 'PDB_BLOCKED' : undefined),
      ),
    deletePod: (ns, name, grace) =>
      w(cluster, { operation: 'kubernetes.delete', target: `Pod/${ns}/${name}` }, () =>
        kube.deletePod(ns, name, grace),
      ),
    applyDaemonSet: (spec) =>
      w(
        cluster,
        {
          operation: 'kubernetes.apply',
          target: `DaemonSet/${spec.namespace}/${spec.name}`,
          change: spec,
        },
        () => kube.applyDaemonSet(spec),
      ),
    deleteDaemonSet: (ns, name) =>
      w(cluster, { operation: 'kubernetes.delete', target: `DaemonSet/${ns}/${name}` }, () =>
        kube.deleteDaemonSet(ns, name),
      ),
  };
}

type Writer = <T>(
  cluster: string | undefined,
  write: Write,
  run: () => Promise<T>,
  failedBy?: (result: T) => string | undefined,
) => Promise<T>;

type AuditedPorts = Pick<
  ActivityDeps,
  'aks' | 'compute' | 'authorization' | 'keyVault' | 'kubernetes' | 'store' | 'log'
>;

/**
 * The deps with every write port audited under `scope`. The cluster of the scope is taken from
 * what the activity works on: the plan it loads, the cluster it connects to or calls ARM about.
 */
export function auditedDeps<D extends AuditedPorts>(
  deps: D,
  audit: AuditLog,
  scope: AuditScope,
): D {
  const w: Writer = (cluster, write, run, failedBy) => {
    if (cluster !== undefined) scope.clusterResourceId ??= cluster;
    return auditedWrite(audit, scope, deps, write, run, failedBy);
  };
  const loadPlan: UpgradeStore['loadPlan'] = async (instanceId) => {
    const plan = await deps.store.loadPlan(instanceId);
    if (plan !== undefined) scope.clusterResourceId ??= plan.cluster.resourceId;
    return plan;
  };
  // Every other method of the store as it is, bound to it (a class's methods need their `this`).
  const store = new Proxy(deps.store, {
    get: (target, property) => {
      if (property === 'loadPlan') return loadPlan;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
  const connector: KubernetesConnector = {
    connect: async (cluster) => {
      scope.clusterResourceId ??= cluster;
      return auditedKubernetes(await deps.kubernetes.connect(cluster), cluster, w);
    },
  };
  return {
    ...deps,
    aks: auditedAks(deps.aks, w),
    compute: auditedCompute(deps.compute, w),
    authorization: auditedAuthorization(deps.authorization, w),
    keyVault: auditedKeyVault(deps.keyVault, w),
    kubernetes: connector,
    store,
  };
}
