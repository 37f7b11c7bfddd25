import { startAzurite } from '../../src/local/services/azurite.js';
import { startTestKube } from './kube-service.js';

/**
 * Every service the test suite needs, started once per run. Each entry publishes how to reach it in
 * an environment variable that the test workers inherit, and returns how to stop it.
 */
type Stop = () => Promise<void>;
// globalSetup and globalTeardown may be loaded as separate module instances: keep state on globalThis.
const state = globalThis as typeof globalThis & { __winshiftServices?: Stop[] };
const running: Stop[] = (state.__winshiftServices ??= []);

export async function startTestServices(): Promise<void> {
  const azurite = await startAzurite();
  process.env.WINSHIFT_TEST_STORAGE = azurite.connectionString;
  running.push(() => azurite.stop());
  // The real Kubernetes 1.20 control plane (binaries from scripts/kube/prepare.sh): its kubeconfig in
  // WINSHIFT_TEST_KUBECONFIG, plus WINSHIFT_TEST_KUBE_SERVER and WINSHIFT_TEST_KUBE_ENTRA_TOKEN/_USER.
  const kube = await startTestKube().catch(async (error: unknown) => {
    await stopTestServices(); // leave nothing running when the control plane cannot start
    throw error;
  });
  Object.assign(process.env, kube.env);
  running.push(() => kube.stop());
}

export async function stopTestServices(): Promise<void> {
  for (const stop of running.splice(0).reverse()) await stop();
}
