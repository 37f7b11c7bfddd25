import { describe, expect, it } from '@jest/globals';
import { patchWorkloads } from '../../../src/activities/patch-workloads.js';
import { getPrePullStatus } from '../../../src/activities/pre-pull-status.js';
import { startPrePull } from '../../../src/activities/start-pre-pull.js';
import { stopPrePull } from '../../../src/activities/stop-pre-pull.js';
import type { DaemonSetSpec } from '../../../src/ports/kubernetes.js';
import { ALL, makeWorld, NEW_NODES, OLD_NODES, STALE_REF } from './fakes/world.js';

const NAME = 'winshift-system/winshift-prepull-w22a';

describe('pre-pull', () => {
  it('pulls every image the moved workloads will run, on the new pool only', async () => {
    const w = makeWorld();
    expect(await startPrePull(w.deps, w.ref)).toEqual({ desired: 2, ready: 0 });
    const spec = w.kube.daemonSets.get(NAME);
    expect(spec).toMatchObject({
      nodeSelector: { 'kubernetes.azure.com/agentpool': 'w22a', 'kubernetes.io/os': 'windows' },
      tolerations: [{ operator: 'Exists' }],
      labels: { 'app.kubernetes.io/managed-by': 'winshift', 'winshift.io/plan-hash': w.hash },
    } satisfies Partial<DaemonSetSpec>);
    expect(spec?.images).toEqual([
      'contoso/log:1.0',
      'mcr.microsoft.com/agent:ltsc2022',
      'mcr.microsoft.com/iis:windowsservercore-ltsc2022',
      'mcr.microsoft.com/mssql:ltsc2022',
      'mcr.microsoft.com/powershell:ltsc2022',
    ]);
  });

  it('asks for the same DaemonSet when repeated, also after the workloads were patched', async () => {
    const w = makeWorld();
    await startPrePull(w.deps, w.ref);
    await patchWorkloads(w.deps, { ...w.ref, workloads: ALL });
    await startPrePull(w.deps, w.ref);
    const [first, second] = w.kube.writesOf('applyDaemonSet');
    expect(second?.body).toEqual(first?.body);
    expect(w.kube.daemonSets.size).toBe(1);
  });

  it('counts new-pool nodes with a Ready puller', async () => {
    const w = makeWorld();
    await startPrePull(w.deps, w.ref);
    const puller = (name: string, nodeName: string, ready: boolean) =>
      w.kube.addPod({
        namespace: 'winshift-system',
        name,
        nodeName,
        ready,
        labels: { app: 'winshift-prepull-w22a' },
      });
    w.kube.addWorkload({
      kind: 'DaemonSet',
      namespace: 'winshift-system',
      name: 'winshift-prepull-w22a',
      selector: { app: 'winshift-prepull-w22a' },
    });
    puller('p-a', NEW_NODES[0], true);
    puller('p-b', NEW_NODES[1], false);
    puller('p-old', OLD_NODES[0] ?? '', true);
    expect(await getPrePullStatus(w.deps, w.ref)).toEqual({ desired: 2, ready: 1 });
  });

  it('removes the DaemonSet; stopping again is a no-op', async () => {
    const w = makeWorld();
    await startPrePull(w.deps, w.ref);
    await stopPrePull(w.deps, w.ref);
    await stopPrePull(w.deps, w.ref);
    expect(w.kube.daemonSets.size).toBe(0);
    expect(w.kube.writesOf('deleteDaemonSet')).toHaveLength(1);
  });

  it('refuses a changed plan', async () => {
    const w = makeWorld();
    await expect(startPrePull(w.deps, STALE_REF)).rejects.toThrow('[PLAN_CHANGED]');
    expect(w.kube.writes).toHaveLength(0);
  });
});
