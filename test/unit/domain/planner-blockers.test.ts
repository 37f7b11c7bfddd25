import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CALENDAR } from '../../../src/domain/calendar.js';
import { errorCodeOf, type ErrorCode } from '../../../src/domain/errors.js';
import type { UpgradeOptions } from '../../../src/domain/plan.js';
import type { IdentityLookupFact, PlanFacts } from '../../../src/domain/planner-facts.js';
import { buildPlan } from '../../../src/domain/planner.js';
import type { WorkloadInfo } from '../../../src/ports/kubernetes.js';
import {
  GMSA_OBJECT_ID,
  IMAGES,
  makeFacts,
  OPTIONS,
  pod,
  SECRET_URI,
  UAI,
  UAI_CLIENT_ID,
  windowsImage,
} from './planner-fixture.js';

type Change = (facts: PlanFacts) => PlanFacts;

const editWorkload =
  (name: string, edit: (w: WorkloadInfo) => WorkloadInfo): Change =>
  (f) => ({ ...f, workloads: f.workloads.map((w) => (w.name === name ? edit(w) : w)) });

const withImage = (name: string, image: string): Change =>
  editWorkload(name, (w) => ({ ...w, containers: [{ name: 'main', image }] }));

const gmsaSpec =
  (pluginInput?: string): Change =>
  (f) => ({
    ...f,
    gmsaCredentialSpecs: [{ name: 'shop-gmsa', ...(pluginInput ? { pluginInput } : {}) }],
  });

const none: Change = (f) => f;

describe('buildPlan: blockers', () => {
  it.each<[string, Change, Partial<UpgradeOptions>, ErrorCode, string]>([
    [
      'a private cluster',
      (f) => ({ ...f, cluster: { ...f.cluster, privateCluster: true } }),
      {},
      'PRIVATE_CLUSTER_UNREACHABLE',
      'cluster c1',
    ],
    [
      'a ReadOnly node resource group with identities to copy',
      (f) => ({ ...f, cluster: { ...f.cluster, restrictionLevel: 'ReadOnly' } }),
      {},
      'RESTRICTED_NODE_RESOURCE_GROUP',
      'node resource group MC_rg',
    ],
    [
      'no newer OS supported on Kubernetes 1.37 when 2022 is requested',
      (f) => ({ ...f, cluster: { ...f.cluster, kubernetesVersion: '1.37.0' } }),
      { targetOsSku: 'Windows2022' },
      'OS_SKU_UNSUPPORTED',
      'pool win19',
    ],
    [
      'a requested OS that is not newer',
      none,
      { targetOsSku: 'Windows2019' },
      'INVALID_INPUT',
      'pool win19',
    ],
    ['a malformed pool name', none, { newPoolName: 'Win_22' }, 'INVALID_INPUT', 'pool Win_22'],
    ['a taken pool name', none, { newPoolName: 'system' }, 'POOL_EXISTS', 'pool system'],
    [
      'a bare pod',
      (f) => ({ ...f, pods: [...f.pods, pod('shop', 'debug', { type: 'bare' })] }),
      {},
      'BARE_POD',
      'Pod shop/debug',
    ],
    [
      'a running Job',
      (f) => ({
        ...f,
        pods: [
          ...f.pods,
          pod('shop', 'nightly-x', { type: 'other', kind: 'Job', name: 'nightly' }),
        ],
      }),
      {},
      'JOB_IMMUTABLE',
      'Job shop/nightly',
    ],
    [
      'an image no tag rule can rewrite',
      withImage('db', 'contoso.azurecr.io/db:10.0.17763.100'),
      {},
      'IMAGE_INCOMPATIBLE',
      'contoso.azurecr.io/db:10.0.17763.100',
    ],
    [
      'an image whose registry variants are all 2019',
      (f) => ({ ...f, images: { ...f.images, [IMAGES.log]: windowsImage('10.0.17763.6054') } }),
      {},
      'IMAGE_INCOMPATIBLE',
      IMAGES.log,
    ],
    [
      'a rewritten image the registry does not have',
      (f) => ({ ...f, images: { ...f.images, [IMAGES.sql22]: { status: 'missing' } } }),
      {},
      'IMAGE_UNRESOLVED',
      IMAGES.sql22,
    ],
    [
      'an image the registry refuses to show',
      (f) => ({
        ...f,
        images: { ...f.images, [IMAGES.agent22]: { status: 'unreadable', reason: 'UNAUTHORIZED' } },
      }),
      {},
      'IMAGE_UNRESOLVED',
      IMAGES.agent22,
    ],
    [
      'a RuntimeClass pinning the old build with no twin for the new one',
      (f) =>
        editWorkload('db', (w) => ({
          ...w,
          placement: { ...w.placement, runtimeClassName: 'win2019' },
        }))({
          ...f,
          runtimeClasses: {
            win2019: {
              handler: 'runhcs-wcow-process',
              nodeSelector: { 'node.kubernetes.io/windows-build': '10.0.17763' },
            },
          },
        }),
      {},
      'RUNTIME_CLASS_UNMAPPED',
      'StatefulSet shop/db',
    ],
    [
      'a required node affinity the new pool cannot meet',
      editWorkload('db', (w) => ({
        ...w,
        placement: {
          ...w.placement,
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  { matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] },
                ],
              },
            },
          },
        },
      })),
      {},
      'PLACEMENT_UNSCHEDULABLE',
      'StatefulSet shop/db',
    ],
    [
      'a pool taint the workload does not tolerate',
      editWorkload('agent', (w) => ({ ...w, placement: { nodeSelector: {} } })),
      {},
      'PLACEMENT_UNSCHEDULABLE',
      'DaemonSet shop/agent',
    ],
    [
      'a gMSA credential spec that does not exist',
      (f) => ({ ...f, gmsaCredentialSpecs: [] }),
      {},
      'GMSA_SECRET_UNREACHABLE',
      'GMSACredentialSpec shop-gmsa',
    ],
    [
      'a gMSA credential spec without a PluginInput',
      gmsaSpec(),
      {},
      'GMSA_SECRET_UNREACHABLE',
      'GMSACredentialSpec shop-gmsa',
    ],
    [
      "a gMSA identity that is the old VMSS's system-assigned principal",
      (f) =>
        gmsaSpec(`ObjectId=p-old;SecretUri=${SECRET_URI}`)({
          ...f,
          vmss: {
            vmss: {
              resourceId: 'vmss',
              userAssignedIdentityIds: [],
              systemAssignedPrincipalId: 'p-old',
            },
            userAssignedIdentities: [],
            roleAssignments: [],
            vaults: [],
          },
        }),
      {},
      'GMSA_SECRET_UNREACHABLE',
      'GMSACredentialSpec shop-gmsa',
    ],
    [
      'no VMSS for the pool',
      (f) =>
        editWorkload('web', (w) => ({ ...w, gmsaCredentialSpecNames: [] }))({
          ...f,
          vmss: undefined,
        }),
      {},
      'IDENTITY_UNVERIFIABLE',
      'pool win19',
    ],
  ])('%s', (_name, change, options, code, subject) => {
    const plan = buildPlan(change(makeFacts()), { ...OPTIONS, ...options }, DEFAULT_CALENDAR);
    expect(plan.blockers).toEqual([expect.objectContaining({ code, subject })]);
    expect(plan.blockers[0]?.message.length).toBeGreaterThan(10);
  });

  it('names the workload and container of an image blocker', () => {
    const facts = makeFacts();
    const plan = buildPlan(
      { ...facts, images: { ...facts.images, [IMAGES.ps22]: { status: 'missing' } } },
      OPTIONS,
      DEFAULT_CALENDAR,
    );
    expect(plan.blockers[0]?.message).toBe(
      `Deployment shop/web initContainer setup (rewritten from ${IMAGES.ps19}): the registry has no such image`,
    );
  });

  it('reports every blocker at once, sorted by code and subject', () => {
    const facts = makeFacts();
    const plan = buildPlan(
      {
        ...facts,
        cluster: { ...facts.cluster, privateCluster: true },
        pods: [
          ...facts.pods,
          pod('shop', 'b', { type: 'bare' }),
          pod('shop', 'a', { type: 'bare' }),
        ],
      },
      { ...OPTIONS, newPoolName: 'system' },
      DEFAULT_CALENDAR,
    );
    expect(plan.blockers.map((b) => `${b.code} ${b.subject ?? ''}`)).toEqual([
      'BARE_POD Pod shop/a',
      'BARE_POD Pod shop/b',
      'POOL_EXISTS pool system',
      'PRIVATE_CLUSTER_UNREACHABLE cluster c1',
    ]);
  });

  it('still plans a target when the OS choice is blocked, so a dry run shows the rest', () => {
    const facts = makeFacts();
    const plan = buildPlan(
      { ...facts, cluster: { ...facts.cluster, kubernetesVersion: '1.37.0' } },
      { ...OPTIONS, targetOsSku: 'Windows2022' },
      DEFAULT_CALENDAR,
    );
    expect(plan.target.osSku).toBe('Windows2022');
    expect(plan.workloads).toHaveLength(3);
  });
});

const withVmssIdentities =
  (...identities: IdentityLookupFact[]): Change =>
  (f) =>
    f.vmss ? { ...f, vmss: { ...f.vmss, userAssignedIdentities: identities } } : f;

describe("buildPlan: a gMSA spec's identity must be on the new pool", () => {
  const subject = 'GMSACredentialSpec shop-gmsa';
  it.each<[string, Change, readonly (readonly [ErrorCode, string])[]]>([
    ['the principal of a VMSS identity', none, []],
    [
      'the kubelet identity (AKS puts it on the new pool itself)',
      (f) =>
        gmsaSpec(`ObjectId=kubelet-principal;SecretUri=${SECRET_URI}`)(
          withVmssIdentities({
            status: 'found',
            resourceId: 'kubelet',
            principalId: 'kubelet-principal',
            clientId: 'kubelet-client',
          })({ ...f, cluster: { ...f.cluster, aksAssignedIdentityIds: ['kubelet'] } }),
        ),
      [],
    ],
    [
      'the principal in another case',
      gmsaSpec(`ObjectId=${GMSA_OBJECT_ID.toUpperCase()};SecretUri=${SECRET_URI}`),
      [],
    ],
    [
      'an identity the VMSS does not carry',
      gmsaSpec(`ObjectId=obj-elsewhere;SecretUri=${SECRET_URI}`),
      [['IDENTITY_UNVERIFIABLE', 'identity obj-elsewhere is not assigned to the old pool']],
    ],
    [
      "an identity's client id instead of its principal id",
      gmsaSpec(`ObjectId=${UAI_CLIENT_ID};SecretUri=${SECRET_URI}`),
      [['IDENTITY_UNVERIFIABLE', `needs its object (principal) id ${GMSA_OBJECT_ID}`]],
    ],
    [
      'a VMSS identity winshift may not read',
      withVmssIdentities({ status: 'unreadable', resourceId: UAI, reason: '[FORBIDDEN] no read' }),
      [['IDENTITY_UNVERIFIABLE', `could not be read: ${UAI} ([FORBIDDEN] no read)`]],
    ],
    [
      'a pool whose VMSS was not found',
      (f) => ({ ...f, vmss: undefined }),
      [['IDENTITY_UNVERIFIABLE', "the pool's VMSS was not found"]],
    ],
  ])('%s', (_name, change, expected) => {
    const plan = buildPlan(change(makeFacts()), OPTIONS, DEFAULT_CALENDAR);
    const found = plan.blockers.filter((b) => b.subject === subject);
    expect(found.map((b) => b.code)).toEqual(expected.map(([code]) => code));
    expected.forEach(([, text], i) => expect(found[i]?.message).toContain(text));
    // The check is still planned: verifyGmsaAccess reports on the secret once the blocker is gone.
    expect(plan.gmsa.map((g) => g.credentialSpec)).toEqual(['shop-gmsa']);
  });
});

describe('buildPlan: pools that cannot be planned', () => {
  it.each<[string, Change, ErrorCode]>([
    ['a pool that does not exist', (f) => ({ ...f, sourcePool: undefined }), 'NOT_FOUND'],
    [
      'a Linux pool',
      (f) => ({
        ...f,
        sourcePool: { name: 'win19', provisioningState: 'Succeeded', spec: { osType: 'Linux' } },
      }),
      'INVALID_INPUT',
    ],
    [
      'a Windows pool of unknown OS',
      (f) => ({
        ...f,
        nodes: [],
        sourcePool: { name: 'win19', provisioningState: 'Succeeded', spec: { osType: 'Windows' } },
      }),
      'INVALID_INPUT',
    ],
  ])('%s throws %s', (_name, change, code) => {
    let thrown: unknown;
    try {
      buildPlan(change(makeFacts()), OPTIONS, DEFAULT_CALENDAR);
    } catch (error) {
      thrown = error;
    }
    expect(errorCodeOf(thrown, 'TRANSIENT')).toBe(code);
  });
});
