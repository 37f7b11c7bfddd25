import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { acquireControlPlaneLease } from '../../../../src/sandbox/cluster/lease.js';

async function withDir<T>(run: (kubeconfigPath: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lease-test-'));
  try {
    return await run(path.join(dir, 'kubeconfig.yaml'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the shared control plane lease', () => {
  it('lets one holder in at a time: the second waits for the release', () =>
    withDir(async (kubeconfig) => {
      const first = await acquireControlPlaneLease(kubeconfig);
      const order: string[] = [];
      const second = acquireControlPlaneLease(kubeconfig).then((lease) => {
        order.push('second acquired');
        return lease;
      });
      await new Promise((resolve) => setTimeout(resolve, 600));
      order.push('first released');
      await first.release();
      await (await second).release();
      expect(order).toEqual(['first released', 'second acquired']);
    }));

  it('takes over a lease whose owner process is gone', () =>
    withDir(async (kubeconfig) => {
      const dead = spawnSync(process.execPath, ['-e', '0']).pid ?? 0;
      const lease = path.join(path.dirname(kubeconfig), '.winshift-sandbox-lease');
      await mkdir(lease);
      await writeFile(path.join(lease, 'owner'), String(dead));
      const taken = await acquireControlPlaneLease(kubeconfig, 2000);
      await taken.release();
    }));

  it('times out with a message naming the holder while a live process holds it', () =>
    withDir(async (kubeconfig) => {
      const held = await acquireControlPlaneLease(kubeconfig);
      await expect(acquireControlPlaneLease(kubeconfig, 500)).rejects.toThrow(
        /waiting for the lease/,
      );
      await held.release();
    }));
});
