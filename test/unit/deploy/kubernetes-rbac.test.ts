import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  KUBERNETES_API_CALLS,
  requiredKubernetesGrants,
} from '../../../src/adapters/kubernetes/api-calls.js';
import { mainRolePermissions } from '../../support/deploy/bicep.js';
import { kubernetesClientCalls } from '../../support/deploy/kubernetes-calls.js';
import {
  azureDataActionOf,
  grantsOf,
  loadManifestDocuments,
  loadPermissions,
  type KubernetesRule,
} from '../../support/deploy/kubernetes.js';

const permissions = loadPermissions();
const granted = grantsOf(permissions);
const required = requiredKubernetesGrants();

const sorted = (values: Iterable<string>): string[] => [...values].sort();

describe("the Kubernetes adapter's calls (src/adapters/kubernetes/api-calls.ts)", () => {
  let found: Map<string, Set<string>>;
  beforeAll(() => {
    // TypeScript's checker over the adapter's sources: slow, once.
    found = kubernetesClientCalls();
  }, 180_000);

  it('lists every call the sources make, and no call they do not make', () => {
    const listed = Object.fromEntries(
      Object.entries(KUBERNETES_API_CALLS).map(([file, calls]) => [
        file,
        sorted(Object.keys(calls)),
      ]),
    );
    const inSources = Object.fromEntries([...found].map(([file, calls]) => [file, sorted(calls)]));
    expect(inSources).toEqual(listed);
  });

  it('patches CronJobs in both versions a cluster may serve (batch/v1, batch/v1beta1)', () => {
    const cronJobs = KUBERNETES_API_CALLS['cronjobs.ts'] ?? {};
    expect(cronJobs['BatchV1Api.patchNamespacedCronJob']).toEqual(['batch/cronjobs:patch']);
    expect(cronJobs['KubernetesObjectApi.patch']).toEqual(['batch/cronjobs:patch']);
  });
});

describe('Kubernetes permissions (infra/kubernetes/permissions.json)', () => {
  it('grants every verb a call needs', () => {
    expect(sorted([...required].filter((grant) => !granted.has(grant)))).toEqual([]);
  });

  it('grants no verb that nothing calls', () => {
    expect(sorted([...granted].filter((grant) => !required.has(grant)))).toEqual([]);
  });

  it('never touches secrets, RBAC objects or service accounts, and never updates', () => {
    expect(
      [...granted].filter((g) => /secrets|rbac|serviceaccounts|:update$|:\*$/.test(g)),
    ).toEqual([]);
  });

  it('only lists Jobs: it never patches or reads one by name', () => {
    expect([...granted].filter((g) => g.startsWith('batch/jobs:'))).toEqual(['batch/jobs:list']);
  });
});

describe('the sandbox scenario (scenarios/default.yaml) binds winshift to the same rules', () => {
  it('has a winshift ClusterRole equal to permissions.json', () => {
    const text = readFileSync(path.resolve(process.cwd(), 'scenarios', 'default.yaml'), 'utf8');
    const objects = (
      parse(text) as {
        subscriptions: {
          resourceGroups: { clusters?: { kubernetes?: { objects: unknown[] } }[] }[];
        }[];
      }
    ).subscriptions.flatMap((s) =>
      s.resourceGroups.flatMap((g) =>
        (g.clusters ?? []).flatMap((c) => c.kubernetes?.objects ?? []),
      ),
    ) as { kind: string; metadata: { name: string }; rules?: KubernetesRule[] }[];
    const role = objects.find((o) => o.kind === 'ClusterRole' && o.metadata.name === 'winshift');
    expect(role?.rules).toEqual(permissions);
  });
});

describe('the ClusterRole manifest (infra/kubernetes/clusterrole.yaml)', () => {
  const [role, binding] = loadManifestDocuments() as [
    { kind: string; metadata: { name: string }; rules: KubernetesRule[] },
    {
      kind: string;
      roleRef: { kind: string; name: string };
      subjects: { kind: string; name: string }[];
    },
  ];

  it('has exactly the rules of permissions.json', () => {
    expect(role.kind).toBe('ClusterRole');
    expect(role.rules).toEqual(permissions);
  });

  it('binds that role to the app identity (principal id substituted at apply time)', () => {
    expect(binding.kind).toBe('ClusterRoleBinding');
    expect(binding.roleRef).toMatchObject({ kind: 'ClusterRole', name: role.metadata.name });
    expect(binding.subjects).toEqual([
      expect.objectContaining({ kind: 'User', name: '${WINSHIFT_PRINCIPAL_ID}' }),
    ]);
  });
});

describe('the Azure RBAC for Kubernetes role (main.bicep kubernetesRole)', () => {
  const { actions, dataActions } = mainRolePermissions('kubernetesRole');

  it.each([
    ['', 'pods/eviction', 'create', 'Microsoft.ContainerService/managedClusters/pods/write'],
    [
      'apps',
      'daemonsets',
      'delete',
      'Microsoft.ContainerService/managedClusters/apps/daemonsets/delete',
    ],
    ['', 'pods', 'watch', 'Microsoft.ContainerService/managedClusters/pods/read'],
    [
      'windows.k8s.io',
      'gmsacredentialspecs',
      'list',
      'Microsoft.ContainerService/managedClusters/windows.k8s.io/gmsacredentialspecs/read',
    ],
  ])('maps %s %s %s as AKS does', (group, resource, verb, action) => {
    expect(azureDataActionOf(group, resource, verb)).toBe(action);
  });

  it('holds exactly the data actions of permissions.json', () => {
    const expected = new Set(
      [...granted].map((grant) => {
        const [groupResource, verb] = grant.split(':') as [string, string];
        const slash = groupResource.indexOf('/');
        return azureDataActionOf(
          groupResource.slice(0, slash),
          groupResource.slice(slash + 1),
          verb,
        );
      }),
    );
    expect([...dataActions].sort()).toEqual([...expected].sort());
  });

  it('has no management-plane actions', () => {
    expect(actions).toEqual([]);
  });
});
