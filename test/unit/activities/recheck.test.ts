import { describe, expect, it } from '@jest/globals';
import { narrowDaemonSets } from '../../../src/activities/narrow-daemonsets.js';
import { patchWorkloads } from '../../../src/activities/patch-workloads.js';
import { recheckPlacements } from '../../../src/activities/recheck-placements.js';
import { ALL, makeWorld, refOf } from './fakes/world.js';

// The re-check before the old pool's deletion, on the fakes: where each live template lands now.
describe('recheckPlacements', () => {
  it('finds every patched workload (DaemonSets narrowed) on the new pool only', async () => {
    const w = makeWorld();
    await patchWorkloads(w.deps, { ...w.ref, workloads: ALL });
    await narrowDaemonSets(w.deps, w.ref);
    const writes = w.kube.writes.length;
    const answers = await recheckPlacements(w.deps, { ...w.ref, workloads: ALL });
    expect(answers.map((a) => [a.ref.name, a.verdict])).toEqual([
      ['web', 'onNewPool'],
      ['db', 'onNewPool'],
      ['agent', 'onNewPool'],
    ]);
    expect(w.kube.writes.length).toBe(writes); // reads only
  });

  it('names a DaemonSet still widened to both pools (never narrowed)', async () => {
    const w = makeWorld();
    await patchWorkloads(w.deps, { ...w.ref, workloads: ALL });
    const answers = await recheckPlacements(w.deps, { ...w.ref, workloads: ALL });
    expect(answers.find((a) => a.ref.name === 'agent')).toMatchObject({
      verdict: 'mayLandOnOldPool',
    });
  });

  it.each([
    [
      'the old agentpool selector put back (GitOps)',
      { agentpool: 'win19', 'kubernetes.io/os': 'windows' },
    ],
    ['the old os-sku put back', { 'kubernetes.azure.com/os-sku': 'Windows2019' }],
    ['OS-only placement (any Windows node)', { 'kubernetes.io/os': 'windows' }],
  ])('names a workload that may land on the old pool again: %s', async (_name, nodeSelector) => {
    const w = makeWorld();
    await patchWorkloads(w.deps, { ...w.ref, workloads: ALL });
    const web = w.kube.workloads.get('Deployment shop/web');
    if (web === undefined) throw new Error('fixture');
    w.kube.workloads.set('Deployment shop/web', { ...web, placement: { nodeSelector } });
    const [answer] = await recheckPlacements(w.deps, {
      ...w.ref,
      workloads: [refOf('Deployment', 'web')],
    });
    expect(answer).toMatchObject({ verdict: 'mayLandOnOldPool' });
    expect(answer?.reasons.join(' ')).toContain('old pool');
  });

  it('says so of a workload whose template can no longer land on the new pool', async () => {
    const w = makeWorld();
    await patchWorkloads(w.deps, { ...w.ref, workloads: ALL });
    const db = w.kube.workloads.get('StatefulSet shop/db');
    if (db === undefined) throw new Error('fixture');
    w.kube.workloads.set('StatefulSet shop/db', {
      ...db,
      placement: { nodeSelector: { 'kubernetes.azure.com/os-sku': 'Windows2025' } },
    });
    const [answer] = await recheckPlacements(w.deps, {
      ...w.ref,
      workloads: [refOf('StatefulSet', 'db')],
    });
    expect(answer).toMatchObject({ verdict: 'cannotLandOnNewPool' });
  });

  it('reports a workload deleted since as missing (nothing left to land anywhere)', async () => {
    const w = makeWorld();
    w.kube.workloads.delete('Deployment shop/web');
    const [answer] = await recheckPlacements(w.deps, {
      ...w.ref,
      workloads: [refOf('Deployment', 'web')],
    });
    expect(answer).toEqual({ ref: refOf('Deployment', 'web'), verdict: 'missing', reasons: [] });
  });
});
