/**
 * Issue 12 items 13 and 7: a rollback uncordons only what this run cordoned (an operator's cordon
 * stays), and cordonPool can cordon the new pool (`pool: 'target'`) before the workloads go back.
 */
import { describe, expect, it } from '@jest/globals';
import { cordonPool } from '../../../src/activities/cordon-pool.js';
import { drainPool } from '../../../src/activities/drain-pool.js';
import { WinshiftError } from '../../../src/domain/errors.js';
import { makeWorld, NEW_NODES, OLD_NODES, RUN, STALE_REF, type World } from './fakes/world.js';

const [OLD0 = '', OLD1 = ''] = OLD_NODES;
const [NEW0, NEW1] = NEW_NODES;

const cordon = (w: World, unschedulable: boolean, pool: 'source' | 'target' = 'source') =>
  cordonPool(w.deps, { ...w.ref, unschedulable, pool });

const cordoned = (w: World): string[] =>
  [...w.kube.nodes.values()].filter((n) => n.unschedulable).map((n) => n.name);

describe('cordonPool', () => {
  it('cordons the old pool’s nodes once, recording each before it is cordoned', async () => {
    const w = makeWorld();
    expect(await cordon(w, true)).toEqual({ nodes: 2, changed: 2 });
    expect(await cordon(w, true)).toEqual({ nodes: 2, changed: 0 });
    expect(w.kube.writesOf('setUnschedulable').map((x) => x.target)).toEqual([OLD0, OLD1]);
    expect(cordoned(w)).toEqual([OLD0, OLD1]);
    expect(await w.store.loadCordonedNodes(RUN, 'win19')).toEqual([OLD0, OLD1]);
  });

  it('uncordons on rollback only the nodes this run cordoned: an operator’s cordon stays', async () => {
    const w = makeWorld();
    const operators = w.kube.nodes.get(OLD1);
    if (operators) operators.unschedulable = true;
    expect(await cordon(w, true)).toEqual({ nodes: 2, changed: 1 });
    expect(await cordon(w, false)).toEqual({ nodes: 2, changed: 1 });
    expect(cordoned(w)).toEqual([OLD1]);
    expect(await cordon(w, false)).toEqual({ nodes: 2, changed: 0 });
  });

  it('uncordons nothing this run did not cordon (another run’s or nobody’s records)', async () => {
    const w = makeWorld();
    for (const n of w.kube.nodes.values()) n.unschedulable = true;
    await w.store.saveCordonedNodes('r-other', 'win19', [OLD0]);
    expect(await cordon(w, false)).toEqual({ nodes: 2, changed: 0 });
    expect(w.kube.writesOf('setUnschedulable')).toEqual([]);
  });

  it('cordons nothing when the record cannot be saved', async () => {
    const w = makeWorld();
    w.store.saveCordonedNodes = () => Promise.reject(new WinshiftError('TRANSIENT', 'table busy'));
    await expect(cordon(w, true)).rejects.toThrow('[TRANSIENT]');
    expect(w.kube.writes).toEqual([]);
  });

  it('uncordons a node drainPool cordoned (one that joined the old pool after the cordon)', async () => {
    const w = makeWorld();
    await cordon(w, true);
    w.kube.addNode('akswin19000002', 'win19');
    await drainPool(w.deps, w.ref);
    expect(cordoned(w)).toEqual([OLD0, OLD1, 'akswin19000002']);
    await cordon(w, false);
    expect(cordoned(w)).toEqual([]);
  });

  it('cordons the new pool with pool: target, and uncordons only its own cordons there', async () => {
    const w = makeWorld();
    const operators = w.kube.nodes.get(NEW1);
    if (operators) operators.unschedulable = true;
    expect(await cordon(w, true, 'target')).toEqual({ nodes: 2, changed: 1 });
    expect(cordoned(w)).toEqual([NEW0, NEW1]);
    expect(await w.store.loadCordonedNodes(RUN, 'w22a')).toEqual([NEW0]);
    // The old pool's record is its own: uncordoning it leaves the new pool cordoned.
    await cordon(w, false);
    expect(cordoned(w)).toEqual([NEW0, NEW1]);
    await cordon(w, false, 'target');
    expect(cordoned(w)).toEqual([NEW1]);
  });

  it('refuses a changed plan', async () => {
    const w = makeWorld();
    await expect(
      cordonPool(w.deps, { ...STALE_REF, unschedulable: true, pool: 'source' }),
    ).rejects.toThrow('[PLAN_CHANGED]');
  });
});
