/**
 * The audit routes' inputs (app/audit-requests.ts through api/audit.ts): a bad query is a 400
 * problem naming the field, never a 500 or a stack; a good one reaches the audit log.
 */
import { describe, expect, it } from '@jest/globals';
import { ROUTES } from '../../../src/api/routes.js';
import { upgradeInstanceId } from '../../../src/app/ids.js';
import { createApp } from '../../../src/app/index.js';
import type { AuditLog, AuditQuery } from '../../../src/ports/audit.js';
import { CLUSTER, fakes, request } from './fakes.js';

const ID = upgradeInstanceId(CLUSTER, 'win19');
const route = (name: string) => ROUTES.find((r) => r.name === name)!;

function withAudit() {
  const queries: AuditQuery[] = [];
  const { deps, store } = fakes();
  const audit = {
    list: (query: AuditQuery) => {
      queries.push(query);
      return Promise.resolve({ items: [] });
    },
    listRun: () => Promise.resolve([]),
  } as unknown as AuditLog;
  return { app: createApp({ ...deps, audit }), queries, store };
}

const problemFields = (body: unknown): string[] =>
  ((body as { errors?: { path: string }[] }).errors ?? []).map((e) => e.path);

describe('GET /api/audit: the query', () => {
  it.each([
    ['a since that is no time', 'since=yesterday', 'since'],
    ['a since that is no date', 'since=2026-13-45T00:00:00Z', 'since'],
    ['a page size of 0', 'pageSize=0', 'pageSize'],
    ['a page size over 1000', 'pageSize=1001', 'pageSize'],
    ['a page size that is no number', 'pageSize=ten', 'pageSize'],
    ['a cluster that is no cluster id', 'cluster=aks-payments', 'cluster'],
    ['an empty actor', 'actor=', 'actor'],
    ['an actor of 201 characters', `actor=${'a'.repeat(201)}`, 'actor'],
    ['an unknown parameter', 'sort=desc', 'sort'],
  ])('%s: 400 naming the field', async (_name, query, field) => {
    const { app, queries } = withAudit();
    const answer = await route('listAudit').handle(() => app, request({ query }));
    expect(answer.status).toBe(400);
    expect(problemFields(answer.jsonBody)).toContain(field);
    expect(JSON.stringify(answer.jsonBody)).not.toMatch(/at .*\.js:\d+/);
    expect(queries).toEqual([]);
  });

  it('a continuation token the log does not know is a 400, not a 500', async () => {
    const { deps } = fakes();
    const audit = {
      list: () =>
        Promise.reject(
          Object.assign(new Error('[INVALID_INPUT] bad token'), {
            code: 'INVALID_INPUT',
            name: 'WinshiftError',
          }),
        ),
    } as unknown as AuditLog;
    const app = createApp({ ...deps, audit });
    const answer = await route('listAudit').handle(
      () => app,
      request({ query: 'continuationToken=forged' }),
    );
    expect(answer.status).toBe(400);
    expect(problemFields(answer.jsonBody)).toEqual(['continuationToken']);
  });

  it('a good query reaches the log: a relative since fixed to a time, the actor and cluster as given', async () => {
    const { app, queries } = withAudit();
    const answer = await route('listAudit').handle(
      () => app,
      request({
        query: `since=7d&actor=key:ci&cluster=${encodeURIComponent(CLUSTER)}&pageSize=50`,
      }),
    );
    expect(answer.status).toBe(200);
    expect(answer.jsonBody).toEqual({ items: [] });
    expect(queries).toEqual([
      {
        since: '2026-11-21T10:00:00.000Z',
        actor: 'key:ci',
        clusterResourceId: CLUSTER,
        pageSize: 50,
      },
    ]);
  });

  it('links the next page with the same window: the relative since fixed to the first page’s time', async () => {
    const { deps } = fakes();
    const audit = {
      list: () => Promise.resolve({ items: [], continuationToken: 'next-1' }),
    } as unknown as AuditLog;
    const app = createApp({ ...deps, audit });
    const answer = await route('listAudit').handle(
      () => app,
      request({
        url: 'https://func.example/api/audit?since=7d&actor=winshift',
        query: 'since=7d&actor=winshift',
      }),
    );
    const next = new URL((answer.jsonBody as { next: string }).next);
    expect(next.pathname).toBe('/api/audit');
    expect(Object.fromEntries(next.searchParams)).toEqual({
      since: '2026-11-21T10:00:00.000Z',
      actor: 'winshift',
      pageSize: '100',
      continuationToken: 'next-1',
    });
  });
});

describe('GET /api/upgrades/{id}/audit: the query', () => {
  it.each([
    ['a format that is neither json nor csv', 'format=xml', 'format'],
    ['a run id with a path in it', 'runId=../../etc', 'runId'],
  ])('%s: 400 naming the field', async (_name, query, field) => {
    const { app } = withAudit();
    const answer = await route('getUpgradeAudit').handle(
      () => app,
      request({ params: { id: ID }, query }),
    );
    expect(answer.status).toBe(400);
    expect(problemFields(answer.jsonBody)).toContain(field);
  });

  it('an id that is not an upgrade id is a 400; an unknown upgrade a 404', async () => {
    const { app } = withAudit();
    const bad = await route('getUpgradeAudit').handle(
      () => app,
      request({ params: { id: 'upg-../x' } }),
    );
    expect(bad.status).toBe(400);
    const unknown = await route('getUpgradeAudit').handle(
      () => app,
      request({ params: { id: ID } }),
    );
    expect(unknown.status).toBe(404);
  });
});
