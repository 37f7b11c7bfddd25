/**
 * A small upgrade world for activity tests: a plan moving three workloads (a Deployment with an init
 * container, a StatefulSet, a DaemonSet) from the Windows2019 pool `win19` to `w22a`, the cluster in
 * the state the plan describes, and the deps wired to the fakes.
 */
import {
  rewritePlacement,
  type SourcePool,
  type TargetOs,
} from '../../../../src/domain/placement.js';
import { planHash, type Plan, type PlannedWorkload } from '../../../../src/domain/plan.js';
import type { Placement } from '../../../../src/domain/scheduling.js';
import type { ActivityDeps } from '../../../../src/activities/shared/deps.js';
import type { ActivityLogFields } from '../../../../src/activities/shared/log.js';
import type { WorkloadKind } from '../../../../src/domain/plan.js';
import { FakeArm } from './fake-azure.js';
import { connectorFor, FakeKube } from './fake-kube.js';
import { FakeStore } from './fake-store.js';

export const INSTANCE = 'inst-1';
export const CLUSTER =
  '/subscriptions/sub1/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1';
export const UAI =
  '/subscriptions/sub1/resourceGroups/id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/gmsa';
export const SECRET_URI = 'https://kv1.vault.azure.net/secrets/gmsa-user';
export const VAULT_ID =
  '/subscriptions/sub1/resourceGroups/kv/providers/Microsoft.KeyVault/vaults/kv1';
export const GMSA_OBJECT_ID = 'obj-gmsa';

const source: SourcePool = {
  poolName: 'win19',
  osSku: 'Windows2019',
  build: '10.0.17763',
  nodeNames: ['akswin19000000', 'akswin19000001'],
};
const target: TargetOs = { osSku: 'Windows2022', build: '10.0.20348' };
export const OLD_NODES = source.nodeNames as readonly string[];
export const NEW_NODES = ['aksw22a000000', 'aksw22a000001'] as const;

const img = (name: string, tag: string): string => `mcr.microsoft.com/${name}:${tag}`;

export interface WorkloadFixture {
  readonly kind: WorkloadKind;
  readonly name: string;
  readonly placement: Placement;
  readonly containers: Record<string, string>;
  readonly initContainers?: Record<string, string>;
  readonly updateStrategy?: 'RollingUpdate' | 'OnDelete';
  readonly replicas?: number;
}

export const FIXTURES: readonly WorkloadFixture[] = [
  {
    kind: 'Deployment',
    name: 'web',
    placement: { nodeSelector: { 'kubernetes.io/os': 'windows', agentpool: 'win19' } },
    containers: { web: img('iis', 'windowsservercore-ltsc2019'), sidecar: 'contoso/log:1.0' },
    initContainers: { setup: img('powershell', 'ltsc2019') },
    replicas: 2,
  },
  {
    kind: 'StatefulSet',
    name: 'db',
    placement: {
      nodeSelector: { 'kubernetes.azure.com/os-sku': 'Windows2019' },
      tolerations: [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }],
    },
    containers: { db: img('mssql', 'ltsc2019') },
    updateStrategy: 'RollingUpdate',
    replicas: 2,
  },
  {
    kind: 'DaemonSet',
    name: 'agent',
    placement: { nodeSelector: { 'kubernetes.io/os': 'windows' } },
    containers: { agent: img('agent', 'ltsc2019') },
    updateStrategy: 'RollingUpdate',
  },
];

const to2022 = (image: string): string => image.replace('ltsc2019', 'ltsc2022');

function planned(f: WorkloadFixture): PlannedWorkload {
  const changes = (init: boolean, images: Record<string, string> | undefined) =>
    Object.entries(images ?? {})
      .filter(([, from]) => from.includes('ltsc2019'))
      .map(([container, from]) => ({ container, init, from, to: to2022(from) }));
  const rewrite = rewritePlacement(f.placement, source, target);
  return {
    kind: f.kind,
    namespace: 'shop',
    name: f.name,
    images: [...changes(false, f.containers), ...changes(true, f.initContainers)],
    placement: { patch: rewrite.patch, original: rewrite.original },
    ...(f.updateStrategy ? { updateStrategy: f.updateStrategy } : {}),
  };
}

export function makePlan(overrides: Partial<Plan> = {}, fixtures = FIXTURES): Plan {
  return {
    version: 1,
    cluster: { resourceId: CLUSTER, kubernetesVersion: '1.30.5', nodeResourceGroup: 'MC_rg' },
    sourcePool: { name: 'win19', osSku: 'Windows2019', build: '10.0.17763', nodeNames: OLD_NODES },
    target: {
      osSku: 'Windows2022',
      build: '10.0.20348',
      poolName: 'w22a',
      spec: {
        osType: 'Windows',
        osSKU: 'Windows2022',
        vmSize: 'Standard_D4s_v5',
        count: 2,
        mode: 'User',
        tags: { team: 'shop' },
      },
    },
    workloads: fixtures.map(planned),
    blockers: [],
    identities: [{ kind: 'userAssigned', resourceId: UAI }],
    gmsa: [
      {
        credentialSpec: 'shop-gmsa',
        identityObjectId: GMSA_OBJECT_ID,
        secretUri: SECRET_URI,
        usedBy: ['Deployment shop/web'],
      },
    ],
    options: {
      imageMap: {},
      prePull: true,
      drainTimeoutInSeconds: 1800,
      rolloutTimeoutInSeconds: 1800,
      approvalTimeoutInSeconds: 86400,
      deleteNewPoolOnRollback: true,
      dryRun: false,
    },
    ...overrides,
  };
}

export interface LogLine extends ActivityLogFields {
  readonly level: 'info' | 'warn';
  readonly message: string;
}

export interface World {
  readonly plan: Plan;
  readonly hash: string;
  readonly ref: { readonly instanceId: string; readonly runId: string; readonly planHash: string };
  readonly kube: FakeKube;
  readonly arm: FakeArm;
  readonly store: FakeStore;
  readonly logs: LogLine[];
  readonly deps: ActivityDeps;
}

const list = (images: Record<string, string> | undefined) =>
  Object.entries(images ?? {}).map(([name, image]) => ({ name, image }));

/** The cluster before the upgrade: both pools' nodes, the workloads on the old pool. */
export function makeWorld(plan: Plan = makePlan(), fixtures = FIXTURES): World {
  const kube = new FakeKube();
  for (const n of OLD_NODES) kube.addNode(n, 'win19');
  for (const n of NEW_NODES) kube.addNode(n, 'w22a');
  for (const f of fixtures) {
    kube.addWorkload({
      kind: f.kind,
      namespace: 'shop',
      name: f.name,
      placement: f.placement,
      containers: list(f.containers),
      initContainers: list(f.initContainers),
      ...(f.updateStrategy ? { updateStrategy: f.updateStrategy } : {}),
      ...(f.replicas !== undefined ? { replicas: f.replicas } : {}),
    });
  }
  const arm = new FakeArm();
  arm.addPool('win19', { osType: 'Windows', osSKU: 'Windows2019', count: 2, mode: 'User' });
  const store = new FakeStore();
  store.plans.set(INSTANCE, plan);
  const logs: LogLine[] = [];
  const hash = planHash(plan);
  const deps: ActivityDeps = {
    aks: arm,
    compute: arm,
    authorization: arm,
    identity: arm,
    keyVault: arm,
    kubernetes: connectorFor(kube),
    store,
    now: () => new Date('2026-11-28T12:00:00Z'),
    log: {
      info: (message, fields) => logs.push({ level: 'info', message, ...fields }),
      warn: (message, fields) => logs.push({ level: 'warn', message, ...fields }),
    },
  };
  return {
    plan,
    hash,
    ref: { instanceId: INSTANCE, runId: RUN, planHash: hash },
    kube,
    arm,
    store,
    logs,
    deps,
  };
}

export const refOf = (kind: WorkloadKind, name: string) => ({ kind, namespace: 'shop', name });
export const WEB = refOf('Deployment', 'web');
export const DB = refOf('StatefulSet', 'db');
export const AGENT = refOf('DaemonSet', 'agent');
export const ALL = [WEB, DB, AGENT];
/** This run of the upgrade (what it saves and owns is keyed by it). */
export const RUN = 'r-test-1';

export const STALE_REF = { instanceId: INSTANCE, runId: RUN, planHash: '0000000000000000' };
