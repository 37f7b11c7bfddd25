/**
 * Issue 12 item 8: workload shapes whose rollout, as winshift patches and watches it, never
 * completes are refused in the plan (a blocker saying what to do), never left to time out.
 */
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CALENDAR } from '../../../src/domain/calendar.js';
import type { ErrorCode } from '../../../src/domain/errors.js';
import type { PlanFacts } from '../../../src/domain/planner-facts.js';
import { buildPlan } from '../../../src/domain/planner.js';
import type { WorkloadInfo } from '../../../src/ports/kubernetes.js';
import { makeFacts, OPTIONS } from './planner-fixture.js';

type Change = (facts: PlanFacts) => PlanFacts;

const editWorkload =
  (name: string, edit: Partial<WorkloadInfo>): Change =>
  (f) => ({ ...f, workloads: f.workloads.map((w) => (w.name === name ? { ...w, ...edit } : w)) });

describe('buildPlan: rollouts that would never complete', () => {
  it.each<[string, Change, ErrorCode, string, readonly string[]]>([
    [
      'a paused Deployment',
      editWorkload('web', { paused: true }),
      'DEPLOYMENT_PAUSED',
      'Deployment shop/web',
      ['spec.paused: true', 'kubectl rollout resume deployment/web -n shop', 'plan again'],
    ],
    [
      'a paused Deployment at 0 replicas (scaled up later, its old ReplicaSet would go Pending)',
      editWorkload('web', { paused: true, replicas: 0 }),
      'DEPLOYMENT_PAUSED',
      'Deployment shop/web',
      ['spec.paused: true'],
    ],
    [
      'a StatefulSet whose rolling update is partitioned',
      editWorkload('db', { partition: 2, replicas: 3 }),
      'STATEFULSET_PARTITIONED',
      'StatefulSet shop/db',
      [
        'partition is 2',
        'only pods with an ordinal >= 2 roll',
        'pods 0-1 stay on the old pool',
        'set the partition to 0',
        `kubectl patch statefulset db -n shop -p '{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}'`,
      ],
    ],
    [
      'a partitioned StatefulSet without an explicit strategy (RollingUpdate is the default)',
      editWorkload('db', { partition: 1, updateStrategy: undefined }),
      'STATEFULSET_PARTITIONED',
      'StatefulSet shop/db',
      ['partition is 1', 'pod 0 stays on the old pool'],
    ],
  ])('refuses %s', (_name, change, code, subject, texts) => {
    const plan = buildPlan(change(makeFacts()), OPTIONS, DEFAULT_CALENDAR);
    expect(plan.blockers).toEqual([expect.objectContaining({ code, subject })]);
    for (const text of texts) expect(plan.blockers[0]?.message).toContain(text);
  });

  it.each<[string, Change]>([
    ['a Deployment that is not paused', editWorkload('web', { paused: false })],
    ['a StatefulSet with partition 0', editWorkload('db', { partition: 0 })],
    [
      'an OnDelete StatefulSet with a partition (ignored by OnDelete; winshift rolls it pod by pod)',
      editWorkload('db', { partition: 3, updateStrategy: 'OnDelete' }),
    ],
  ])('plans %s', (_name, change) => {
    const plan = buildPlan(change(makeFacts()), OPTIONS, DEFAULT_CALENDAR);
    expect(plan.blockers).toEqual([]);
    expect(plan.workloads).toHaveLength(3);
  });
});

describe('buildPlan: a namespace being deleted', () => {
  it('refuses every workload in it, with the real reason', () => {
    const plan = buildPlan(
      { ...makeFacts(), terminatingNamespaces: ['shop'] },
      OPTIONS,
      DEFAULT_CALENDAR,
    );
    expect(plan.blockers.map((b) => `${b.code} ${b.subject ?? ''}`)).toEqual([
      'NAMESPACE_TERMINATING DaemonSet shop/agent',
      'NAMESPACE_TERMINATING Deployment shop/web',
      'NAMESPACE_TERMINATING StatefulSet shop/db',
    ]);
    for (const blocker of plan.blockers) {
      expect(blocker.message).toMatch(/^namespace shop is being deleted: /);
      expect(blocker.message).toContain('let the deletion finish');
    }
  });

  it('leaves workloads in other namespaces alone', () => {
    const plan = buildPlan(
      { ...makeFacts(), terminatingNamespaces: ['shop-old'] },
      OPTIONS,
      DEFAULT_CALENDAR,
    );
    expect(plan.blockers).toEqual([]);
  });
});
