/**
 * An in-memory Kubernetes for activity tests: nodes, pods and workloads as the port shows them, a
 * strategic-merge `patchWorkload` for the fields winshift patches (placement via the domain's merge
 * rules, containers keyed by name, annotations, update strategy; generation bumped on spec changes),
 * PDB-blocked evictions, and a log of every write so tests can count them.
 */
import { WinshiftError } from '../../../../src/domain/errors.js';
import { applyPlacementPatch } from '../../../../src/domain/placement-patch.js';
import type { PlacementPatch } from '../../../../src/domain/placement.js';
import type {
  ContainerInfo,
  DaemonSetSpec,
  ExactWorkloadFields,
  EvictionResult,
  KubernetesConnector,
  KubernetesPort,
  NodeInfo,
  PodInfo,
  WorkloadInfo,
  WorkloadRef,
} from '../../../../src/ports/kubernetes.js';
import type { TemplateInfo } from '../../../../src/domain/kube-objects.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface Write {
  readonly op: string;
  readonly target: string;
  readonly body?: unknown;
}

const key = (r: { kind?: string; namespace: string; name: string }): string =>
  `${r.kind ?? 'Pod'} ${r.namespace}/${r.name}`;

function parseSelector(selector: string | undefined): [string, string][] {
  if (!selector) return [];
  return selector.split(',').map((part) => {
    const [k, v] = part.split('=');
    return [k ?? '', v ?? ''];
  });
}

function mergeContainers(live: readonly ContainerInfo[], patch: unknown): readonly ContainerInfo[] {
  if (!Array.isArray(patch)) return live;
  const byName = new Map(live.map((c) => [c.name, c]));
  for (const item of patch as { name: string; image: string }[]) {
    byName.set(item.name, { name: item.name, image: item.image });
  }
  return [...byName.values()];
}

export class FakeKube implements KubernetesPort {
  readonly nodes = new Map<string, Mutable<NodeInfo>>();
  readonly pods = new Map<string, Mutable<PodInfo>>();
  readonly workloads = new Map<string, Mutable<WorkloadInfo>>();
  readonly daemonSets = new Map<string, DaemonSetSpec>();
  readonly replicaSets = new Map<string, WorkloadRef>();
  /** ReplicaSets and Jobs as `listOtherTemplates` shows them. */
  readonly templates: TemplateInfo[] = [];
  /** Namespaces being deleted. */
  readonly terminatingNamespaces = new Set<string>();
  /** Runs after each setWorkloadFields (e.g. an admission webhook changing the object again). */
  afterSetFields: ((w: Mutable<WorkloadInfo>) => void) | undefined;
  /** Pods whose eviction a PodDisruptionBudget refuses. */
  readonly pdbBlocked = new Set<string>();
  readonly writes: Write[] = [];

  addNode(name: string, pool: string, extra: Partial<NodeInfo> = {}): void {
    this.nodes.set(name, {
      name,
      labels: {
        'kubernetes.azure.com/agentpool': pool,
        agentpool: pool,
        'kubernetes.io/os': 'windows',
      },
      ready: true,
      unschedulable: false,
      ...extra,
    });
  }

  addPod(pod: Partial<PodInfo> & { namespace: string; name: string }): void {
    this.pods.set(key(pod), {
      ready: true,
      initialized: true,
      deleting: false,
      phase: 'Running',
      labels: {},
      annotations: {},
      ownerReferences: [],
      volumes: [],
      containers: [],
      initContainers: [],
      gmsaCredentialSpecNames: [],
      ...pod,
    });
  }

  addWorkload(w: Partial<WorkloadInfo> & WorkloadRef): void {
    this.workloads.set(key(w), {
      generation: 1,
      labels: {},
      annotations: {},
      ownerReferences: [],
      selector: { app: w.name },
      placement: {},
      containers: [],
      initContainers: [],
      gmsaCredentialSpecNames: [],
      status: { observedGeneration: 1 },
      ...w,
    });
  }

  workload(ref: WorkloadRef): Mutable<WorkloadInfo> {
    const w = this.workloads.get(key(ref));
    if (!w) throw new Error(`no workload ${key(ref)}`);
    return w;
  }

  writesOf(op: string): Write[] {
    return this.writes.filter((w) => w.op === op);
  }

  listNodes(labelSelector?: string): Promise<readonly NodeInfo[]> {
    const wanted = parseSelector(labelSelector);
    const nodes = [...this.nodes.values()].filter((n) =>
      wanted.every(([k, v]) => n.labels[k] === v),
    );
    return Promise.resolve(nodes.map((n) => ({ ...n })));
  }

  listPodsOnNodes(nodeNames: readonly string[]): Promise<readonly PodInfo[]> {
    return Promise.resolve(
      [...this.pods.values()].filter(
        (p) => p.nodeName !== undefined && nodeNames.includes(p.nodeName),
      ),
    );
  }

  listWorkloadPods(ref: WorkloadRef): Promise<readonly PodInfo[]> {
    const selector = this.workloads.get(key(ref))?.selector ?? { app: ref.name };
    return Promise.resolve(
      [...this.pods.values()].filter(
        (p) =>
          p.namespace === ref.namespace &&
          Object.entries(selector).every(([k, v]) => p.labels[k] === v),
      ),
    );
  }

  getWorkload(ref: WorkloadRef): Promise<WorkloadInfo | undefined> {
    const w = this.workloads.get(key(ref));
    return Promise.resolve(w && structuredClone(w));
  }

  listWorkloads(): Promise<readonly WorkloadInfo[]> {
    return Promise.resolve([...this.workloads.values()].map((w) => structuredClone(w)));
  }

  listOtherTemplates(): Promise<readonly TemplateInfo[]> {
    return Promise.resolve(structuredClone(this.templates));
  }

  ownerOfReplicaSet(namespace: string, replicaSetName: string): Promise<WorkloadRef | undefined> {
    return Promise.resolve(this.replicaSets.get(`${namespace}/${replicaSetName}`));
  }

  patchWorkload(ref: WorkloadRef, patch: Readonly<Record<string, unknown>>): Promise<void> {
    const w = this.workloads.get(key(ref));
    if (!w) return Promise.reject(new WinshiftError('NOT_FOUND', key(ref)));
    this.writes.push({ op: 'patchWorkload', target: key(ref), body: patch });
    const metadata = patch['metadata'] as
      { annotations?: Record<string, string | null> } | undefined;
    const annotations: Record<string, string> = { ...w.annotations };
    for (const [k, v] of Object.entries(metadata?.annotations ?? {})) {
      if (v === null) delete annotations[k];
      else annotations[k] = v;
    }
    w.annotations = annotations;
    const spec = patch['spec'] as Record<string, unknown> | undefined;
    if (spec === undefined) return Promise.resolve();
    // A CronJob's pod template is `spec.jobTemplate.spec.template`.
    const jobSpec = (spec['jobTemplate'] as { spec?: Record<string, unknown> } | undefined)?.spec;
    const template = (ref.kind === 'CronJob' ? jobSpec : spec)?.['template'];
    const podSpec = (template as { spec?: Record<string, unknown> } | undefined)?.spec ?? {};
    const placementPatch: PlacementPatch = {
      nodeSelector: (podSpec['nodeSelector'] ?? {}) as PlacementPatch['nodeSelector'],
      ...(podSpec['affinity'] !== undefined
        ? { affinity: podSpec['affinity'] as PlacementPatch['affinity'] }
        : {}),
      ...('runtimeClassName' in podSpec
        ? { runtimeClassName: podSpec['runtimeClassName'] as string | null }
        : {}),
    };
    w.placement = applyPlacementPatch(w.placement, placementPatch);
    w.containers = mergeContainers(w.containers, podSpec['containers']);
    w.initContainers = mergeContainers(w.initContainers, podSpec['initContainers']);
    const strategy = spec['updateStrategy'] as { type?: string } | undefined;
    if (strategy?.type !== undefined) w.updateStrategy = strategy.type;
    w.generation += 1;
    return Promise.resolve();
  }

  setWorkloadFields(ref: WorkloadRef, fields: ExactWorkloadFields): Promise<void> {
    const w = this.workloads.get(key(ref));
    if (!w) return Promise.reject(new WinshiftError('NOT_FOUND', key(ref)));
    this.writes.push({ op: 'setWorkloadFields', target: key(ref), body: fields });
    const placement: Mutable<WorkloadInfo['placement']> = { ...w.placement };
    if (fields.nodeSelector !== undefined) {
      if (fields.nodeSelector && Object.keys(fields.nodeSelector).length > 0)
        placement.nodeSelector = fields.nodeSelector;
      else delete placement.nodeSelector;
    }
    if (fields.nodeAffinity !== undefined) {
      const affinity = { ...placement.affinity };
      if (fields.nodeAffinity) affinity.nodeAffinity = fields.nodeAffinity;
      else delete affinity.nodeAffinity;
      if (Object.keys(affinity).length > 0) placement.affinity = affinity;
      else delete placement.affinity;
    }
    if (fields.runtimeClassName !== undefined) {
      if (fields.runtimeClassName) placement.runtimeClassName = fields.runtimeClassName;
      else delete placement.runtimeClassName;
    }
    w.placement = placement;
    const setImages = (list: readonly ContainerInfo[], images = {} as Record<string, string>) =>
      list.map((c) => ({ ...c, image: images[c.name] ?? c.image }));
    w.containers = setImages(w.containers, fields.containers);
    w.initContainers = setImages(w.initContainers, fields.initContainers);
    if (fields.updateStrategy !== undefined) w.updateStrategy = fields.updateStrategy;
    const annotations: Record<string, string> = { ...w.annotations };
    for (const [k, v] of Object.entries(fields.annotations ?? {})) {
      if (v === null) delete annotations[k];
      else annotations[k] = v;
    }
    w.annotations = annotations;
    w.generation += 1;
    this.afterSetFields?.(w);
    return Promise.resolve();
  }

  setUnschedulable(nodeName: string, unschedulable: boolean): Promise<void> {
    const node = this.nodes.get(nodeName);
    if (!node) return Promise.reject(new WinshiftError('NOT_FOUND', nodeName));
    this.writes.push({ op: 'setUnschedulable', target: nodeName, body: unschedulable });
    node.unschedulable = unschedulable;
    return Promise.resolve();
  }

  evictPod(namespace: string, name: string): Promise<EvictionResult> {
    const pod = this.pods.get(key({ namespace, name }));
    if (!pod) return Promise.resolve({ outcome: 'gone' });
    if (this.pdbBlocked.has(`${namespace}/${name}`)) {
      return Promise.resolve({
        outcome: 'blocked',
        message: 'Cannot evict pod as it would violate the pod disruption budget.',
      });
    }
    this.writes.push({ op: 'evictPod', target: `${namespace}/${name}` });
    pod.deleting = true;
    return Promise.resolve({ outcome: 'evicted' });
  }

  deletePod(namespace: string, name: string): Promise<void> {
    this.writes.push({ op: 'deletePod', target: `${namespace}/${name}` });
    const pod = this.pods.get(key({ namespace, name }));
    if (pod) pod.deleting = true;
    return Promise.resolve();
  }

  listRuntimeClasses(): ReturnType<KubernetesPort['listRuntimeClasses']> {
    return Promise.resolve({});
  }

  listTerminatingNamespaces(): Promise<readonly string[]> {
    return Promise.resolve([...this.terminatingNamespaces].sort());
  }

  listGmsaCredentialSpecs(): ReturnType<KubernetesPort['listGmsaCredentialSpecs']> {
    return Promise.resolve([]);
  }

  applyDaemonSet(spec: DaemonSetSpec): Promise<void> {
    this.writes.push({
      op: 'applyDaemonSet',
      target: `${spec.namespace}/${spec.name}`,
      body: spec,
    });
    this.daemonSets.set(`${spec.namespace}/${spec.name}`, spec);
    return Promise.resolve();
  }

  deleteDaemonSet(namespace: string, name: string): Promise<void> {
    if (this.daemonSets.delete(`${namespace}/${name}`))
      this.writes.push({ op: 'deleteDaemonSet', target: `${namespace}/${name}` });
    return Promise.resolve();
  }
}

/** One cluster behind the connector, whatever the resource id (tests use one cluster). */
export function connectorFor(kube: FakeKube): KubernetesConnector {
  return { connect: () => Promise.resolve(kube) } satisfies KubernetesConnector;
}
