import { describe, expect, it } from '@jest/globals';
import { startUpgradeHandler } from '../../../src/api/upgrades.js';
import { parseListQuery, parseStartBody, subscriptionOf } from '../../../src/app/requests.js';
import type { Problem } from '../../../src/api/problem.js';
import { BAD_REQUESTS } from '../../support/bad-requests.js';
import { CLUSTER, SUBSCRIPTION, fakes, request } from './fakes.js';

describe('POST /api/upgrades refuses bad requests and starts nothing', () => {
  it('has a table of at least 30 cases', () => {
    expect(BAD_REQUESTS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(BAD_REQUESTS.map((c) => [c.name, c] as const))('%s', async (_, bad) => {
    const { app, client, store } = fakes();
    const raw = bad.raw ?? JSON.stringify(bad.body);
    const answer = await startUpgradeHandler(app, request({ rawBody: raw }));
    expect(answer.status).toBe(bad.status);
    expect(answer.headers?.['content-type']).toBe('application/problem+json');
    const body = answer.jsonBody as Problem;
    expect(body.status).toBe(bad.status);
    expect(body.detail).toContain(bad.message);
    if (bad.path !== undefined) {
      expect(body.errors).toEqual(
        expect.arrayContaining([{ path: bad.path, message: expect.stringContaining(bad.message) }]),
      );
    }
    expect(JSON.stringify(body)).not.toMatch(/\n\s+at /); // no stack trace
    expect(client.started).toEqual([]);
    expect(store.upgrades.size).toBe(0);
  });

  it('names every bad field at once', () => {
    const parsed = parseStartBody({
      clusterResourceId: 'x',
      poolName: 'WINDOWS',
      options: { targetOsSku: 'Win', extra: 1 },
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors.map((e) => e.path).sort()).toEqual([
      'clusterResourceId',
      'options.extra',
      'options.targetOsSku',
      'poolName',
    ]);
  });
});

describe('schemas accept good requests', () => {
  it('fills in every option default', () => {
    const parsed = parseStartBody({ clusterResourceId: CLUSTER, poolName: 'win19' });
    expect(parsed).toEqual({
      ok: true,
      value: {
        clusterResourceId: CLUSTER,
        poolName: 'win19',
        options: {
          imageMap: {},
          prePull: true,
          drainTimeoutInSeconds: 1800,
          rolloutTimeoutInSeconds: 1800,
          approvalTimeoutInSeconds: 604800,
          deleteNewPoolOnRollback: true,
          dryRun: false,
        },
      },
    });
  });

  it.each([
    ['lower-case provider and segments', CLUSTER.toLowerCase()],
    [
      'upper-case provider',
      CLUSTER.replace('Microsoft.ContainerService', 'MICROSOFT.CONTAINERSERVICE'),
    ],
    ['resource group with dots and parentheses', CLUSTER.replace('rg-shop', 'rg.shop(prod)_1')],
  ])('accepts a cluster id with %s', (_, id) => {
    expect(parseStartBody({ clusterResourceId: id, poolName: 'win19' }).ok).toBe(true);
    expect(subscriptionOf(id)).toBe(SUBSCRIPTION);
  });

  it('accepts every option set explicitly', () => {
    const parsed = parseStartBody({
      clusterResourceId: CLUSTER,
      poolName: 'np1',
      options: {
        targetOsSku: 'Windows2025',
        newPoolName: 'w25a',
        imageMap: { 'registry.example.com/shop': 'registry.example.com/shop-ltsc2025' },
        prePull: false,
        drainTimeoutInSeconds: 60,
        rolloutTimeoutInSeconds: 86400,
        autoApproveAfterSoakInSeconds: 0,
        approvalTimeoutInSeconds: 2592000,
        deleteNewPoolOnRollback: false,
        dryRun: true,
      },
    });
    expect(parsed.ok).toBe(true);
  });

  it.each([
    ['pageSize 0', { pageSize: '0' }, 'pageSize'],
    ['pageSize 101', { pageSize: '101' }, 'pageSize'],
    ['pageSize text', { pageSize: 'ten' }, 'pageSize'],
    ['unknown status', { status: 'Done' }, 'status'],
    ['since not a time', { since: 'yesterday' }, 'since'],
    ['cluster not an id', { cluster: 'aks' }, 'cluster'],
    ['unknown parameter', { state: 'Running' }, 'state'],
    ['a repeated filter', { status: ['Running', 'Failed'] }, 'status'],
  ])('refuses a list query with %s', (_, query, path) => {
    const parsed = parseListQuery(query);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.map((e) => e.path)).toContain(path);
  });

  it('reads a list query with every filter', () => {
    expect(
      parseListQuery({
        status: 'Running',
        cluster: CLUSTER,
        since: '2026-11-01T00:00:00Z',
        pageSize: '5',
      }),
    ).toEqual({
      ok: true,
      value: { status: 'Running', cluster: CLUSTER, since: '2026-11-01T00:00:00Z', pageSize: 5 },
    });
  });
});
