import { describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApisApi, CoreV1Api, RbacAuthorizationV1Api, VersionApi } from '@kubernetes/client-node';
import { startControlPlane } from '../../../src/sandbox/kube/control-plane.js';
import { kubeBinaries } from '../../../src/sandbox/kube/settings.js';
import { eventually, testKubeConfig } from '../../support/kube-service.js';
import { withToken } from './kube-token.js';

describe('sandbox: the real Kubernetes control plane', () => {
  it('is Kubernetes 1.20.2 over TLS on 127.0.0.1', async () => {
    const kubeConfig = testKubeConfig();
    expect(kubeConfig.getCurrentCluster()?.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const version = await kubeConfig.makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toBe('v1.20.2');
    const namespaces = await kubeConfig.makeApiClient(CoreV1Api).listNamespace();
    expect(namespaces.items.map((ns) => ns.metadata?.name)).toEqual(
      expect.arrayContaining(['default', 'kube-system', 'kube-node-lease']),
    );
  });

  it('serves policy/v1beta1 but not policy/v1, like any 1.20 cluster', async () => {
    const groups = await testKubeConfig().makeApiClient(ApisApi).getAPIVersions();
    const policy = groups.groups.find((group) => group.name === 'policy');
    expect(policy?.versions.map((v) => v.version)).toEqual(['v1beta1']);
  });

  it('refuses a client that does not trust its CA, and an unknown token', async () => {
    const server = process.env.WINSHIFT_TEST_KUBE_SERVER ?? '';
    await expect(fetch(`${server}/version`)).rejects.toThrow();
    const core = withToken(testKubeConfig(), 'not-a-token').makeApiClient(CoreV1Api);
    await expect(core.listNamespace()).rejects.toMatchObject({ code: 401 });
  });

  it('accepts the extra bearer token, with the rights RBAC grants its user', async () => {
    const token = process.env.WINSHIFT_TEST_KUBE_ENTRA_TOKEN ?? '';
    const user = process.env.WINSHIFT_TEST_KUBE_ENTRA_USER ?? '';
    const core = withToken(testKubeConfig(), token).makeApiClient(CoreV1Api);
    await expect(core.listNode()).rejects.toMatchObject({ code: 403 });
    const rbac = testKubeConfig().makeApiClient(RbacAuthorizationV1Api);
    const name = `entra-node-reader-${Date.now()}`;
    await rbac.createClusterRole({
      body: {
        metadata: { name },
        rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] }],
      },
    });
    await rbac.createClusterRoleBinding({
      body: {
        metadata: { name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
      },
    });
    try {
      const nodes = await eventually('the binding to take effect', () =>
        core.listNode().catch(() => undefined),
      );
      expect(Array.isArray(nodes.items)).toBe(true);
    } finally {
      await rbac.deleteClusterRoleBinding({ name });
      await rbac.deleteClusterRole({ name });
    }
  });

  it('stops what it started and removes its folder when a start fails halfway', async () => {
    const parentDir = await mkdtemp(path.join(os.tmpdir(), 'winshift-kube-test-'));
    try {
      // etcd "exits" at once (/bin/false) after the API server and the controllers were spawned.
      const binaries = { ...kubeBinaries(), etcd: '/bin/false' };
      await expect(startControlPlane({ binaries, parentDir })).rejects.toThrow(/etcd exited early/);
      expect(await readdir(parentDir)).toEqual([]);
      expect(await processesMentioning(parentDir)).toEqual([]);
    } finally {
      await rm(parentDir, { recursive: true, force: true });
    }
  });

  it('says what to run when the binaries are missing', async () => {
    const missing = path.join(os.tmpdir(), 'winshift-no-such-kube-bin');
    const binaries = { ...kubeBinaries({ WINSHIFT_KUBE_BIN_DIR: missing }) };
    await expect(startControlPlane({ binaries })).rejects.toMatchObject({
      name: 'KubeBinariesMissing',
      message: expect.stringContaining('scripts/kube/prepare.sh'),
    });
  });
});

/** PIDs of processes whose command line mentions `text` (Linux /proc). */
async function processesMentioning(text: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(text)) pids.push(Number(entry));
  }
  return pids;
}
