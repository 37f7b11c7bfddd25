/**
 * The Kubernetes port run as an identity holding exactly infra/kubernetes/permissions.json (issue 13
 * item 9), on the real 1.20 API server: every operation of the port passes RBAC (a 404 on a name
 * that does not exist still means RBAC let the request through: the authorizer answers first), and
 * the same identity without one grant is refused. The static test (test/unit/deploy/
 * kubernetes-rbac.test.ts) holds the grants to the calls; this one checks the calls need no more.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AppsV1Api,
  CoreV1Api,
  KubernetesObjectApi,
  RbacAuthorizationV1Api,
  type KubeConfig,
  type V1PodTemplateSpec,
} from '@kubernetes/client-node';
import { createKubernetesPort } from '../../../../src/adapters/kubernetes/index.js';
import { errorCodeOf } from '../../../../src/domain/errors.js';
import type { KubernetesPort, WorkloadRef } from '../../../../src/ports/kubernetes.js';
import {
  grantsOf,
  loadPermissions,
  type KubernetesRule,
} from '../../../support/deploy/kubernetes.js';
import { eventually, testKubeConfig, uniqueNamespace } from '../../../support/kube-service.js';
import { withToken } from '../../sandbox/kube-token.js';

const NOWHERE = { 'winshift.io/test-pool': 'none' };
const IMAGE = 'mcr.microsoft.com/windows/nanoserver:ltsc2019';

function template(app: string, restartPolicy?: string): V1PodTemplateSpec {
  return {
    metadata: { labels: { app } },
    spec: {
      nodeSelector: NOWHERE,
      ...(restartPolicy ? { restartPolicy } : {}),
      containers: [{ name: 'main', image: IMAGE }],
    },
  };
}

/** Rules without one `group/resource:verb` grant. */
function without(rules: readonly KubernetesRule[], grant: string): KubernetesRule[] {
  const [groupResource, verb] = grant.split(':') as [string, string];
  const slash = groupResource.indexOf('/');
  const [group, resource] = [groupResource.slice(0, slash), groupResource.slice(slash + 1)];
  return rules.flatMap((rule) => {
    if (!rule.apiGroups.includes(group) || !rule.resources.includes(resource)) return [rule];
    const rest = { ...rule, resources: rule.resources.filter((r) => r !== resource) };
    const narrowed = {
      ...rule,
      resources: [resource],
      verbs: rule.verbs.filter((v) => v !== verb),
    };
    return [rest, narrowed].filter((r) => r.resources.length > 0 && r.verbs.length > 0);
  });
}

describe('the Kubernetes port with exactly the permissions of infra/kubernetes', () => {
  const admin = testKubeConfig();
  const core = admin.makeApiClient(CoreV1Api);
  const apps = admin.makeApiClient(AppsV1Api);
  const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
  const namespace = uniqueNamespace('rbac-exact');
  const prePullNamespace = `${namespace}-prepull`;
  const roles: string[] = [];
  const refs: Record<WorkloadRef['kind'], WorkloadRef> = {
    Deployment: { kind: 'Deployment', namespace, name: 'web' },
    StatefulSet: { kind: 'StatefulSet', namespace, name: 'db' },
    DaemonSet: { kind: 'DaemonSet', namespace, name: 'agent' },
    CronJob: { kind: 'CronJob', namespace, name: 'nightly' },
  };
  let port: KubernetesPort;

  /** A port acting as a new service account bound to `rules` only. */
  async function portWith(name: string, rules: KubernetesRule[]): Promise<KubernetesPort> {
    const role = `${namespace}-${name}`;
    roles.push(role);
    await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name } } });
    await rbac.createClusterRole({ body: { metadata: { name: role }, rules } });
    await rbac.createClusterRoleBinding({
      body: {
        metadata: { name: role },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
        subjects: [{ kind: 'ServiceAccount', name, namespace }],
      },
    });
    const issued = await core.createNamespacedServiceAccountToken({
      name,
      namespace,
      body: { spec: { audiences: [], expirationSeconds: 3600 } },
    });
    const config: KubeConfig = withToken(admin, issued.status?.token ?? '');
    const made = createKubernetesPort(config);
    // RBAC reads bindings through an informer: wait until this one is seen.
    await eventually('the binding to take effect', () => made.listNodes().catch(() => undefined));
    return made;
  }

  beforeAll(async () => {
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    const spec = (app: string) => ({ selector: { matchLabels: { app } }, template: template(app) });
    await apps.createNamespacedDeployment({
      namespace,
      body: { metadata: { name: 'web' }, spec: { replicas: 1, ...spec('web') } },
    });
    await apps.createNamespacedStatefulSet({
      namespace,
      body: { metadata: { name: 'db' }, spec: { serviceName: 'db', replicas: 0, ...spec('db') } },
    });
    await apps.createNamespacedDaemonSet({
      namespace,
      body: { metadata: { name: 'agent' }, spec: spec('agent') },
    });
    await KubernetesObjectApi.makeApiClient(admin).create({
      apiVersion: 'batch/v1beta1', // what a 1.20 server serves
      kind: 'CronJob',
      metadata: { name: 'nightly', namespace },
      spec: {
        schedule: '0 3 1 1 *',
        suspend: true,
        jobTemplate: { spec: { template: template('nightly', 'Never') } },
      },
    } as never);
    port = await portWith('winshift', loadPermissions());
  }, 120_000);

  afterAll(async () => {
    for (const role of roles) {
      await rbac.deleteClusterRoleBinding({ name: role }).catch(() => undefined);
      await rbac.deleteClusterRole({ name: role }).catch(() => undefined);
    }
    for (const name of [namespace, prePullNamespace])
      await core.deleteNamespace({ name }).catch(() => undefined);
  });

  it('reads everything a plan reads', async () => {
    await port.listNodes('kubernetes.azure.com/agentpool=none');
    await port.listPodsOnNodes(['no-such-node']);
    const workloads = await port.listWorkloads();
    expect(
      workloads
        .filter((w) => w.namespace === namespace)
        .map((w) => w.kind)
        .sort(),
    ).toEqual(['CronJob', 'DaemonSet', 'Deployment', 'StatefulSet']);
    await port.listOtherTemplates();
    await port.listRuntimeClasses();
    await port.listTerminatingNamespaces();
    await port.listGmsaCredentialSpecs();
    expect(await port.ownerOfReplicaSet(namespace, 'no-such-replicaset')).toBeUndefined();
    for (const ref of Object.values(refs)) expect(await port.getWorkload(ref)).toBeDefined();
    await port.listWorkloadPods(refs.Deployment);
  });

  it.each(Object.keys(refs) as WorkloadRef['kind'][])('patches and restores a %s', async (kind) => {
    const ref = refs[kind];
    await port.patchWorkload(ref, { metadata: { annotations: { 'winshift.io/rbac': 'smp' } } });
    await port.setWorkloadFields(ref, { annotations: { 'winshift.io/rbac': null } });
  });

  it('cordons (a node that does not exist: RBAC let it through to a 404)', async () => {
    const failure = await port.setUnschedulable('no-such-node', true).catch((e: unknown) => e);
    expect(errorCodeOf(failure)).toBe('NOT_FOUND');
  });

  it('evicts and deletes pods', async () => {
    const [pod] = await eventually('the Deployment to make its pod', async () => {
      const pods = await port.listWorkloadPods(refs.Deployment);
      return pods.length > 0 ? pods : undefined;
    });
    expect(['evicted', 'gone']).toContain((await port.evictPod(namespace, pod!.name)).outcome);
    await port.deletePod(namespace, 'no-such-pod', 0);
  });

  it('creates, replaces and deletes the pre-pull DaemonSet, and its namespace', async () => {
    const spec = {
      namespace: prePullNamespace,
      name: 'winshift-prepull',
      labels: { app: 'winshift-prepull' },
      nodeSelector: NOWHERE,
      images: [IMAGE],
    };
    await port.applyDaemonSet(spec);
    await port.applyDaemonSet({ ...spec, images: [IMAGE, `${IMAGE}-2`] });
    await port.deleteDaemonSet(prePullNamespace, 'winshift-prepull');
  });

  it('is refused once one grant is missing: the check can fail', async () => {
    const all = loadPermissions();
    const narrowed = without(all, 'apps/daemonsets:create');
    expect(grantsOf(narrowed).has('apps/daemonsets:create')).toBe(false);
    expect(grantsOf(narrowed).size).toBe(grantsOf(all).size - 1);
    const short = await portWith('short', narrowed);
    const failure = await short
      .applyDaemonSet({
        namespace,
        name: 'refused',
        labels: { app: 'refused' },
        nodeSelector: NOWHERE,
        images: [IMAGE],
      })
      .catch((e: unknown) => e);
    expect(errorCodeOf(failure)).toBe('FORBIDDEN');
  }, 60_000);
});
