import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CALENDAR } from '../../../src/domain/calendar.js';
import { planHash } from '../../../src/domain/plan.js';
import type { PlanFacts } from '../../../src/domain/planner-facts.js';
import { parsePluginInput } from '../../../src/domain/planner-identities.js';
import { buildPlan, plannedImageLookups, planWithImages } from '../../../src/domain/planner.js';
import {
  AGENT,
  DB,
  IMAGES,
  makeFacts,
  OPTIONS,
  of,
  pod,
  SECRET_URI,
  UAI,
  VAULT_ID,
  WEB,
  windowsImage,
  workload,
} from './planner-fixture.js';

const plan = (facts: PlanFacts = makeFacts(), options = OPTIONS) =>
  buildPlan(facts, options, DEFAULT_CALENDAR);

describe('buildPlan: the happy path', () => {
  const result = planWithImages(makeFacts(), OPTIONS, DEFAULT_CALENDAR);
  const { plan: p } = result;

  it('moves win19 (Windows2019) to a suggested Windows2022 pool with the copied spec', () => {
    expect(p.blockers).toEqual([]);
    expect(p.sourcePool).toEqual({
      name: 'win19',
      osSku: 'Windows2019',
      build: '10.0.17763',
      nodeNames: ['akswin19000000', 'akswin19000001'],
    });
    expect(p.target).toMatchObject({ osSku: 'Windows2022', build: '10.0.20348', poolName: 'w22a' });
    expect(p.target.spec).toEqual({
      osType: 'Windows',
      osSKU: 'Windows2022',
      vmSize: 'Standard_D4s_v5',
      count: 2,
      mode: 'User',
      orchestratorVersion: '1.30.5',
      nodeTaints: ['os=windows:NoSchedule'],
      nodeLabels: { tier: 'web' },
      tags: { team: 'shop' },
    });
    expect(p.cluster).toEqual({
      resourceId: makeFacts().cluster.resourceId,
      kubernetesVersion: '1.30.5',
      nodeResourceGroup: 'MC_rg',
    });
  });

  it('lists the workloads in kind order, never kube-system', () => {
    expect(p.workloads.map((w) => `${w.kind} ${w.namespace}/${w.name}`)).toEqual([
      'Deployment shop/web',
      'StatefulSet shop/db',
      'DaemonSet shop/agent',
    ]);
    expect(p.workloads[1]?.updateStrategy).toBe('RollingUpdate');
    expect(p.workloads[2]?.updateStrategy).toBeUndefined();
  });

  it('rewrites containers and initContainers that a 2022 host cannot run, and only those', () => {
    expect(p.workloads[0]?.images).toEqual([
      { container: 'web', init: false, from: IMAGES.iis19, to: IMAGES.iis22, index: 0 },
      { container: 'setup', init: true, from: IMAGES.ps19, to: IMAGES.ps22, index: 0 },
    ]);
    expect(result.newPoolImages).toEqual(
      [IMAGES.iis22, IMAGES.log, IMAGES.ps22, IMAGES.sql22, IMAGES.agent22].sort(),
    );
  });

  it('pins the workloads to the target OS and drops the old pool pin', () => {
    expect(p.workloads[0]?.placement.patch.nodeSelector).toEqual({
      agentpool: null,
      'kubernetes.azure.com/os-sku': 'Windows2022',
    });
    expect(p.workloads[0]?.placement.original.nodeSelector).toEqual({
      'kubernetes.io/os': 'windows',
      agentpool: 'win19',
    });
  });

  it('carries the user-assigned identity and the gMSA check of the moved Deployment', () => {
    expect(p.identities).toEqual([{ kind: 'userAssigned', resourceId: UAI }]);
    expect(p.gmsa).toEqual([
      {
        credentialSpec: 'shop-gmsa',
        identityObjectId: 'obj-gmsa',
        secretUri: SECRET_URI,
        usedBy: ['Deployment shop/web'],
      },
    ]);
    expect(p.options).toBe(OPTIONS);
  });
});

describe('buildPlan: determinism', () => {
  it('gives the same hash whatever order the facts were read in', () => {
    const facts = makeFacts();
    const shuffled: PlanFacts = {
      ...facts,
      nodes: [...facts.nodes].reverse(),
      pods: [...facts.pods].reverse(),
      workloads: [...facts.workloads].reverse(),
    };
    expect(planHash(plan(shuffled))).toBe(planHash(plan(facts)));
  });

  it('names the images to look up: each candidate once, sorted', () => {
    expect(plannedImageLookups(makeFacts(), OPTIONS, DEFAULT_CALENDAR)).toEqual(
      [IMAGES.iis22, IMAGES.log, IMAGES.ps22, IMAGES.sql22, IMAGES.agent22].sort(),
    );
  });
});

describe('buildPlan: what it skips', () => {
  it.each<[string, (f: PlanFacts) => PlanFacts]>([
    [
      'an AKS-managed workload outside kube-system',
      (f) => ({
        ...f,
        pods: [...f.pods, pod('monitoring', 'ama-1', of({ ...AGENT, namespace: 'monitoring' }))],
        workloads: [
          ...f.workloads,
          workload(
            { ...AGENT, namespace: 'monitoring' },
            { labels: { 'kubernetes.azure.com/managedby': 'aks' } },
          ),
        ],
      }),
    ],
    [
      'an addon-manager pod',
      (f) => ({
        ...f,
        pods: [
          ...f.pods,
          pod(
            'ops',
            'bare',
            { type: 'bare' },
            { labels: { 'addonmanager.kubernetes.io/mode': 'Reconcile' } },
          ),
        ],
      }),
    ],
    [
      'mirror and finished pods',
      (f) => ({
        ...f,
        pods: [
          ...f.pods,
          pod(
            'ops',
            'static',
            { type: 'bare' },
            { annotations: { 'kubernetes.io/config.mirror': 'x' } },
          ),
          pod('ops', 'done', { type: 'other', kind: 'Job', name: 'once' }, { phase: 'Succeeded' }),
        ],
      }),
    ],
    [
      'a workload deleted after its pod was listed',
      (f) => ({
        ...f,
        pods: [...f.pods, pod('shop', 'gone-1', of({ ...WEB, name: 'gone' }))],
      }),
    ],
  ])('%s', (_name, change) => {
    const p = plan(change(makeFacts()));
    expect(p.blockers).toEqual([]);
    expect(p.workloads.map((w) => w.name)).toEqual(['web', 'db', 'agent']);
  });
});

describe('buildPlan: decisions', () => {
  it('plans an OnDelete StatefulSet as OnDelete', () => {
    const facts = makeFacts();
    const workloads = facts.workloads.map((w) =>
      w.name === DB.name ? { ...w, updateStrategy: 'OnDelete' } : w,
    );
    expect(plan({ ...facts, workloads }).workloads[1]?.updateStrategy).toBe('OnDelete');
  });

  it('uses a requested pool name and target, with FIPS and no image change for 2022 -> 2025', () => {
    const facts = makeFacts();
    const on2022: PlanFacts = {
      ...facts,
      cluster: { ...facts.cluster, kubernetesVersion: '1.33.1' },
      sourcePool: {
        name: 'win19',
        provisioningState: 'Succeeded',
        spec: { ...facts.sourcePool?.spec, osSKU: 'Windows2022' },
      },
      workloads: facts.workloads.map((w) => ({
        ...w,
        containers: w.containers.map((c) => ({ ...c, image: c.image.replace('2019', '2022') })),
        initContainers: w.initContainers.map((c) => ({
          ...c,
          image: c.image.replace('2019', '2022'),
        })),
      })),
      images: Object.fromEntries(
        Object.keys(facts.images).map((k) => [k, windowsImage('10.0.20348.1')]),
      ),
    };
    const p = plan(on2022, { ...OPTIONS, newPoolName: 'win25', targetOsSku: 'Windows2025' });
    expect(p.blockers).toEqual([]);
    expect(p.target).toMatchObject({ osSku: 'Windows2025', poolName: 'win25' });
    expect(p.target.spec).toMatchObject({ osSKU: 'Windows2025', enableFIPS: true });
    expect(p.workloads.flatMap((w) => w.images)).toEqual([]);
  });

  it('reads the OS from the node labels when the pool has no osSKU', () => {
    const facts = makeFacts();
    const spec = { ...facts.sourcePool?.spec };
    delete spec['osSKU'];
    const p = plan({
      ...facts,
      sourcePool: { name: 'win19', provisioningState: 'Succeeded', spec },
    });
    expect(p.sourcePool.osSku).toBe('Windows2019');
  });

  it('keeps a digest-pinned image the registry shows runnable', () => {
    const digest = `mcr.microsoft.com/app@sha256:${'b'.repeat(64)}`;
    const facts = makeFacts();
    const p = plan({
      ...facts,
      workloads: facts.workloads.map((w) =>
        w.name === 'agent' ? { ...w, containers: [{ name: 'agent', image: digest }] } : w,
      ),
      images: { ...facts.images, [digest]: windowsImage('10.0.20348.1') },
    });
    expect(p.blockers).toEqual([]);
    expect(p.workloads[2]?.images).toEqual([]);
  });

  it('applies the image map before the tag rule', () => {
    const facts = makeFacts();
    const mapped = 'contoso.azurecr.io/iis-new:2022';
    const p = plan(
      { ...facts, images: { ...facts.images, [mapped]: windowsImage('10.0.20348.1') } },
      { ...OPTIONS, imageMap: { [IMAGES.iis19]: mapped } },
    );
    expect(p.workloads[0]?.images[0]).toEqual({
      container: 'web',
      init: false,
      from: IMAGES.iis19,
      to: mapped,
      index: 0,
    });
  });

  it('maps a RuntimeClass pinning the old build to its new-build twin', () => {
    const facts = makeFacts();
    const rc = (build: string) => ({
      handler: 'runhcs-wcow-process',
      nodeSelector: { 'node.kubernetes.io/windows-build': build },
    });
    const p = plan({
      ...facts,
      runtimeClasses: { 'windows-2019': rc('10.0.17763'), 'windows-2022': rc('10.0.20348') },
      workloads: facts.workloads.map((w) =>
        w.name === 'db'
          ? { ...w, placement: { ...w.placement, runtimeClassName: 'windows-2019' } }
          : w,
      ),
    });
    expect(p.blockers).toEqual([]);
    expect(p.workloads[1]?.placement.patch.runtimeClassName).toBe('windows-2022');
    expect(p.workloads[1]?.placement.original.runtimeClassName).toBe('windows-2019');
  });

  it('lists a system-assigned principal with its role assignments and access policies', () => {
    const facts = makeFacts();
    const p = plan({
      ...facts,
      vmss: {
        vmss: {
          resourceId: 'vmss',
          userAssignedIdentityIds: [UAI],
          systemAssignedPrincipalId: 'P1',
        },
        userAssignedIdentities: facts.vmss?.userAssignedIdentities ?? [],
        roleAssignments: [
          { id: 'a2', scope: '/subscriptions/sub1/z', roleDefinitionId: 'r1', principalId: 'p1' },
          { id: 'a1', scope: '/subscriptions/sub1/a', roleDefinitionId: 'r2', principalId: 'P1' },
        ],
        vaults: [
          {
            resourceId: VAULT_ID,
            name: 'kv1',
            enableRbacAuthorization: false,
            accessPolicies: [
              { objectId: 'p1', secretPermissions: ['Get'] },
              { objectId: 'p1', secretPermissions: ['list', 'get'] },
              { objectId: 'someone', secretPermissions: ['set'] },
            ],
          },
        ],
      },
    });
    expect(p.identities).toEqual([
      { kind: 'userAssigned', resourceId: UAI },
      {
        kind: 'systemAssigned',
        principalId: 'P1',
        roleAssignments: [
          { scope: '/subscriptions/sub1/a', roleDefinitionId: 'r2' },
          { scope: '/subscriptions/sub1/z', roleDefinitionId: 'r1' },
        ],
        keyVaultAccessPolicies: [{ vaultId: VAULT_ID, secretPermissions: ['get', 'list'] }],
      },
    ]);
  });
});

describe('buildPlan: identities AKS assigns to every pool', () => {
  const KUBELET =
    '/subscriptions/sub1/resourceGroups/MC_rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/c1-agentpool';
  const on = (vmssIds: string[], level: 'ReadOnly' | 'Unrestricted'): PlanFacts => {
    const facts = makeFacts();
    return {
      ...facts,
      cluster: { ...facts.cluster, restrictionLevel: level, aksAssignedIdentityIds: [KUBELET] },
      vmss: facts.vmss && {
        ...facts.vmss,
        vmss: { ...facts.vmss.vmss, userAssignedIdentityIds: vmssIds },
      },
    };
  };
  it.each<[string, string[], 'ReadOnly' | 'Unrestricted', string[], string[]]>([
    ['only the kubelet identity, ReadOnly', [KUBELET.toUpperCase()], 'ReadOnly', [], []],
    ['the kubelet identity and a hand-assigned one', [KUBELET, UAI], 'Unrestricted', [UAI], []],
    [
      'a hand-assigned one on a ReadOnly node resource group',
      [UAI, KUBELET],
      'ReadOnly',
      [UAI],
      ['RESTRICTED_NODE_RESOURCE_GROUP'],
    ],
  ])('%s', (_name, vmssIds, level, copied, codes) => {
    const p = plan(on(vmssIds, level));
    expect(p.identities).toEqual(
      copied.map((resourceId) => ({ kind: 'userAssigned', resourceId })),
    );
    expect(p.blockers.map((b) => b.code)).toEqual(codes);
  });
});

describe('parsePluginInput', () => {
  it.each<[string, string | undefined, ReturnType<typeof parsePluginInput>]>([
    [
      'the usual form',
      `ObjectId=o1;SecretUri=${SECRET_URI}`,
      { objectId: 'o1', secretUri: SECRET_URI },
    ],
    [
      'any key case and order, spaces',
      ` secreturi = ${SECRET_URI} ; OBJECTID=o1`,
      { objectId: 'o1', secretUri: SECRET_URI },
    ],
    ['no secret', 'ObjectId=o1', undefined],
    ['empty object id', `ObjectId=;SecretUri=${SECRET_URI}`, undefined],
    ['absent', undefined, undefined],
  ])('%s', (_name, text, expected) => {
    expect(parsePluginInput(text)).toEqual(expected);
  });
});
