import { describe, expect, it } from '@jest/globals';
import { WORKLOAD_KINDS } from '../../../src/domain/plan.js';
import { compareRefs, directPodOwnerKind, workloadKey } from '../../../src/domain/workload-ref.js';

describe('directPodOwnerKind: the workloads that own their pods themselves', () => {
  it.each([
    ['StatefulSet', 'StatefulSet'],
    ['DaemonSet', 'DaemonSet'],
    // A Deployment's pods belong to its ReplicaSets, a CronJob's to its Jobs.
    ['ReplicaSet', undefined],
    ['Job', undefined],
    ['Deployment', undefined],
    ['CronJob', undefined],
    ['Rollout', undefined],
  ])('%s -> %s', (owner, kind) => {
    expect(directPodOwnerKind(owner)).toBe(kind);
  });
});

describe('compareRefs', () => {
  it('orders by WORKLOAD_KINDS, then namespace, then name', () => {
    const refs = [
      { kind: 'CronJob', namespace: 'a', name: 'nightly' },
      { kind: 'DaemonSet', namespace: 'a', name: 'agent' },
      { kind: 'Deployment', namespace: 'b', name: 'web' },
      { kind: 'Deployment', namespace: 'a', name: 'web' },
      { kind: 'StatefulSet', namespace: 'a', name: 'db' },
    ] as const;
    expect([...refs].sort(compareRefs).map(workloadKey)).toEqual([
      'Deployment a/web',
      'Deployment b/web',
      'StatefulSet a/db',
      'DaemonSet a/agent',
      'CronJob a/nightly',
    ]);
    expect(WORKLOAD_KINDS).toEqual(['Deployment', 'StatefulSet', 'DaemonSet', 'CronJob']);
  });
});
