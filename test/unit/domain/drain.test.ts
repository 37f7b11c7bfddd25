import { describe, expect, it } from '@jest/globals';
import {
  classifyPodForDrain,
  planDrain,
  type DrainOptions,
  type DrainPod,
} from '../../../src/domain/drain.js';

const owned = (kind: string): DrainPod['ownerReferences'] => [
  { kind, name: 'owner', controller: true },
];
const pod = (extra: Partial<DrainPod>): DrainPod => ({
  namespace: 'shop',
  name: 'p',
  phase: 'Running',
  ...extra,
});

describe('classifyPodForDrain', () => {
  it.each<[string, DrainPod, DrainOptions, string, string]>([
    ['ReplicaSet pod', pod({ ownerReferences: owned('ReplicaSet') }), {}, 'evict', ''],
    ['StatefulSet pod', pod({ ownerReferences: owned('StatefulSet') }), {}, 'evict', ''],
    ['DaemonSet pod', pod({ ownerReferences: owned('DaemonSet') }), {}, 'skip', 'DaemonSet owner'],
    [
      'mirror pod',
      pod({ annotations: { 'kubernetes.io/config.mirror': 'abc' } }),
      {},
      'skip',
      'mirror',
    ],
    ['bare pod', pod({}), {}, 'refuse', 'needs force'],
    [
      'bare pod, owner not a controller',
      pod({ ownerReferences: [{ kind: 'ReplicaSet', name: 'x' }] }),
      {},
      'refuse',
      'needs force',
    ],
    ['bare pod with force', pod({}), { force: true }, 'evict', 'has no controller'],
    ['bare finished pod', pod({ phase: 'Succeeded' }), {}, 'evict', ''],
    [
      'emptyDir',
      pod({
        ownerReferences: owned('ReplicaSet'),
        volumes: [{ name: 'cache', emptyDir: {} }, { name: 'cfg' }],
      }),
      {},
      'refuse',
      'emptyDir cache',
    ],
    [
      'emptyDir allowed',
      pod({ ownerReferences: owned('ReplicaSet'), volumes: [{ name: 'cache', emptyDir: {} }] }),
      { deleteEmptyDirData: true },
      'evict',
      'local data is lost',
    ],
    [
      'emptyDir on a failed pod',
      pod({
        phase: 'Failed',
        ownerReferences: owned('Job'),
        volumes: [{ name: 'c', emptyDir: {} }],
      }),
      {},
      'evict',
      '',
    ],
    [
      'DaemonSet pod with emptyDir is still skipped',
      pod({ ownerReferences: owned('DaemonSet'), volumes: [{ name: 'c', emptyDir: {} }] }),
      {},
      'skip',
      'DaemonSet',
    ],
  ])('%s', (_name, input, options, action, detail) => {
    const verdict = classifyPodForDrain(input, options);
    expect(verdict.action).toBe(action);
    const text = verdict.action === 'evict' ? verdict.warnings.join(' ') : verdict.reason;
    if (detail === '') expect(text).toBe('');
    else
      expect(text).toContain(detail === 'DaemonSet owner' ? 'managed by DaemonSet owner' : detail);
  });
});

describe('planDrain', () => {
  it('splits a node into evict / skip / refuse with per-pod warnings', () => {
    const web = pod({ name: 'web', ownerReferences: owned('ReplicaSet') });
    const agent = pod({ name: 'agent', ownerReferences: owned('DaemonSet') });
    const bare = pod({ name: 'debug' });
    const cache = pod({
      name: 'cache',
      ownerReferences: owned('ReplicaSet'),
      volumes: [{ name: 'tmp', emptyDir: {} }],
    });
    const plan = planDrain([web, agent, bare, cache], { deleteEmptyDirData: true });
    expect(plan.evict).toEqual([web, cache]);
    expect(plan.skipped).toEqual([{ pod: agent, reason: 'managed by DaemonSet owner' }]);
    expect(plan.refused).toEqual([
      { pod: bare, reason: 'has no controller (it will not be recreated): needs force' },
    ]);
    expect(plan.warnings).toEqual(['shop/cache uses emptyDir tmp (local data is lost)']);
  });
});
