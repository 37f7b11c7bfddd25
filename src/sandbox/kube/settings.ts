import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Where the control plane's programs are. */
export interface KubeBinaries {
  readonly apiserver: string;
  readonly controllerManager: string;
  readonly scheduler: string;
  /** etcd: next to the others when present there, else found on PATH (Debian's etcd-server). */
  readonly etcd: string;
}

/**
 * The one place the sandbox's Kubernetes part reads its settings:
 * - WINSHIFT_KUBE_BIN_DIR: a folder with kube-apiserver, kube-controller-manager, kube-scheduler 1.20
 *   (and optionally etcd) used instead of the cache that scripts/kube/prepare.sh fills.
 * - XDG_CACHE_HOME / HOME: the cache root (`~/.cache/winshift/kube-1.20.2`).
 */
export function kubeBinaries(env: NodeJS.ProcessEnv = process.env): KubeBinaries {
  const cacheRoot = env.XDG_CACHE_HOME ?? path.join(env.HOME ?? os.homedir(), '.cache');
  const dir = env.WINSHIFT_KUBE_BIN_DIR ?? path.join(cacheRoot, 'winshift', 'kube-1.20.2');
  const etcdHere = path.join(dir, 'etcd');
  return {
    apiserver: path.join(dir, 'kube-apiserver'),
    controllerManager: path.join(dir, 'kube-controller-manager'),
    scheduler: path.join(dir, 'kube-scheduler'),
    etcd: existsSync(etcdHere) ? etcdHere : 'etcd',
  };
}

/** Fails with what to run when a binary is missing (etcd is checked when it is spawned). */
export function assertBinariesPresent(binaries: KubeBinaries): void {
  const missing = [binaries.apiserver, binaries.controllerManager, binaries.scheduler].filter(
    (file) => !existsSync(file),
  );
  if (missing.length > 0) {
    const error = new Error(
      `Kubernetes control plane binaries missing: ${missing.join(', ')}. ` +
        'Run `bash scripts/kube/prepare.sh` (Debian bookworm, as root: builds them from the kubernetes ' +
        'source package) or set WINSHIFT_KUBE_BIN_DIR to a folder holding Kubernetes 1.20 binaries.',
    );
    error.name = 'KubeBinariesMissing';
    throw error;
  }
}
