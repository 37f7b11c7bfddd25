import { describe, expect, it } from '@jest/globals';
import { mainRolePermissions } from '../../support/deploy/bicep.js';
import {
  azureDataActionOf,
  grantsOf,
  loadManifestDocuments,
  loadPermissions,
  type KubernetesRule,
} from '../../support/deploy/kubernetes.js';

const permissions = loadPermissions();
const granted = grantsOf(permissions);

/**
 * DESIGN 3b's list, plus the reads a plan needs, as `group/resource:verb`. DESIGN 3b names patching
 * Jobs too; winshift refuses them instead (a Job's pod template is immutable), so it only lists them.
 */
const DESIGN_3B = [
  '/nodes:patch',
  '/pods/eviction:create',
  ...['deployments', 'statefulsets', 'daemonsets'].map((r) => `apps/${r}:patch`),
  'batch/cronjobs:patch',
  // Discovery by templates (issue 12 item 5): every template of the cluster is listed.
  ...['apps/replicasets', 'batch/jobs', 'batch/cronjobs'].map((r) => `${r}:list`),
  'batch/cronjobs:get',
  'apps/daemonsets:create',
  'apps/daemonsets:delete',
  // DESIGN section 2: OnDelete StatefulSets roll by pod deletion; a forced rollback deletes stuck pods.
  '/pods:delete',
  // The pre-pull DaemonSet's namespace; the plan refuses workloads in namespaces being deleted.
  '/namespaces:create',
  '/namespaces:list',
  ...['get', 'list', 'watch'].flatMap((verb) => [
    `/pods:${verb}`,
    `policy/poddisruptionbudgets:${verb}`,
    `node.k8s.io/runtimeclasses:${verb}`,
    `windows.k8s.io/gmsacredentialspecs:${verb}`,
  ]),
  ...['get', 'list'].flatMap((verb) =>
    ['apps/deployments', 'apps/statefulsets', 'apps/daemonsets', '/nodes'].map(
      (r) => `${r}:${verb}`,
    ),
  ),
];

describe('Kubernetes permissions (infra/kubernetes/permissions.json)', () => {
  it('grants everything DESIGN 3b lists', () => {
    expect(DESIGN_3B.filter((grant) => !granted.has(grant))).toEqual([]);
  });

  it.each(['delete', 'update', 'deletecollection', '*'])(
    'never grants %s beyond the pre-pull DaemonSet and pod deletion',
    (verb) => {
      const allowed = new Set(['apps/daemonsets:delete', '/pods:delete']);
      const extra = [...granted].filter((g) => g.endsWith(`:${verb}`) && !allowed.has(g));
      expect(extra).toEqual([]);
    },
  );

  it('only lists Jobs: it never patches or reads one by name', () => {
    expect([...granted].filter((g) => g.startsWith('batch/jobs:'))).toEqual(['batch/jobs:list']);
  });

  it('never touches secrets or RBAC objects, and namespaces only to list them and create one', () => {
    expect([...granted].filter((g) => /secrets|rbac|namespaces|serviceaccounts/.test(g))).toEqual([
      '/namespaces:list',
      '/namespaces:create',
    ]);
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
