// The audit trail against Azurite (docs/adr/0014): entries are appended `attempted`, completed once
// (only their outcome columns change), listed per run in order and across runs by time, paged.
import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import {
  createTableAuditLog,
  expandConnectionString,
} from '../../../../src/adapters/storage/index.js';
import type { AuditAttempt } from '../../../../src/domain/audit.js';
import { auditCsv } from '../../../../src/domain/audit-csv.js';

const CLUSTER =
  '/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks1';

function connection(): string {
  const connectionString = process.env.WINSHIFT_TEST_STORAGE;
  if (!connectionString) throw new Error('WINSHIFT_TEST_STORAGE is not set (jest globalSetup)');
  return connectionString;
}

function newLog(): { log: ReturnType<typeof createTableAuditLog>; prefix: string } {
  const prefix = `t${randomBytes(6).toString('hex')}`;
  const log = createTableAuditLog(
    { kind: 'connectionString', connectionString: connection() },
    prefix,
  );
  return { log, prefix };
}

const write = (runId: string, target: string): AuditAttempt => ({
  runId,
  instanceId: 'upg-0123',
  clusterResourceId: CLUSTER,
  kind: 'write',
  operation: 'arm.put',
  target,
  activity: 'createPool',
  changeSha256: 'ab'.repeat(32),
});

describe('TableAuditLog', () => {
  it('appends attempted entries, completes each once, and lists a run in order', async () => {
    const { log } = newLog();
    const first = await log.append({
      runId: 'r1',
      instanceId: 'upg-0123',
      clusterResourceId: CLUSTER,
      kind: 'request',
      operation: 'start',
      target: 'upg-0123',
      actor: { kind: 'functionKey', id: 'key:ci', name: 'key ci' },
      entryPoint: 'http',
      reason: 'quoted, "comma" reason\nwith a line break',
    });
    const second = await log.append(write('r1', `${CLUSTER}/agentPools/w22a`));
    const third = await log.append(write('r1', `${CLUSTER}/agentPools/w22a`));
    await first.complete({ outcome: 'done' });
    await second.complete({ outcome: 'failed', errorCode: 'TRANSIENT' });
    // `third` is left as a crash leaves it.
    const entries = await log.listRun('r1');
    expect(entries.map((e) => [e.operation, e.outcome, e.errorCode])).toEqual([
      ['start', 'done', undefined],
      ['arm.put', 'failed', 'TRANSIENT'],
      ['arm.put', 'attempted', undefined],
    ]);
    expect(entries.map((e) => e.id)).toEqual([first.entry.id, second.entry.id, third.entry.id]);
    expect(entries[0]).toMatchObject({
      actor: { kind: 'functionKey', id: 'key:ci', name: 'key ci' },
      entryPoint: 'http',
      reason: 'quoted, "comma" reason\nwith a line break',
      clusterResourceId: CLUSTER,
    });
    expect(entries[1]?.completedAt).toEqual(expect.any(String));
    // The CSV of what was read back: a header row, then each entry with RFC 4180 quoting.
    const csv = auditCsv(entries);
    expect(csv.split('\r\n')[0]).toMatch(/^id,at,runId,/);
    expect(csv).toContain('"quoted, ""comma"" reason\nwith a line break"');
  });

  it('refuses a second completion and any change to an entry behind its back', async () => {
    const { log, prefix } = newLog();
    const handle = await log.append(write('r2', 'x'));
    await handle.complete({ outcome: 'done' });
    await expect(handle.complete({ outcome: 'failed', errorCode: 'X' })).rejects.toThrow(
      /already completed/,
    );
    const other = await log.append(write('r2', 'y'));
    // Someone changes the row (the port offers no way: here the table itself is written).
    const table = TableClient.fromConnectionString(
      expandConnectionString(connection()),
      `${prefix}Audit`,
      {
        allowInsecureConnection: true,
      },
    );
    await table.updateEntity(
      { partitionKey: 'r2', rowKey: other.entry.id, target: 'tampered' },
      'Merge',
    );
    await expect(other.complete({ outcome: 'done' })).rejects.toThrow(/append-only/);
    const entries = await log.listRun('r2');
    expect(entries.map((e) => e.outcome)).toEqual(['done', 'attempted']);
  });

  it('lists every run by time from `since`, filtered by cluster and actor, page by page', async () => {
    const { log } = newLog();
    const since = new Date(Date.now() - 1000).toISOString();
    for (const run of ['ra', 'rb', 'rc']) {
      await (
        await log.append({
          ...write(run, `${run}-pool`),
          clusterResourceId: run === 'rb' ? `${CLUSTER}x` : CLUSTER,
        })
      ).complete({ outcome: 'done' });
      await log.append({
        runId: run,
        instanceId: 'upg-0123',
        clusterResourceId: CLUSTER,
        kind: 'request',
        operation: 'approve',
        target: 'upg-0123',
        actor:
          run === 'rc'
            ? { kind: 'user', id: 'oid-1', name: 'Ana' }
            : { kind: 'functionKey', id: 'key:ci', name: 'key ci' },
        entryPoint: 'cli',
      });
    }
    const targets: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await log.list({
        since,
        pageSize: 2,
        ...(token ? { continuationToken: token } : {}),
      });
      targets.push(...page.items.map((e) => `${e.runId}:${e.operation}`));
      token = page.continuationToken;
      pages += 1;
    } while (token !== undefined);
    expect(targets).toEqual([
      'ra:arm.put',
      'ra:approve',
      'rb:arm.put',
      'rb:approve',
      'rc:arm.put',
      'rc:approve',
    ]);
    expect(pages).toBeGreaterThanOrEqual(3);
    const byCluster = await log.list({
      since,
      pageSize: 100,
      clusterResourceId: `${CLUSTER.toUpperCase()}X`,
    });
    expect(byCluster.items.map((e) => e.runId)).toEqual(['rb']);
    const byActor = await log.list({ since, pageSize: 100, actor: 'OID-1' });
    expect(byActor.items.map((e) => `${e.runId}:${e.actor?.name ?? ''}`)).toEqual(['rc:Ana']);
    const later = await log.list({
      since: new Date(Date.now() + 60_000).toISOString(),
      pageSize: 100,
    });
    expect(later.items).toEqual([]);
  });
});
