import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * An exclusive lease on a shared control plane. Nodes are cluster-scoped and the scheduler places a
 * pod on any node its selector matches, so two sandboxes (or node-creating tests) on one API server
 * would see, schedule onto and drain each other's nodes. Holders take turns instead: the lease is a
 * directory next to the kubeconfig (mkdir is atomic across processes), owned by a PID; a lease whose
 * owner died is taken over.
 */
export interface ControlPlaneLease {
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function ownerGone(dir: string): Promise<boolean> {
  const pid = Number(await readFile(path.join(dir, 'owner'), 'utf8').catch(() => ''));
  if (pid > 0) return !alive(pid);
  // Created but not yet written by its owner; only a long-ownerless directory is abandoned.
  const info = await stat(dir).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs > 10_000;
}

/** Waits for and takes the lease of the control plane whose kubeconfig is `kubeconfigPath`. */
export async function acquireControlPlaneLease(
  kubeconfigPath: string,
  timeoutInMs = 10 * 60_000,
): Promise<ControlPlaneLease> {
  const dir = path.join(path.dirname(kubeconfigPath), '.winshift-sandbox-lease');
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    try {
      await mkdir(dir);
      await writeFile(path.join(dir, 'owner'), String(process.pid));
      let released = false;
      return {
        release: async () => {
          if (released) return;
          released = true;
          await rm(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await ownerGone(dir)) {
      await rm(dir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutInMs} ms waiting for the lease on the control plane of ${kubeconfigPath} ` +
          `(held by the process in ${dir}/owner; a sandbox that is never stopped keeps it)`,
      );
    await sleep(250);
  }
}
