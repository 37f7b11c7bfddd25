/**
 * Planner facts for tests: the Windows2019 pool `win19` of cluster c1 running a Deployment (with an
 * init container and a gMSA spec), a StatefulSet and a DaemonSet, plus a kube-system pod; every image
 * the plan needs is in the registry with a Windows2022 variant.
 */
import type { ImageLookupFact, PlanFacts, PodFact } from '../../../src/domain/planner-facts.js';
import type { UpgradeOptions } from '../../../src/domain/plan.js';
import type { PodInfo, WorkloadInfo, WorkloadRef } from '../../../src/ports/kubernetes.js';
import {
  CLUSTER,
  GMSA_OBJECT_ID,
  makePlan,
  SECRET_URI,
  UAI,
  VAULT_ID,
} from '../activities/fakes/world.js';

export { CLUSTER, GMSA_OBJECT_ID, SECRET_URI, UAI, VAULT_ID };
/** The client id of the user-assigned identity UAI (its principal is GMSA_OBJECT_ID). */
export const UAI_CLIENT_ID = 'cli-gmsa';
export const NOW = '2026-11-28T12:00:00.000Z';

const mcr = (name: string, tag: string): string => `mcr.microsoft.com/${name}:${tag}`;
export const IMAGES = {
  iis19: mcr('iis', 'windowsservercore-ltsc2019'),
  iis22: mcr('iis', 'windowsservercore-ltsc2022'),
  ps19: mcr('powershell', 'ltsc2019'),
  ps22: mcr('powershell', 'ltsc2022'),
  sql19: mcr('mssql', 'ltsc2019'),
  sql22: mcr('mssql', 'ltsc2022'),
  agent19: mcr('agent', 'ltsc2019'),
  agent22: mcr('agent', 'ltsc2022'),
  log: 'contoso.azurecr.io/log:1.0',
} as const;

export const OPTIONS: UpgradeOptions = makePlan().options;

const TOLERATE_WINDOWS = [
  { key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' },
] as const;

/** A registry answer with Windows variants of these builds. */
export function windowsImage(...builds: string[]): ImageLookupFact {
  return {
    status: 'found',
    digest: `sha256:${'a'.repeat(64)}`,
    variants: builds.map((osVersion) => ({ os: 'windows', osVersion, architecture: 'amd64' })),
  };
}

export function workload(ref: WorkloadRef, extra: Partial<WorkloadInfo> = {}): WorkloadInfo {
  return {
    ...ref,
    generation: 1,
    labels: {},
    annotations: {},
    ownerReferences: [],
    selector: { app: ref.name },
    placement: { nodeSelector: { 'kubernetes.io/os': 'windows' }, tolerations: TOLERATE_WINDOWS },
    containers: [],
    initContainers: [],
    gmsaCredentialSpecNames: [],
    status: {},
    ...extra,
  };
}

export function pod(
  namespace: string,
  name: string,
  controller: PodFact['controller'],
  extra: Partial<PodInfo> = {},
): PodFact {
  return {
    controller,
    pod: {
      namespace,
      name,
      nodeName: 'akswin19000000',
      phase: 'Running',
      ready: true,
      initialized: true,
      deleting: false,
      labels: {},
      annotations: {},
      ownerReferences: [],
      volumes: [],
      containers: [],
      initContainers: [],
      gmsaCredentialSpecNames: [],
      ...extra,
    },
  };
}

export const WEB: WorkloadRef = { kind: 'Deployment', namespace: 'shop', name: 'web' };
export const DB: WorkloadRef = { kind: 'StatefulSet', namespace: 'shop', name: 'db' };
export const AGENT: WorkloadRef = { kind: 'DaemonSet', namespace: 'shop', name: 'agent' };
const KUBE_PROXY: WorkloadRef = { kind: 'DaemonSet', namespace: 'kube-system', name: 'kube-proxy' };

export const of = (ref: WorkloadRef): PodFact['controller'] => ({ type: 'workload', ref });

export function makeFacts(): PlanFacts {
  return {
    readAt: NOW,
    poolName: 'win19',
    cluster: {
      resourceId: CLUSTER,
      subscriptionId: 'sub1',
      resourceGroup: 'rg',
      name: 'c1',
      location: 'westeurope',
      kubernetesVersion: '1.30.5',
      nodeResourceGroup: 'MC_rg',
      aadEnabled: true,
      privateCluster: false,
      restrictionLevel: 'Unrestricted',
      pools: [
        { name: 'system', osType: 'Linux' },
        { name: 'win19', osType: 'Windows', osSku: 'Windows2019' },
      ],
    },
    sourcePool: {
      name: 'win19',
      provisioningState: 'Succeeded',
      spec: {
        osType: 'Windows',
        osSKU: 'Windows2019',
        vmSize: 'Standard_D4s_v5',
        count: 2,
        mode: 'User',
        orchestratorVersion: '1.30.5',
        nodeTaints: ['os=windows:NoSchedule'],
        nodeLabels: { tier: 'web' },
        tags: { team: 'shop' },
        provisioningState: 'Succeeded',
        nodeImageVersion: 'AKSWindows-2019-17763.1234',
      },
    },
    nodes: ['akswin19000001', 'akswin19000000'].map((name) => ({
      name,
      ready: true,
      unschedulable: false,
      labels: {
        'kubernetes.azure.com/agentpool': 'win19',
        'kubernetes.azure.com/os-sku': 'Windows2019',
      },
    })),
    pods: [
      pod('shop', 'web-5d8f-abcde', of(WEB)),
      pod('shop', 'web-5d8f-fghij', of(WEB), { nodeName: 'akswin19000001' }),
      pod('shop', 'db-0', of(DB)),
      pod('shop', 'agent-x1', of(AGENT)),
      pod('kube-system', 'kube-proxy-w1', of(KUBE_PROXY)),
    ],
    workloads: [
      workload(WEB, {
        placement: {
          nodeSelector: { 'kubernetes.io/os': 'windows', agentpool: 'win19' },
          tolerations: TOLERATE_WINDOWS,
        },
        containers: [
          { name: 'web', image: IMAGES.iis19 },
          { name: 'sidecar', image: IMAGES.log },
        ],
        initContainers: [{ name: 'setup', image: IMAGES.ps19 }],
        gmsaCredentialSpecNames: ['shop-gmsa'],
        replicas: 2,
      }),
      workload(DB, {
        containers: [{ name: 'db', image: IMAGES.sql19 }],
        updateStrategy: 'RollingUpdate',
        replicas: 1,
      }),
      workload(AGENT, {
        containers: [{ name: 'agent', image: IMAGES.agent19 }],
        updateStrategy: 'RollingUpdate',
      }),
    ],
    otherTemplates: [],
    runtimeClasses: {},
    terminatingNamespaces: [],
    gmsaCredentialSpecs: [
      { name: 'shop-gmsa', pluginInput: `ObjectId=${GMSA_OBJECT_ID};SecretUri=${SECRET_URI}` },
      {
        name: 'unused',
        pluginInput: 'ObjectId=obj-x;SecretUri=https://kv2.vault.azure.net/secrets/x',
      },
    ],
    vmss: {
      vmss: {
        resourceId:
          '/subscriptions/sub1/resourceGroups/MC_rg/providers/Microsoft.Compute/virtualMachineScaleSets/aks-win19-vmss',
        userAssignedIdentityIds: [UAI],
      },
      userAssignedIdentities: [
        { status: 'found', resourceId: UAI, principalId: GMSA_OBJECT_ID, clientId: UAI_CLIENT_ID },
      ],
      roleAssignments: [],
      vaults: [],
    },
    images: {
      [IMAGES.iis22]: windowsImage('10.0.20348.2655'),
      [IMAGES.ps22]: windowsImage('10.0.20348.2655', '10.0.26100.1742'),
      [IMAGES.sql22]: windowsImage('10.0.20348.2655'),
      [IMAGES.agent22]: windowsImage('10.0.20348.2655'),
      [IMAGES.log]: windowsImage('10.0.17763.6054', '10.0.20348.2655'),
    },
  };
}
