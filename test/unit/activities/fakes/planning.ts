/**
 * Planning fakes on top of the activity fakes: ARM that knows its cluster, a Kubernetes with
 * RuntimeClasses, gMSA specs and pods owned through ReplicaSets, a registry that counts lookups and
 * the lookups in flight, and a world of the same three workloads as `world.ts` before any upgrade.
 */
import type { RetirementCalendar } from '../../../../src/domain/calendar.js';
import { DEFAULT_CALENDAR } from '../../../../src/domain/calendar.js';
import { WinshiftError, type ErrorCode } from '../../../../src/domain/errors.js';
import type { ImageVariant } from '../../../../src/domain/image-variants.js';
import type { RuntimeClasses } from '../../../../src/domain/runtime-class.js';
import type { PlanUpgradeDeps } from '../../../../src/activities/plan-upgrade.js';
import type { ClusterFacts } from '../../../../src/ports/azure.js';
import type {
  GmsaCredentialSpecInfo,
  KubernetesConnector,
  PodInfo,
  WorkloadRef,
} from '../../../../src/ports/kubernetes.js';
import type { ImageLookup, RegistryPort } from '../../../../src/ports/registry.js';
import type { PlanInput } from '../../../../src/workflow/contracts/index.js';
import { makeFacts } from '../../domain/planner-fixture.js';
import { FakeAccess } from './fake-access.js';
import { FakeArm } from './fake-azure.js';
import { FakePreflight } from './fake-preflight.js';
import { FakeKube } from './fake-kube.js';
import { FakeStore } from './fake-store.js';
import {
  CLUSTER,
  FIXTURES,
  GMSA_OBJECT_ID,
  INSTANCE,
  OLD_NODES,
  UAI,
  makePlan,
  type LogLine,
} from './world.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class PlanningArm extends FakeArm {
  cluster: Mutable<ClusterFacts> = structuredClone(makeFacts().cluster);

  override getCluster(clusterResourceId: string): Promise<ClusterFacts> {
    return clusterResourceId === this.cluster.resourceId
      ? Promise.resolve(structuredClone(this.cluster))
      : Promise.reject(new WinshiftError('NOT_FOUND', clusterResourceId));
  }
}

export class PlanningKube extends FakeKube {
  runtimeClasses: RuntimeClasses = {};
  gmsaSpecs: GmsaCredentialSpecInfo[] = [];
  readonly ownerLookups: string[] = [];

  override ownerOfReplicaSet(namespace: string, name: string): Promise<WorkloadRef | undefined> {
    this.ownerLookups.push(`${namespace}/${name}`);
    return super.ownerOfReplicaSet(namespace, name);
  }
  override listRuntimeClasses(): Promise<RuntimeClasses> {
    return Promise.resolve(this.runtimeClasses);
  }
  override listGmsaCredentialSpecs(): Promise<readonly GmsaCredentialSpecInfo[]> {
    return Promise.resolve(this.gmsaSpecs);
  }
}

/** Images by reference; `failures` makes a lookup throw that code. Lookups resolve a tick later. */
export class FakeRegistry implements RegistryPort {
  readonly images = new Map<string, readonly ImageVariant[]>();
  readonly failures = new Map<string, ErrorCode>();
  readonly lookups: string[] = [];
  inFlight = 0;
  maxInFlight = 0;

  addWindows(image: string, ...builds: string[]): void {
    this.images.set(
      image,
      builds.map((osVersion) => ({ os: 'windows', osVersion, architecture: 'amd64' })),
    );
  }

  async lookup(image: string): Promise<ImageLookup | undefined> {
    this.lookups.push(image);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.inFlight -= 1;
    const failure = this.failures.get(image);
    if (failure !== undefined) throw new WinshiftError(failure, `lookup of ${image} failed`);
    const variants = this.images.get(image);
    return variants && { variants, digest: `sha256:${'c'.repeat(64)}` };
  }
}

export interface PlanningWorld {
  readonly arm: PlanningArm;
  readonly kube: PlanningKube;
  readonly registry: FakeRegistry;
  readonly preflight: FakePreflight;
  readonly store: FakeStore;
  readonly logs: LogLine[];
  /** Clusters the activity connected to. */
  readonly connects: string[];
  readonly deps: PlanUpgradeDeps;
  readonly input: PlanInput;
  /** winshift's own permissions, principal and registries (everything granted by default). */
  readonly access: FakeAccess;
}

const list = (images: Record<string, string> | undefined) =>
  Object.entries(images ?? {}).map(([name, image]) => ({ name, image }));

function podOf(
  ref: WorkloadRef,
  name: string,
  node: string,
  owner: { kind: string; name: string },
): Partial<PodInfo> & { namespace: string; name: string } {
  return {
    namespace: ref.namespace,
    name,
    nodeName: node,
    labels: { app: ref.name },
    ownerReferences: [{ ...owner, controller: true }],
  };
}

/** win19 (Windows2019, 2 nodes) running web (via ReplicaSet web-5d8f), db, agent, and kube-proxy. */
export function makePlanningWorld(calendar: RetirementCalendar = DEFAULT_CALENDAR): PlanningWorld {
  const arm = new PlanningArm();
  arm.addPool('win19', {
    osType: 'Windows',
    osSKU: 'Windows2019',
    vmSize: 'Standard_D4s_v5',
    count: 2,
    mode: 'User',
    tags: { team: 'shop' },
  });
  arm.addVmss('win19', { userAssignedIdentityIds: [UAI] });
  arm.identities.set(UAI, { resourceId: UAI, principalId: GMSA_OBJECT_ID, clientId: 'cli-gmsa' });
  const kube = new PlanningKube();
  for (const n of OLD_NODES)
    kube.addNode(n, 'win19', {
      labels: {
        'kubernetes.azure.com/agentpool': 'win19',
        agentpool: 'win19',
        'kubernetes.io/os': 'windows',
        'kubernetes.azure.com/os-sku': 'Windows2019',
      },
    });
  for (const f of FIXTURES) {
    const ref = { kind: f.kind, namespace: 'shop', name: f.name };
    kube.addWorkload({
      ...ref,
      placement: f.placement,
      containers: list(f.containers),
      initContainers: list(f.initContainers),
      ...(f.updateStrategy ? { updateStrategy: f.updateStrategy } : {}),
      ...(f.replicas !== undefined ? { replicas: f.replicas } : {}),
    });
  }
  kube.replicaSets.set('shop/web-5d8f', { kind: 'Deployment', namespace: 'shop', name: 'web' });
  const web = { kind: 'Deployment' as const, namespace: 'shop', name: 'web' };
  const rs = { kind: 'ReplicaSet', name: 'web-5d8f' };
  kube.addPod(podOf(web, 'web-5d8f-a', OLD_NODES[0] ?? '', rs));
  kube.addPod(podOf(web, 'web-5d8f-b', OLD_NODES[1] ?? '', rs));
  kube.addPod(
    podOf({ ...web, name: 'db' }, 'db-0', OLD_NODES[0] ?? '', { kind: 'StatefulSet', name: 'db' }),
  );
  for (const node of OLD_NODES) {
    kube.addPod(
      podOf({ ...web, name: 'agent' }, `agent-${node}`, node, { kind: 'DaemonSet', name: 'agent' }),
    );
    kube.addPod({
      namespace: 'kube-system',
      name: `kube-proxy-${node}`,
      nodeName: node,
      ownerReferences: [{ kind: 'DaemonSet', name: 'kube-proxy', controller: true }],
    });
  }
  const registry = new FakeRegistry();
  for (const f of FIXTURES)
    for (const image of [...Object.values(f.containers), ...Object.values(f.initContainers ?? {})])
      registry.addWindows(image.replace('ltsc2019', 'ltsc2022'), '10.0.20348.2655');
  const store = new FakeStore();
  const logs: LogLine[] = [];
  const connects: string[] = [];
  const kubernetes: KubernetesConnector = {
    connect: (id) => {
      connects.push(id);
      return Promise.resolve(kube);
    },
  };
  const preflight = new FakePreflight();
  const access = new FakeAccess();
  const deps: PlanUpgradeDeps = {
    preflight,
    access,
    containerRegistries: access,
    aks: arm,
    compute: arm,
    authorization: arm,
    identity: arm,
    keyVault: arm,
    kubernetes,
    registry,
    store,
    calendar,
    now: () => new Date('2026-11-28T12:00:00Z'),
    log: {
      info: (message, fields) => logs.push({ level: 'info', message, ...fields }),
      warn: (message, fields) => logs.push({ level: 'warn', message, ...fields }),
    },
  };
  const input: PlanInput = {
    instanceId: INSTANCE,
    request: {
      clusterResourceId: CLUSTER,
      poolName: 'win19',
      options: makePlan().options,
      startedBy: 'http',
    },
  };
  return { arm, kube, registry, preflight, store, logs, connects, deps, input, access };
}
