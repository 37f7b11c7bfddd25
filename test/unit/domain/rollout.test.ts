import { describe, expect, it } from '@jest/globals';
import {
  daemonSetRollout,
  deploymentRollout,
  statefulSetRollout,
  type DaemonSetRollout,
  type DeploymentRollout,
  type StatefulSetRollout,
} from '../../../src/domain/rollout.js';

const gen = { generation: 3, observedGeneration: 3 };

describe('deploymentRollout', () => {
  it.each<[string, DeploymentRollout, boolean, boolean, string]>([
    [
      'not observed',
      {
        generation: 4,
        observedGeneration: 3,
        replicas: 2,
        status: { replicas: 2, updatedReplicas: 2, availableReplicas: 2 },
      },
      false,
      false,
      'to be observed',
    ],
    ['never observed', { generation: 1, replicas: 1, status: {} }, false, false, 'to be observed'],
    [
      'updating',
      { ...gen, replicas: 3, status: { replicas: 4, updatedReplicas: 1, availableReplicas: 3 } },
      false,
      false,
      '1 of 3 new replicas',
    ],
    [
      'old pending termination',
      { ...gen, replicas: 3, status: { replicas: 4, updatedReplicas: 3, availableReplicas: 3 } },
      false,
      false,
      '1 old replicas are pending termination',
    ],
    [
      'not available',
      { ...gen, replicas: 3, status: { replicas: 3, updatedReplicas: 3, availableReplicas: 2 } },
      false,
      false,
      '2 of 3 updated replicas are available',
    ],
    [
      'done',
      { ...gen, replicas: 3, status: { replicas: 3, updatedReplicas: 3, availableReplicas: 3 } },
      true,
      false,
      'successfully rolled out',
    ],
    [
      'default 1 replica',
      { ...gen, status: { replicas: 1, updatedReplicas: 1, availableReplicas: 1 } },
      true,
      false,
      'successfully',
    ],
    ['scaled to zero', { ...gen, replicas: 0, status: {} }, true, false, 'successfully'],
    [
      'progress deadline exceeded',
      {
        ...gen,
        replicas: 2,
        status: {
          replicas: 3,
          updatedReplicas: 1,
          availableReplicas: 2,
          conditions: [
            { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' },
          ],
        },
      },
      false,
      true,
      'exceeded its progress deadline',
    ],
    [
      'progressing normally',
      {
        ...gen,
        replicas: 2,
        status: {
          replicas: 3,
          updatedReplicas: 1,
          conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated' }],
        },
      },
      false,
      false,
      '1 of 2 new replicas',
    ],
  ])('%s', (_name, input, done, failed, reason) => {
    const state = deploymentRollout(input);
    expect(state.done).toBe(done);
    expect(state.failed).toBe(failed);
    expect(state.reason).toContain(reason);
  });
});

describe('statefulSetRollout', () => {
  const rolling = { ...gen, replicas: 3, updateStrategy: 'RollingUpdate' as const };
  it.each<[string, StatefulSetRollout, boolean, string]>([
    [
      'not observed',
      {
        ...rolling,
        observedGeneration: 2,
        status: { readyReplicas: 3, currentRevision: 'a', updateRevision: 'a' },
      },
      false,
      'to be observed',
    ],
    [
      'pods not ready',
      {
        ...rolling,
        status: { readyReplicas: 2, updatedReplicas: 3, currentRevision: 'a', updateRevision: 'b' },
      },
      false,
      'waiting for 1 pods to be ready',
    ],
    [
      'revisions differ',
      {
        ...rolling,
        status: { readyReplicas: 3, updatedReplicas: 2, currentRevision: 'a', updateRevision: 'b' },
      },
      false,
      'at revision b',
    ],
    [
      'done',
      {
        ...rolling,
        status: { readyReplicas: 3, updatedReplicas: 3, currentRevision: 'b', updateRevision: 'b' },
      },
      true,
      'rolling update complete 3 pods at revision b',
    ],
    [
      'partition pending',
      {
        ...rolling,
        partition: 1,
        status: { readyReplicas: 3, updatedReplicas: 1, currentRevision: 'a', updateRevision: 'b' },
      },
      false,
      '1 of 2 new pods',
    ],
    [
      'partition done',
      {
        ...rolling,
        partition: 1,
        status: { readyReplicas: 3, updatedReplicas: 2, currentRevision: 'a', updateRevision: 'b' },
      },
      true,
      'partitioned roll out complete',
    ],
    [
      'OnDelete: not updated',
      {
        ...gen,
        replicas: 2,
        updateStrategy: 'OnDelete',
        status: { readyReplicas: 2, updatedReplicas: 1, currentRevision: 'a', updateRevision: 'b' },
      },
      false,
      'pods must be deleted',
    ],
    [
      'OnDelete: all updated though currentRevision lags',
      {
        ...gen,
        replicas: 2,
        updateStrategy: 'OnDelete',
        status: { readyReplicas: 2, updatedReplicas: 2, currentRevision: 'a', updateRevision: 'b' },
      },
      true,
      '2 pods updated and ready',
    ],
  ])('%s', (_name, input, done, reason) => {
    const state = statefulSetRollout(input);
    expect(state.done).toBe(done);
    expect(state.failed).toBe(false);
    expect(state.reason).toContain(reason);
  });
});

describe('daemonSetRollout', () => {
  it.each<[string, DaemonSetRollout, boolean, boolean, string]>([
    [
      'not observed',
      {
        generation: 2,
        observedGeneration: 1,
        status: { desiredNumberScheduled: 2, updatedNumberScheduled: 2, numberAvailable: 2 },
      },
      false,
      false,
      'to be observed',
    ],
    [
      'updating',
      {
        ...gen,
        status: { desiredNumberScheduled: 4, updatedNumberScheduled: 2, numberAvailable: 4 },
      },
      false,
      false,
      '2 out of 4 new pods',
    ],
    [
      'unavailable',
      {
        ...gen,
        status: { desiredNumberScheduled: 4, updatedNumberScheduled: 4, numberAvailable: 3 },
      },
      false,
      false,
      '3 of 4 updated pods are available',
    ],
    [
      'done',
      {
        ...gen,
        status: { desiredNumberScheduled: 4, updatedNumberScheduled: 4, numberAvailable: 4 },
      },
      true,
      false,
      'successfully rolled out',
    ],
    [
      // kubectl would say "successfully rolled out"; a DaemonSet winshift moved must run somewhere.
      'scheduled on no node after the patch',
      { ...gen, status: { desiredNumberScheduled: 0 } },
      false,
      true,
      'scheduled on no node after the patch (desiredNumberScheduled 0)',
    ],
    [
      'not yet observed, with the old count of 0',
      { generation: 4, observedGeneration: 3, status: { desiredNumberScheduled: 0 } },
      false,
      false,
      'to be observed',
    ],
    ['no count reported (unknown, not zero)', { ...gen, status: {} }, true, false, 'successfully'],
  ])('%s', (_name, input, done, failed, reason) => {
    const state = daemonSetRollout(input);
    expect(state.done).toBe(done);
    expect(state.failed).toBe(failed);
    expect(state.reason).toContain(reason);
  });
});
