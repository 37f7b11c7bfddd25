import { randomBytes } from 'node:crypto';
import { KubeConfig } from '@kubernetes/client-node';
import { startControlPlane } from '../../src/sandbox/kube/control-plane.js';

/** The Kubernetes control plane shared by the whole test run (started by jest's globalSetup). */
export interface TestKube {
  /** Environment variables the jest workers inherit. */
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

export async function startTestKube(): Promise<TestKube> {
  // A second accepted bearer token with no rights of its own: the Entra ID simulation's user, which
  // tests grant rights through RBAC bindings.
  const entraToken = `sandbox-entra-${randomBytes(12).toString('hex')}`;
  const entraUser = 'winshift-entra@sandbox.example';
  const kube = await startControlPlane({
    clusterName: 'winshift-test',
    extraTokens: [{ token: entraToken, user: entraUser, groups: [] }],
  });
  return {
    env: {
      WINSHIFT_TEST_KUBECONFIG: kube.kubeconfigPath,
      WINSHIFT_TEST_KUBE_SERVER: kube.server,
      WINSHIFT_TEST_KUBE_ENTRA_TOKEN: entraToken,
      WINSHIFT_TEST_KUBE_ENTRA_USER: entraUser,
    },
    stop: () => kube.stop(),
  };
}

/** A KubeConfig for the shared control plane (admin). */
export function testKubeConfig(): KubeConfig {
  const file = process.env.WINSHIFT_TEST_KUBECONFIG;
  if (!file) throw new Error('WINSHIFT_TEST_KUBECONFIG is not set: run the tests through jest');
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(file);
  return kubeConfig;
}

/** Polls `probe` until it returns a value other than undefined; fails with `what` after the timeout. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutInMs = 30_000,
  intervalInMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutInMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const detail = last instanceof Error ? `: ${last.message}` : '';
      throw new Error(`timed out after ${timeoutInMs} ms waiting for ${what}${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalInMs));
  }
}

/** A unique, DNS-safe namespace name for one test file. */
export function uniqueNamespace(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}
