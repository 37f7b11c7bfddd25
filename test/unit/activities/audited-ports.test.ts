/**
 * The auditing decorator (activities/shared/audited-ports.ts, docs/adr/0014): each write of a port
 * is appended `attempted` before it reaches the port and completed after it, with the error's code
 * when it fails; reads are not audited; a write whose entry cannot be appended is not attempted.
 */
import { describe, expect, it } from '@jest/globals';
import { auditedDeps, digestOf } from '../../../src/activities/shared/audited-ports.js';
import { cordonPool } from '../../../src/activities/cordon-pool.js';
import type { AuditAttempt, AuditCompletion, AuditEntry } from '../../../src/domain/audit.js';
import { WinshiftError } from '../../../src/domain/errors.js';
import type { AuditHandle, AuditLog } from '../../../src/ports/audit.js';
import { CLUSTER, INSTANCE, makeWorld, OLD_NODES, RUN, WEB } from './fakes/world.js';

/** An in-memory audit log that notes how many writes the port had seen when each entry came. */
class MemoryAudit implements AuditLog {
  readonly entries: (AuditEntry & { writesBefore: number; writesAtCompletion?: number })[] = [];
  failAppend = false;
  constructor(readonly writes: () => number) {}

  append(attempt: AuditAttempt): Promise<AuditHandle> {
    if (this.failAppend) return Promise.reject(new WinshiftError('TRANSIENT', 'storage down'));
    const entry = {
      ...attempt,
      id: String(this.entries.length).padStart(4, '0'),
      at: new Date(0).toISOString(),
      outcome: 'attempted' as const,
      writesBefore: this.writes(),
    };
    this.entries.push(entry);
    return Promise.resolve({
      entry,
      complete: (completion: AuditCompletion) => {
        const i = this.entries.indexOf(entry);
        this.entries[i] = { ...entry, ...completion, writesAtCompletion: this.writes() };
        return Promise.resolve();
      },
    });
  }
  listRun(): Promise<readonly AuditEntry[]> {
    return Promise.resolve(this.entries);
  }
  list(): Promise<{ items: readonly AuditEntry[] }> {
    return Promise.resolve({ items: this.entries });
  }
}

function setUp() {
  const w = makeWorld();
  const audit = new MemoryAudit(() => w.kube.writes.length);
  const scope = { runId: RUN, instanceId: INSTANCE, activity: 'test' };
  return { w, audit, deps: auditedDeps(w.deps, audit, scope) };
}

describe('the auditing decorator', () => {
  it('appends each cordon before the port sees it and completes it after', async () => {
    const { w, audit } = setUp();
    const deps = auditedDeps(w.deps, audit, {
      runId: RUN,
      instanceId: INSTANCE,
      activity: 'cordonPool',
    });
    await cordonPool(deps, { ...w.ref, unschedulable: true, pool: 'source' });
    const cordons = audit.entries.filter((e) => e.operation === 'kubernetes.cordon');
    expect(cordons.map((e) => e.target).sort()).toEqual(OLD_NODES.map((n) => `Node/${n}`).sort());
    for (const [i, e] of cordons.entries()) {
      expect(e).toMatchObject({
        runId: RUN,
        instanceId: INSTANCE,
        activity: 'cordonPool',
        clusterResourceId: CLUSTER,
        kind: 'write',
        outcome: 'done',
      });
      // Appended when i writes had happened; completed once its own had.
      expect([e.writesBefore, e.writesAtCompletion]).toEqual([i, i + 1]);
    }
    // Reads (listNodes, the plan) are not audited.
    expect(audit.entries).toHaveLength(cordons.length);
  });

  it('records a failed write with its code, and the digests of the change, before and after', async () => {
    const { w, audit, deps } = setUp();
    const kube = await deps.kubernetes.connect(CLUSTER);
    const before = await w.kube.getWorkload(WEB);
    const patch = { spec: { template: { spec: { nodeSelector: { a: 'b' } } } } };
    await kube.patchWorkload(WEB, patch);
    const after = await w.kube.getWorkload(WEB);
    await expect(kube.patchWorkload({ ...WEB, name: 'gone' }, patch)).rejects.toThrow(/gone/);
    expect(audit.entries.map((e) => [e.operation, e.target, e.outcome, e.errorCode])).toEqual([
      ['kubernetes.patch', 'Deployment/shop/web', 'done', undefined],
      ['kubernetes.patch', 'Deployment/shop/gone', 'failed', 'NOT_FOUND'],
    ]);
    expect(audit.entries[0]).toMatchObject({
      changeSha256: digestOf(patch),
      beforeSha256: digestOf(before),
      afterSha256: digestOf(after),
    });
    expect(audit.entries[0]?.beforeSha256).not.toBe(audit.entries[0]?.afterSha256);
  });

  it('records an eviction a PodDisruptionBudget refused as failed PDB_BLOCKED', async () => {
    const { w, audit, deps } = setUp();
    w.kube.addPod({ namespace: 'shop', name: 'web-1', nodeName: OLD_NODES[0] });
    w.kube.addPod({ namespace: 'shop', name: 'web-2', nodeName: OLD_NODES[0] });
    w.kube.pdbBlocked.add('shop/web-2');
    const kube = await deps.kubernetes.connect(CLUSTER);
    await kube.evictPod('shop', 'web-1');
    expect(await kube.evictPod('shop', 'web-2')).toMatchObject({ outcome: 'blocked' });
    expect(audit.entries.map((e) => [e.operation, e.target, e.outcome, e.errorCode])).toEqual([
      ['kubernetes.evict', 'Pod/shop/web-1', 'done', undefined],
      ['kubernetes.evict', 'Pod/shop/web-2', 'failed', 'PDB_BLOCKED'],
    ]);
  });

  it('audits ARM writes with their resource id and leaves the write unsent when the entry cannot be appended', async () => {
    const { w, audit, deps } = setUp();
    await deps.aks.beginDeletePool(CLUSTER, 'win19');
    expect(audit.entries.map((e) => [e.operation, e.target, e.outcome])).toEqual([
      ['arm.delete', `${CLUSTER}/agentPools/win19`, 'done'],
    ]);
    audit.failAppend = true;
    const kube = await deps.kubernetes.connect(CLUSTER);
    const writes = w.kube.writes.length;
    await expect(kube.setUnschedulable(OLD_NODES[0] ?? '', true)).rejects.toThrow(/storage down/);
    expect(w.kube.writes.length).toBe(writes);
  });
});
