import { describe, expect, it } from '@jest/globals';
import { errorCodeOf, WinshiftError, type ErrorCode } from '../../../src/domain/errors.js';
import { planHash } from '../../../src/domain/plan.js';
import { createActivities } from '../../../src/activities/index.js';
import { planUpgrade } from '../../../src/activities/plan-upgrade.js';
import { ACTIVITY } from '../../../src/workflow/contracts/index.js';
import { makePlanningWorld, type PlanningWorld } from './fakes/planning.js';
import type { IdentityPort, VaultAccess } from '../../../src/ports/azure.js';
import {
  AGENT,
  CLUSTER,
  DB,
  GMSA_OBJECT_ID,
  INSTANCE,
  SECRET_URI,
  UAI,
  VAULT_ID,
  WEB,
} from './fakes/world.js';

const img = (name: string, tag: string): string => `mcr.microsoft.com/${name}:${tag}`;

async function failure(run: () => Promise<unknown>): Promise<ErrorCode> {
  try {
    await run();
  } catch (error) {
    return errorCodeOf(error);
  }
  throw new Error('expected a failure');
}

/** Vault kv1 of SECRET_URI, on access policies, where winshift may list secret versions. */
function addGmsaVault(w: PlanningWorld, policies: VaultAccess['accessPolicies'] = []): void {
  w.arm.vaults.set('kv1', {
    resourceId: VAULT_ID,
    name: 'kv1',
    enableRbacAuthorization: false,
    accessPolicies: [
      ...policies,
      { objectId: w.access.principalId ?? '', secretPermissions: ['list'] },
    ],
  });
}

/** web uses the gMSA spec shop-gmsa, whose identity is the VMSS's user-assigned UAI. */
function useGmsa(w: PlanningWorld): void {
  addGmsaVault(w);
  w.kube.gmsaSpecs = [
    { name: 'shop-gmsa', pluginInput: `ObjectId=${GMSA_OBJECT_ID};SecretUri=${SECRET_URI}` },
  ];
  w.kube.workload(WEB).gmsaCredentialSpecNames = ['shop-gmsa'];
}

/** The world's deps with an identity port that counts lookups and fails with `failure` if given. */
function countingIdentity(
  w: PlanningWorld,
  failure?: ErrorCode,
): { deps: PlanningWorld['deps']; lookups: string[] } {
  const lookups: string[] = [];
  const identity = {
    getUserAssignedIdentity: (resourceId: string) => {
      lookups.push(resourceId);
      return failure === undefined
        ? w.arm.getUserAssignedIdentity(resourceId)
        : Promise.reject(new WinshiftError(failure, `reading ${resourceId} failed`));
    },
  } satisfies IdentityPort;
  return { deps: { ...w.deps, identity }, lookups };
}

describe('planUpgrade', () => {
  it('plans win19 -> w22a, saves the plan and returns its summary', async () => {
    const w = makePlanningWorld();
    const summary = await planUpgrade(w.deps, w.input);
    const saved = w.store.plans.get(INSTANCE);
    expect(saved).toBeDefined();
    expect(summary).toEqual({
      planHash: planHash(saved!),
      clusterResourceId: CLUSTER,
      sourcePool: 'win19',
      sourceOsSku: 'Windows2019',
      targetPool: 'w22a',
      targetOsSku: 'Windows2022',
      expectedNodes: 2,
      workloads: [WEB, DB],
      daemonSets: [AGENT],
      imagesToPrePull: 5,
      blockers: [],
      warnings: [],
    });
    expect(saved?.identities).toEqual([{ kind: 'userAssigned', resourceId: UAI }]);
    expect(saved?.workloads[0]?.images.map((i) => i.to)).toEqual([
      img('iis', 'windowsservercore-ltsc2022'),
      img('powershell', 'ltsc2022'),
    ]);
    expect(w.logs).toEqual([
      expect.objectContaining({ level: 'info', step: 'planUpgrade', outcome: 'planned', count: 0 }),
    ]);
  });

  it('only reads: no write reaches the cluster or ARM', async () => {
    const w = makePlanningWorld();
    await planUpgrade(w.deps, w.input);
    expect(w.kube.writes).toEqual([]);
    expect(w.arm.writes).toEqual([]);
  });

  it('gives the same hash when planned twice from the same cluster', async () => {
    const w = makePlanningWorld();
    const first = await planUpgrade(w.deps, w.input);
    const second = await planUpgrade(w.deps, w.input);
    expect(second.planHash).toBe(first.planHash);
  });

  it('looks each distinct image up once and resolves each ReplicaSet once', async () => {
    const w = makePlanningWorld();
    await planUpgrade(w.deps, w.input);
    expect([...w.registry.lookups].sort()).toEqual([...new Set(w.registry.lookups)].sort());
    expect(w.registry.lookups).toHaveLength(5);
    expect(w.kube.ownerLookups).toEqual(['shop/web-5d8f']);
  });

  it('keeps registry lookups bounded', async () => {
    const w = makePlanningWorld();
    const images = Array.from({ length: 30 }, (_, i) => ({
      name: `c${i}`,
      image: `contoso.azurecr.io/app${i}:ltsc2022`,
    }));
    w.kube.workload(DB).containers = images;
    for (const { image } of images) w.registry.addWindows(image, '10.0.20348.1');
    const summary = await planUpgrade(w.deps, w.input);
    expect(summary.blockers).toEqual([]);
    expect(w.registry.lookups.length).toBeGreaterThanOrEqual(30);
    expect(w.registry.maxInFlight).toBeGreaterThan(1);
    expect(w.registry.maxInFlight).toBeLessThanOrEqual(8);
  });

  it('saves a dry run plan too, so the status can show it', async () => {
    const w = makePlanningWorld();
    const input = {
      ...w.input,
      request: { ...w.input.request, options: { ...w.input.request.options, dryRun: true } },
    };
    const summary = await planUpgrade(w.deps, input);
    expect(planHash(w.store.plans.get(INSTANCE)!)).toBe(summary.planHash);
    expect(w.logs[0]).toMatchObject({ outcome: 'dryRun' });
  });

  it('uses the autoscaler minimum as the expected node count', async () => {
    const w = makePlanningWorld();
    const pool = w.arm.pools.get('win19')!;
    pool.spec = { ...pool.spec, enableAutoScaling: true, minCount: 3, maxCount: 6 };
    expect((await planUpgrade(w.deps, w.input)).expectedNodes).toBe(3);
  });

  it('never dials a private cluster and says why', async () => {
    const w = makePlanningWorld();
    w.arm.cluster.privateCluster = true;
    const summary = await planUpgrade(w.deps, w.input);
    expect(w.connects).toEqual([]);
    expect(summary.blockers.map((b) => b.code)).toEqual(['PRIVATE_CLUSTER_UNREACHABLE']);
    expect(summary.workloads).toEqual([]);
  });

  it.each<[string, (w: PlanningWorld) => void, ErrorCode, string]>([
    [
      'an image the registry does not have',
      (w) => w.registry.images.delete(img('mssql', 'ltsc2022')),
      'IMAGE_UNRESOLVED',
      img('mssql', 'ltsc2022'),
    ],
    [
      'an image the registry refuses',
      (w) => w.registry.failures.set('contoso/log:1.0', 'UNAUTHORIZED'),
      'IMAGE_UNRESOLVED',
      'contoso/log:1.0',
    ],
    [
      // A registry host DNS does not know (the classifier's `registry` reading of ENOTFOUND).
      'an image whose registry host does not exist',
      (w) => w.registry.failures.set('contoso/log:1.0', 'NOT_FOUND'),
      'IMAGE_UNRESOLVED',
      'contoso/log:1.0',
    ],
    [
      // The adapter's refusal (a registry named by address, a foreign realm): a blocker, not a crash.
      'an image whose registry winshift refuses to contact',
      (w) => w.registry.failures.set('contoso/log:1.0', 'REGISTRY_REFUSED'),
      'REGISTRY_REFUSED',
      'contoso/log:1.0',
    ],
    [
      'an image with only a 2019 variant',
      (w) => w.registry.addWindows(img('agent', 'ltsc2022'), '10.0.17763.1'),
      'IMAGE_INCOMPATIBLE',
      img('agent', 'ltsc2022'),
    ],
    [
      'a bare pod on the pool',
      (w) => w.kube.addPod({ namespace: 'shop', name: 'debug', nodeName: 'akswin19000000' }),
      'BARE_POD',
      'Pod shop/debug',
    ],
    [
      'a ReplicaSet without a Deployment',
      (w) =>
        w.kube.addPod({
          namespace: 'shop',
          name: 'orphan-x',
          nodeName: 'akswin19000000',
          ownerReferences: [{ kind: 'ReplicaSet', name: 'orphan', controller: true }],
        }),
      'REPLICASET_UNOWNED',
      'ReplicaSet shop/orphan',
    ],
    [
      'a gMSA spec that is not in the cluster',
      (w) => (w.kube.workload(WEB).gmsaCredentialSpecNames = ['shop-gmsa']),
      'GMSA_SECRET_UNREACHABLE',
      'GMSACredentialSpec shop-gmsa',
    ],
    [
      'a gMSA identity ARM cannot show',
      (w) => {
        useGmsa(w);
        w.arm.identities.clear();
      },
      'IDENTITY_UNVERIFIABLE',
      'GMSACredentialSpec shop-gmsa',
    ],
    [
      'a ReadOnly node resource group',
      (w) => (w.arm.cluster.restrictionLevel = 'ReadOnly'),
      'RESTRICTED_NODE_RESOURCE_GROUP',
      'node resource group MC_rg',
    ],
    ['a pool without a VMSS', (w) => w.arm.vmss.clear(), 'IDENTITY_UNVERIFIABLE', 'pool win19'],
    [
      'a paused Deployment',
      (w) => (w.kube.workload(WEB).paused = true),
      'DEPLOYMENT_PAUSED',
      'Deployment shop/web',
    ],
    [
      'a StatefulSet with a rolling update partition',
      (w) => (w.kube.workload(DB).partition = 1),
      'STATEFULSET_PARTITIONED',
      'StatefulSet shop/db',
    ],
  ])('reports %s as a blocker and still saves the plan', async (_name, change, code, subject) => {
    const w = makePlanningWorld();
    change(w);
    const summary = await planUpgrade(w.deps, w.input);
    expect(summary.blockers).toEqual([expect.objectContaining({ code, subject })]);
    expect(w.store.plans.get(INSTANCE)?.blockers).toEqual(summary.blockers);
  });

  it('refuses the workloads of a namespace being deleted, naming the namespace', async () => {
    const w = makePlanningWorld();
    w.kube.terminatingNamespaces.add('shop');
    const summary = await planUpgrade(w.deps, w.input);
    expect(summary.blockers.map((b) => [b.code, b.subject])).toEqual([
      ['NAMESPACE_TERMINATING', 'DaemonSet shop/agent'],
      ['NAMESPACE_TERMINATING', 'Deployment shop/web'],
      ['NAMESPACE_TERMINATING', 'StatefulSet shop/db'],
    ]);
    expect(summary.blockers[0]?.message).toContain('namespace shop is being deleted');
    expect(w.kube.writes).toEqual([]);
  });

  it('collects the grants of a system-assigned principal from the gMSA vaults', async () => {
    const w = makePlanningWorld();
    w.arm.vmss.get('win19')!.systemAssignedPrincipalId = 'p-old';
    w.arm.assignments.push({
      id: 'ra1',
      scope: VAULT_ID,
      roleDefinitionId: 'r1',
      principalId: 'p-old',
    });
    addGmsaVault(w, [{ objectId: 'p-old', secretPermissions: ['get'] }]);
    w.kube.gmsaSpecs = [
      { name: 'shop-gmsa', pluginInput: `ObjectId=obj-gmsa;SecretUri=${SECRET_URI}` },
    ];
    w.kube.workload(WEB).gmsaCredentialSpecNames = ['shop-gmsa'];
    const summary = await planUpgrade(w.deps, w.input);
    expect(summary.blockers).toEqual([]);
    const plan = w.store.plans.get(INSTANCE);
    expect(plan?.identities[1]).toEqual({
      kind: 'systemAssigned',
      principalId: 'p-old',
      roleAssignments: [{ scope: VAULT_ID, roleDefinitionId: 'r1' }],
      keyVaultAccessPolicies: [{ vaultId: VAULT_ID, secretPermissions: ['get'] }],
    });
    expect(plan?.gmsa.map((g) => g.usedBy)).toEqual([['Deployment shop/web']]);
  });

  it('resolves the VMSS identities only when a gMSA spec could name one', async () => {
    const plain = makePlanningWorld();
    const quiet = countingIdentity(plain);
    await planUpgrade(quiet.deps, plain.input);
    expect(quiet.lookups).toEqual([]);

    const gmsa = makePlanningWorld();
    useGmsa(gmsa);
    const counted = countingIdentity(gmsa);
    const summary = await planUpgrade(counted.deps, gmsa.input);
    expect(counted.lookups).toEqual([UAI]);
    expect(summary.blockers).toEqual([]);
    expect(gmsa.store.plans.get(INSTANCE)?.gmsa).toEqual([
      {
        credentialSpec: 'shop-gmsa',
        identityObjectId: GMSA_OBJECT_ID,
        secretUri: SECRET_URI,
        usedBy: ['Deployment shop/web'],
      },
    ]);
  });

  it('fails TRANSIENT without saving when an identity read fails transiently', async () => {
    const w = makePlanningWorld();
    useGmsa(w);
    const { deps } = countingIdentity(w, 'TRANSIENT');
    expect(await failure(() => planUpgrade(deps, w.input))).toBe('TRANSIENT');
    expect(w.store.plans.size).toBe(0);
  });

  it.each<[string, (w: PlanningWorld) => void, ErrorCode]>([
    ['a pool that does not exist', (w) => w.arm.pools.clear(), 'NOT_FOUND'],
    ['a Linux pool', (w) => w.arm.addPool('win19', { osType: 'Linux', count: 1 }), 'INVALID_INPUT'],
    [
      'a registry that keeps failing transiently',
      (w) => w.registry.failures.set(img('iis', 'windowsservercore-ltsc2022'), 'TRANSIENT'),
      'TRANSIENT',
    ],
  ])('fails for %s without saving a plan', async (_name, change, code) => {
    const w = makePlanningWorld();
    change(w);
    expect(await failure(() => planUpgrade(w.deps, w.input))).toBe(code);
    expect(w.store.plans.size).toBe(0);
  });
});

describe('the planUpgrade binding', () => {
  it.each<[string, unknown]>([
    ['no input', undefined],
    ['no instance id', { request: { clusterResourceId: CLUSTER, poolName: 'win19', options: {} } }],
    ['no request', { instanceId: INSTANCE }],
    ['no pool', { instanceId: INSTANCE, request: { clusterResourceId: CLUSTER, options: {} } }],
    [
      'no options',
      { instanceId: INSTANCE, request: { clusterResourceId: CLUSTER, poolName: 'p' } },
    ],
  ])('refuses %s as CONTRACT_MISMATCH and logs it', async (_name, input) => {
    const w = makePlanningWorld();
    const handler = createActivities(w.deps)[ACTIVITY.plan];
    expect(await failure(() => handler(input))).toBe('CONTRACT_MISMATCH');
    expect(w.logs).toEqual([
      expect.objectContaining({ level: 'warn', step: 'planUpgrade', code: 'CONTRACT_MISMATCH' }),
    ]);
    expect(w.store.plans.size).toBe(0);
  });

  it('plans through the handler and logs a failure with its code', async () => {
    const w = makePlanningWorld();
    const handler = createActivities(w.deps)[ACTIVITY.plan];
    await expect(handler(w.input)).resolves.toMatchObject({ targetPool: 'w22a' });
    w.arm.pools.clear();
    expect(await failure(() => handler(w.input))).toBe('NOT_FOUND');
    expect(w.logs.at(-1)).toEqual(
      expect.objectContaining({ level: 'warn', instanceId: INSTANCE, code: 'NOT_FOUND' }),
    );
  });
});

describe('planUpgrade: workloads with no pod on the pool (issue 12 item 5)', () => {
  const ON_2019 = {
    nodeSelector: { 'kubernetes.azure.com/os-sku': 'Windows2019' },
    tolerations: [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }],
  };
  const IDLE = { kind: 'Deployment' as const, namespace: 'shop', name: 'idle' };
  const NIGHTLY = { kind: 'CronJob' as const, namespace: 'shop', name: 'nightly' };

  it('plans a Deployment scaled to 0 and a CronJob pinned to the pool, images checked', async () => {
    const w = makePlanningWorld();
    w.kube.addWorkload({
      ...IDLE,
      replicas: 0,
      placement: ON_2019,
      containers: [{ name: 'web', image: img('idle', 'ltsc2019') }],
    });
    w.kube.addWorkload({
      ...NIGHTLY,
      selector: {},
      placement: ON_2019,
      containers: [{ name: 'run', image: img('report', 'ltsc2019') }],
    });
    w.registry.addWindows(img('idle', 'ltsc2022'), '10.0.20348.2655');
    w.registry.addWindows(img('report', 'ltsc2022'), '10.0.20348.2655');
    const summary = await planUpgrade(w.deps, w.input);
    expect(summary.blockers).toEqual([]);
    expect(summary.workloads).toEqual([IDLE, WEB, DB, NIGHTLY]);
    expect(w.registry.lookups).toEqual(
      expect.arrayContaining([img('idle', 'ltsc2022'), img('report', 'ltsc2022')]),
    );
    const plan = w.store.plans.get(INSTANCE);
    expect(plan?.workloads.find((p) => p.kind === 'CronJob')?.placement.patch.nodeSelector).toEqual(
      { 'kubernetes.azure.com/os-sku': 'Windows2022' },
    );
    expect(w.kube.writes).toEqual([]);
  });

  it('refuses a running Job and a ReplicaSet no Deployment owns, both pinned to the pool', async () => {
    const w = makePlanningWorld();
    w.kube.templates.push(
      { kind: 'Job', namespace: 'shop', name: 'migrate', labels: {}, placement: ON_2019 },
      {
        kind: 'Job',
        namespace: 'shop',
        name: 'migrated',
        labels: {},
        placement: ON_2019,
        finished: true,
      },
      { kind: 'ReplicaSet', namespace: 'shop', name: 'orphan', labels: {}, placement: ON_2019 },
    );
    const summary = await planUpgrade(w.deps, w.input);
    expect(summary.blockers.map((b) => [b.code, b.subject])).toEqual([
      ['JOB_IMMUTABLE', 'Job shop/migrate'],
      ['REPLICASET_UNOWNED', 'ReplicaSet shop/orphan'],
    ]);
  });
});
