import { describe, expect, it } from '@jest/globals';
import type {
  AppsV1Api,
  BatchV1Api,
  V1Deployment,
  V1Job,
  V1ReplicaSet,
} from '@kubernetes/client-node';
import type { CronJobOperations } from '../../../../src/adapters/kubernetes/cronjobs.js';
import { toTemplateInfo } from '../../../../src/adapters/kubernetes/map-workload.js';
import {
  createTemplateOperations,
  LIST_PAGE,
} from '../../../../src/adapters/kubernetes/templates.js';

const template = { spec: { nodeSelector: { agentpool: 'win19' }, containers: [] } };

describe('toTemplateInfo', () => {
  it.each<[string, V1Job, boolean]>([
    ['a running Job', { status: { active: 1 } }, false],
    ['a complete Job', { status: { conditions: [{ type: 'Complete', status: 'True' }] } }, true],
    ['a failed Job', { status: { conditions: [{ type: 'Failed', status: 'True' }] } }, true],
    [
      'a Job whose condition is not True',
      { status: { conditions: [{ type: 'Complete', status: 'False' }] } },
      false,
    ],
  ])('%s', (_name, job, finished) => {
    const info = toTemplateInfo('Job', {
      ...job,
      metadata: { name: 'j', namespace: 'ns' },
      spec: { template },
    });
    expect(info).toEqual({
      kind: 'Job',
      namespace: 'ns',
      name: 'j',
      labels: {},
      placement: { nodeSelector: { agentpool: 'win19' } },
      finished,
    });
  });

  it('names the controlling owner of a ReplicaSet, not another owner', () => {
    const replicaSet: V1ReplicaSet = {
      metadata: {
        name: 'web-1',
        namespace: 'ns',
        ownerReferences: [
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: 'u1' },
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'u2', controller: true },
        ],
      },
      spec: { selector: {}, template },
    };
    expect(toTemplateInfo('ReplicaSet', replicaSet).controller).toEqual({
      kind: 'Deployment',
      name: 'web',
    });
  });
});

describe('listWorkloads', () => {
  it('reads every page of a list, following the continue token', async () => {
    const requests: unknown[] = [];
    const deployment = (name: string): V1Deployment => ({
      metadata: { name, namespace: 'ns' },
      spec: { selector: {}, template },
    });
    const pages: Record<string, { items: V1Deployment[]; metadata: { _continue?: string } }> = {
      first: { items: [deployment('a')], metadata: { _continue: 'c1' } },
      c1: { items: [deployment('b')], metadata: { _continue: '' } },
    };
    const empty = () => Promise.resolve({ items: [], metadata: {} });
    const apps = {
      listDeploymentForAllNamespaces: (request: { _continue?: string }) => {
        requests.push(request);
        return Promise.resolve(pages[request._continue ?? 'first']);
      },
      listStatefulSetForAllNamespaces: empty,
      listDaemonSetForAllNamespaces: empty,
    } as unknown as AppsV1Api;
    const cronJobs: CronJobOperations = {
      apiVersion: () => Promise.resolve('batch/v1beta1'),
      read: () => Promise.resolve(undefined),
      list: () => Promise.resolve([]),
      jsonPatch: () => Promise.reject(new Error('not used')),
    };
    const ops = createTemplateOperations({ apps, batch: {} as BatchV1Api, cronJobs });
    const listed = await ops.listWorkloads();
    expect(listed.map((w) => `${w.kind} ${w.namespace}/${w.name}`)).toEqual([
      'Deployment ns/a',
      'Deployment ns/b',
    ]);
    expect(requests).toEqual([{ limit: LIST_PAGE }, { limit: LIST_PAGE, _continue: 'c1' }]);
  });
});
