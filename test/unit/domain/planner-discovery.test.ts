/**
 * Issue 12 item 5: the plan finds every workload pinned to the old pool, not only those with a pod
 * there. A controller template that can only land on the old pool (by os-sku, either agentpool label,
 * windows-build, node affinity or hostname) is moved (Deployments and StatefulSets also at 0
 * replicas, DaemonSets, CronJobs) or refused (Jobs, ReplicaSets no Deployment owns); one that merely
 * allows any Windows node is not pinned to it.
 */
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CALENDAR } from '../../../src/domain/calendar.js';
import type { ErrorCode } from '../../../src/domain/errors.js';
import type { PlanFacts } from '../../../src/domain/planner-facts.js';
import { buildPlan, plannedImageLookups } from '../../../src/domain/planner.js';
import type { Placement } from '../../../src/domain/scheduling.js';
import type { TemplateInfo, WorkloadInfo, WorkloadRef } from '../../../src/domain/kube-objects.js';
import { makeFacts, OPTIONS, pod, windowsImage, workload } from './planner-fixture.js';

const TOLERATE = [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }];
const pinned = (nodeSelector: Record<string, string>): Placement => ({
  nodeSelector,
  tolerations: TOLERATE,
});
const required = (key: string, operator: string, values: string[]): Placement => ({
  tolerations: TOLERATE,
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key, operator, values }] }],
      },
    },
  },
});
const OS_SKU = 'kubernetes.azure.com/os-sku';

const ref = (kind: WorkloadRef['kind'], name: string, namespace = 'shop'): WorkloadRef => ({
  kind,
  namespace,
  name,
});

/** The fixture's cluster plus one more workload, which has no pod on the pool. */
function withWorkload(w: WorkloadInfo): PlanFacts {
  const facts = makeFacts();
  return { ...facts, workloads: [...facts.workloads, w] };
}

function withTemplate(t: Partial<TemplateInfo> & Pick<TemplateInfo, 'kind' | 'name'>): PlanFacts {
  const template: TemplateInfo = {
    namespace: 'shop',
    labels: {},
    placement: pinned({ [OS_SKU]: 'Windows2019' }),
    ...t,
  };
  const facts = makeFacts();
  return { ...facts, otherTemplates: [...facts.otherTemplates, template] };
}

const keys = (facts: PlanFacts): string[] =>
  buildPlan(facts, OPTIONS, DEFAULT_CALENDAR).workloads.map(
    (w) => `${w.kind} ${w.namespace}/${w.name}`,
  );

describe('buildPlan: workloads found by their template, with no pod on the pool', () => {
  it.each<[string, WorkloadInfo]>([
    [
      'a Deployment scaled to 0, pinned by os-sku',
      workload(ref('Deployment', 'idle'), {
        replicas: 0,
        placement: pinned({ [OS_SKU]: 'Windows2019' }),
      }),
    ],
    [
      'a Deployment an HPA or KEDA scaled to 0, pinned by the agentpool label',
      workload(ref('Deployment', 'burst'), {
        replicas: 0,
        placement: pinned({ agentpool: 'win19' }),
      }),
    ],
    [
      'a Deployment pinned by kubernetes.azure.com/agentpool',
      workload(ref('Deployment', 'api'), {
        replicas: 0,
        placement: pinned({ 'kubernetes.azure.com/agentpool': 'win19' }),
      }),
    ],
    [
      'a StatefulSet whose pods are all Pending, pinned by windows-build',
      workload(ref('StatefulSet', 'ledger'), {
        replicas: 2,
        placement: pinned({ 'node.kubernetes.io/windows-build': '10.0.17763' }),
      }),
    ],
    [
      'a Deployment pinned by required node affinity on the pool',
      workload(ref('Deployment', 'affine'), {
        replicas: 0,
        placement: required('kubernetes.azure.com/agentpool', 'In', ['win19']),
      }),
    ],
    [
      'a Deployment pinned to an old node by hostname',
      workload(ref('Deployment', 'sticky'), {
        replicas: 0,
        placement: pinned({ 'kubernetes.io/hostname': 'akswin19000001' }),
      }),
    ],
    [
      'a CronJob pinned by os-sku',
      workload(ref('CronJob', 'nightly'), {
        selector: {},
        placement: required(OS_SKU, 'In', ['Windows2019']),
      }),
    ],
    [
      'a DaemonSet with no pod yet, pinned by os-sku',
      workload(ref('DaemonSet', 'scanner'), { placement: pinned({ [OS_SKU]: 'Windows2019' }) }),
    ],
  ])('moves %s', (_name, w) => {
    const facts = withWorkload(w);
    const plan = buildPlan(facts, OPTIONS, DEFAULT_CALENDAR);
    expect(plan.blockers).toEqual([]);
    const planned = plan.workloads.find((p) => p.kind === w.kind && p.name === w.name);
    expect(planned?.placement.patch.nodeSelector[OS_SKU]).toBe('Windows2022');
    expect(keys(makeFacts()).length + 1).toBe(plan.workloads.length);
  });

  it.each<[string, WorkloadInfo]>([
    [
      'a template that merely allows any Windows node',
      workload(ref('Deployment', 'anywhere'), { replicas: 0 }),
    ],
    [
      'one that allows the old and the new OS',
      workload(ref('Deployment', 'either'), {
        replicas: 0,
        placement: required(OS_SKU, 'In', ['Windows2019', 'Windows2022']),
      }),
    ],
    [
      'one pinned to another pool',
      workload(ref('Deployment', 'elsewhere'), {
        replicas: 0,
        placement: pinned({ agentpool: 'win19b' }),
      }),
    ],
    [
      'a Linux workload',
      workload(ref('Deployment', 'linux'), {
        placement: { nodeSelector: { 'kubernetes.io/os': 'linux' } },
      }),
    ],
    [
      'one that does not tolerate the pool’s taint (it runs nowhere there already)',
      workload(ref('Deployment', 'untolerated'), {
        placement: { nodeSelector: { [OS_SKU]: 'Windows2019' } },
      }),
    ],
    [
      'a kube-system one',
      workload(ref('DaemonSet', 'csi-node', 'kube-system'), {
        placement: pinned({ [OS_SKU]: 'Windows2019' }),
      }),
    ],
    [
      'an AKS add-on',
      workload(ref('Deployment', 'addon', 'monitoring'), {
        labels: { 'kubernetes.azure.com/managedby': 'aks' },
        placement: pinned({ [OS_SKU]: 'Windows2019' }),
      }),
    ],
    [
      "winshift's own",
      workload(ref('DaemonSet', 'winshift-prepull-w22a-0', 'winshift-system'), {
        placement: pinned({ [OS_SKU]: 'Windows2019' }),
      }),
    ],
  ])('leaves alone %s', (_name, w) => {
    const plan = buildPlan(withWorkload(w), OPTIONS, DEFAULT_CALENDAR);
    expect(plan.blockers).toEqual([]);
    expect(plan.workloads.map((p) => p.name)).not.toContain(w.name);
  });

  it('looks up the new images of a workload found by its template (the registry check covers it)', () => {
    const idle = workload(ref('Deployment', 'idle'), {
      replicas: 0,
      placement: pinned({ [OS_SKU]: 'Windows2019' }),
      containers: [{ name: 'web', image: 'mcr.microsoft.com/idle:ltsc2019' }],
    });
    const facts = withWorkload(idle);
    expect(plannedImageLookups(facts, OPTIONS, DEFAULT_CALENDAR)).toContain(
      'mcr.microsoft.com/idle:ltsc2022',
    );
    const plan = buildPlan(
      {
        ...facts,
        images: {
          ...facts.images,
          'mcr.microsoft.com/idle:ltsc2022': windowsImage('10.0.20348.1'),
        },
      },
      OPTIONS,
      DEFAULT_CALENDAR,
    );
    expect(plan.blockers).toEqual([]);
    expect(plan.workloads.find((w) => w.name === 'idle')?.images).toEqual([
      {
        container: 'web',
        init: false,
        from: 'mcr.microsoft.com/idle:ltsc2019',
        to: 'mcr.microsoft.com/idle:ltsc2022',
        index: 0,
      },
    ]);
  });
});

describe('buildPlan: templates winshift refuses', () => {
  it.each<[string, PlanFacts, ErrorCode, string, string]>([
    [
      'a Job pinned to the pool (its template is immutable)',
      withTemplate({ kind: 'Job', name: 'migrate', finished: false }),
      'JOB_IMMUTABLE',
      'Job shop/migrate',
      'let it finish and plan again, or delete it and recreate it for the new pool (nodeSelector kubernetes.azure.com/os-sku: Windows2022)',
    ],
    [
      'a CronJob’s running Job pinned to the pool',
      withTemplate({
        kind: 'Job',
        name: 'nightly-28912345',
        finished: false,
        controller: { kind: 'CronJob', name: 'nightly' },
      }),
      'JOB_IMMUTABLE',
      'Job shop/nightly-28912345',
      "a CronJob's next Jobs follow its template",
    ],
    [
      'a ReplicaSet no Deployment owns',
      withTemplate({
        kind: 'ReplicaSet',
        name: 'orphan',
        placement: pinned({ agentpool: 'win19' }),
      }),
      'REPLICASET_UNOWNED',
      'ReplicaSet shop/orphan',
      'run it under a Deployment',
    ],
  ])('refuses %s', (_name, facts, code, subject, text) => {
    const plan = buildPlan(facts, OPTIONS, DEFAULT_CALENDAR);
    expect(plan.blockers).toEqual([expect.objectContaining({ code, subject })]);
    expect(plan.blockers[0]?.message).toContain(text);
  });

  it.each<[string, PlanFacts]>([
    ['a finished Job', withTemplate({ kind: 'Job', name: 'done', finished: true })],
    [
      'a Deployment’s ReplicaSet (the Deployment is moved)',
      withTemplate({
        kind: 'ReplicaSet',
        name: 'web-5d8f',
        controller: { kind: 'Deployment', name: 'web' },
      }),
    ],
    [
      'a Job that allows any Windows node',
      withTemplate({
        kind: 'Job',
        name: 'anywhere',
        placement: { nodeSelector: { 'kubernetes.io/os': 'windows' }, tolerations: TOLERATE },
      }),
    ],
    ['a kube-system Job', withTemplate({ kind: 'Job', name: 'aks-job', namespace: 'kube-system' })],
  ])('leaves alone %s', (_name, facts) => {
    expect(buildPlan(facts, OPTIONS, DEFAULT_CALENDAR).blockers).toEqual([]);
  });

  it('reports a running Job once, whether found by its pod or its template', () => {
    const facts = withTemplate({ kind: 'Job', name: 'migrate', finished: false });
    const plan = buildPlan(
      {
        ...facts,
        pods: [
          ...facts.pods,
          pod('shop', 'migrate-x', { type: 'other', kind: 'Job', name: 'migrate' }),
        ],
      },
      OPTIONS,
      DEFAULT_CALENDAR,
    );
    expect(plan.blockers.map((b) => `${b.code} ${b.subject ?? ''}`)).toEqual([
      'JOB_IMMUTABLE Job shop/migrate',
    ]);
  });

  it('refuses a pod under a controller winshift does not know', () => {
    const facts = makeFacts();
    const plan = buildPlan(
      {
        ...facts,
        pods: [...facts.pods, pod('shop', 'wf-1', { type: 'other', kind: 'Workflow', name: 'wf' })],
      },
      OPTIONS,
      DEFAULT_CALENDAR,
    );
    expect(plan.blockers).toEqual([
      expect.objectContaining({ code: 'UNPLANNED_WORKLOAD', subject: 'Workflow shop/wf' }),
    ]);
    expect(plan.blockers[0]?.message).toContain(
      'Deployments, StatefulSets, DaemonSets and CronJobs',
    );
  });
});
