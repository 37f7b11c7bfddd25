/**
 * Issue 12 item 4: GET /api/plans/{id}/patches over the store (src/app/patches.ts, src/api/plans.ts):
 * a stored plan's change to each workload as YAML strategic merge patches (a stream that parses back
 * to the same patches as the JSON answer) or JSON; only the managed ones with `managed=true`; 404
 * without a stored plan; 400 naming the field of a bad query or id.
 */
import { describe, expect, it } from '@jest/globals';
import { parseAllDocuments } from 'yaml';
import { planPatchesHandler } from '../../../src/api/plans.js';
import type { Problem } from '../../../src/api/problem.js';
import { getUpgradeHandler } from '../../../src/api/upgrades.js';
import type { PatchesDocument } from '../../../src/app/index.js';
import { planInstanceId, upgradeInstanceId } from '../../../src/app/ids.js';
import { DEFAULT_CALENDAR } from '../../../src/domain/calendar.js';
import { buildPlan } from '../../../src/domain/planner.js';
import { repositoryPatches } from '../../../src/domain/repository-patches.js';
import { makeFacts, OPTIONS } from '../domain/planner-fixture.js';
import { CLUSTER, fakes, request } from './fakes.js';

const UPG = upgradeInstanceId(CLUSTER, 'win19');
const PLAN_ID = planInstanceId(CLUSTER, 'win19', new Date('2026-11-28T10:00:00.000Z'));

/** The fixture's plan with its Deployment shop/web applied by a Flux Kustomization. */
function fluxPlan() {
  const facts = makeFacts();
  return buildPlan(
    {
      ...facts,
      workloads: facts.workloads.map((w) =>
        w.name === 'web'
          ? {
              ...w,
              labels: {
                'kustomize.toolkit.fluxcd.io/name': 'payments',
                'kustomize.toolkit.fluxcd.io/namespace': 'apps',
              },
            }
          : w,
      ),
    },
    OPTIONS,
    DEFAULT_CALENDAR,
  );
}

async function patches(id: string, query: string, plan = fluxPlan()) {
  const { app, store } = fakes();
  await store.savePlan(UPG, plan);
  await store.savePlan(PLAN_ID, plan);
  return planPatchesHandler(
    app,
    request({
      url: `http://localhost:7071/api/plans/${id}/patches?${query}`,
      params: { id },
      query,
    }),
  );
}

describe('GET /api/plans/{id}/patches', () => {
  it.each([
    ['an upgrade', UPG],
    ['a dry run', PLAN_ID],
  ])('answers JSON with both forms for every workload of %s', async (_what, id) => {
    const answer = await patches(id, 'format=json');
    expect(answer.status).toBe(200);
    expect(answer.headers?.['content-type']).toBe('application/json');
    const document = answer.jsonBody as PatchesDocument;
    expect(document).toMatchObject({ id, sourcePool: 'win19', targetPool: 'w22a' });
    expect(document.files).toEqual(repositoryPatches(fluxPlan()));
    expect(document.files.map((f) => f.path)).toEqual([
      'deployment-shop-web.yaml',
      'statefulset-shop-db.yaml',
      'daemonset-shop-agent.yaml',
    ]);
    expect(document.files[0]?.managedBy).toMatchObject({ tool: 'Flux', kind: 'Kustomization' });
    expect(document.files[0]?.jsonPatch.length).toBeGreaterThan(0);
  });

  it('answers a YAML stream (the default) that parses back to the JSON answer, one commented document per workload', async () => {
    const answer = await patches(UPG, '');
    expect(answer.status).toBe(200);
    expect(answer.headers?.['content-type']).toBe('application/yaml');
    const text = answer.textBody ?? '';
    expect(answer.jsonBody).toBeUndefined();
    const parsed = parseAllDocuments(text).map((d) => {
      expect(d.errors).toEqual([]);
      return d.toJS() as unknown;
    });
    const files = repositoryPatches(fluxPlan());
    expect(parsed).toEqual(files.map((f) => f.strategicMerge));
    expect(text).toMatch(
      /^# winshift: the change of upg-[0-9a-f]{32}, pool win19 \(Windows2019\) -> w22a \(Windows2022\)/,
    );
    expect(text).toContain(
      '---\n# Deployment shop/web, managed by Flux Kustomization apps/payments\n# file: deployment-shop-web.yaml\napiVersion: apps/v1\n',
    );
    expect(text).toContain('---\n# StatefulSet shop/db\n# file: statefulset-shop-db.yaml\n');
    // A deletion is a YAML null, what a strategic merge (and Kustomize) reads as "remove the key".
    expect(text).toContain('agentpool: null');
  });

  it('gives only the managed workloads with managed=true, in both formats', async () => {
    const json = await patches(UPG, 'format=json&managed=true');
    expect((json.jsonBody as PatchesDocument).files.map((f) => f.path)).toEqual([
      'deployment-shop-web.yaml',
    ]);
    const yaml = await patches(UPG, 'format=yaml&managed=true');
    expect(parseAllDocuments(yaml.textBody ?? '')).toHaveLength(1);
    const none = await patches(
      UPG,
      'format=json&managed=true',
      buildPlan(makeFacts(), OPTIONS, DEFAULT_CALENDAR),
    );
    expect((none.jsonBody as PatchesDocument).files).toEqual([]);
  });

  it('404 for an unknown id and for an instance without a stored plan', async () => {
    const unknown = planInstanceId(CLUSTER, 'win20', new Date('2026-11-28T10:00:00.000Z'));
    const answer = await patches(unknown, 'format=yaml');
    expect(answer.status).toBe(404);
    expect((answer.jsonBody as Problem).detail).toBe(`no stored plan for ${unknown}`);
    const { app, client } = fakes();
    client.set({ instanceId: UPG });
    const noPlan = await planPatchesHandler(app, request({ params: { id: UPG } }));
    expect(noPlan.status).toBe(404);
  });

  it.each<[string, string, string, string]>([
    ['an unknown format', 'format=xml', 'format', 'must be one of yaml, json'],
    ['managed that is not a boolean', 'managed=yes', 'managed', 'must be true or false'],
    ['an unknown parameter', 'format=json&pretty=true', 'pretty', 'is not a known field'],
    ['a repeated format', 'format=json&format=yaml', 'format', ''],
  ])('400 for %s, naming the field', async (_name, query, path, message) => {
    const answer = await patches(UPG, query);
    expect(answer.status).toBe(400);
    const problem = answer.jsonBody as Problem;
    expect(problem.errors).toEqual([expect.objectContaining({ path })]);
    expect(problem.errors?.[0]?.message).toContain(message);
  });

  it('400 for a malformed id, naming it with the query problems', async () => {
    const answer = await patches('plan-nope', 'format=xml');
    expect(answer.status).toBe(400);
    expect((answer.jsonBody as Problem).errors?.map((e) => e.path)).toEqual(['id', 'format']);
  });
});

describe('GET /api/upgrades/{id}: the plan shows its warnings', () => {
  it('lists each GITOPS_MANAGED warning with its subject', async () => {
    const { app, client, store } = fakes();
    client.set({ instanceId: UPG });
    await store.savePlan(UPG, fluxPlan());
    const answer = await getUpgradeHandler(app, request({ params: { id: UPG } }));
    expect(answer.jsonBody).toMatchObject({
      plan: {
        blockers: [],
        warnings: [{ code: 'GITOPS_MANAGED', subject: 'Deployment shop/web' }],
      },
    });
  });
});
