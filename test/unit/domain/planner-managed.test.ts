/**
 * Issue 12 item 4: a planned workload Flux, Argo CD or Helm manages gets a plan warning (what will
 * happen, what to do, what winshift checks); the `refuse` policy makes each a blocker instead.
 */
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CALENDAR } from '../../../src/domain/calendar.js';
import { isExecutable, type UpgradeOptions } from '../../../src/domain/plan.js';
import type { PlanFacts } from '../../../src/domain/planner-facts.js';
import { buildPlan } from '../../../src/domain/planner.js';
import { makeFacts, OPTIONS } from './planner-fixture.js';

const FLUX = {
  'kustomize.toolkit.fluxcd.io/name': 'payments',
  'kustomize.toolkit.fluxcd.io/namespace': 'apps',
};

/** The fixture with labels and annotations on its workloads, by name. */
function withMetadata(
  edits: Record<string, { labels?: Record<string, string>; annotations?: Record<string, string> }>,
): PlanFacts {
  const facts = makeFacts();
  return {
    ...facts,
    workloads: facts.workloads.map((w) => (edits[w.name] ? { ...w, ...edits[w.name] } : w)),
  };
}

const plan = (facts: PlanFacts, options: Partial<UpgradeOptions> = {}) =>
  buildPlan(facts, { ...OPTIONS, ...options }, DEFAULT_CALENDAR);

describe('buildPlan: workloads a GitOps tool or Helm manages', () => {
  it('warns about a Flux-managed Deployment and still plans it (a warning does not block)', () => {
    const p = plan(withMetadata({ web: { labels: FLUX } }));
    expect(isExecutable(p)).toBe(true);
    expect(p.blockers).toEqual([]);
    expect(p.workloads[0]?.managedBy).toEqual({
      tool: 'Flux',
      kind: 'Kustomization',
      name: 'apps/payments',
      marker: 'label kustomize.toolkit.fluxcd.io/name',
    });
    expect(p.warnings).toEqual([
      expect.objectContaining({ code: 'GITOPS_MANAGED', subject: 'Deployment shop/web' }),
    ]);
    const message = p.warnings?.[0]?.message ?? '';
    for (const text of [
      'Deployment shop/web is managed by Flux Kustomization apps/payments (label kustomize.toolkit.fluxcd.io/name)',
      'will put the old placement and images back on its next sync unless the repository changes',
      'flux suspend kustomization payments -n apps',
      'GET /api/plans/{id}/patches',
      'before approving',
      "re-check right before the old pool's deletion (WORKLOAD_REVERTED)",
    ])
      expect(message).toContain(text);
  });

  it('has no warnings when nothing is managed, whatever the policy', () => {
    expect(plan(makeFacts()).warnings).toEqual([]);
    expect(plan(makeFacts(), { managedWorkloads: 'refuse' }).blockers).toEqual([]);
    expect(plan(makeFacts()).workloads.every((w) => w.managedBy === undefined)).toBe(true);
  });

  it("refuses each managed workload under 'refuse' (a blocker, no warning)", () => {
    const facts = withMetadata({
      web: { labels: FLUX },
      db: {
        annotations: {
          'meta.helm.sh/release-name': 'db',
          'meta.helm.sh/release-namespace': 'shop',
        },
      },
    });
    const p = plan(facts, { managedWorkloads: 'refuse' });
    expect(isExecutable(p)).toBe(false);
    expect(p.warnings).toEqual([]);
    expect(p.blockers.map((b) => [b.code, b.subject])).toEqual([
      ['GITOPS_MANAGED', 'Deployment shop/web'],
      ['GITOPS_MANAGED', 'StatefulSet shop/db'],
    ]);
    expect(p.blockers[1]?.message).toContain(
      'StatefulSet shop/db is managed by Helm release shop/db (annotation meta.helm.sh/release-name)',
    );
    expect(p.blockers[1]?.message).toContain(
      "the managedWorkloads policy is 'refuse', so nothing is changed",
    );
    expect(p.blockers[1]?.message).toContain("plan with managedWorkloads 'allow'");
  });

  it("warns under an explicit 'allow' and without the option (inputs older than it)", () => {
    const facts = withMetadata({ web: { labels: FLUX } });
    expect(plan(facts, { managedWorkloads: 'allow' }).warnings).toHaveLength(1);
    expect(OPTIONS.managedWorkloads).toBeUndefined();
    expect(plan(facts).warnings).toHaveLength(1);
  });

  it.each<[string, Record<string, string>, Record<string, string>, string]>([
    [
      'a Flux HelmRelease',
      { 'helm.toolkit.fluxcd.io/name': 'agent', 'helm.toolkit.fluxcd.io/namespace': 'flux-system' },
      {},
      'flux suspend helmrelease agent -n flux-system',
    ],
    [
      'an Argo CD application',
      {},
      { 'argocd.argoproj.io/tracking-id': 'shop-prod:apps/DaemonSet:shop/agent' },
      'turn off automated sync and self-heal of application shop-prod',
    ],
    [
      'a Helm release',
      { 'app.kubernetes.io/managed-by': 'Helm' },
      { 'meta.helm.sh/release-name': 'agent', 'meta.helm.sh/release-namespace': 'shop' },
      "before release shop/agent's next helm upgrade or rollback",
    ],
    [
      'a chart rendered by something else',
      { 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': 'agent' },
      {},
      'before whatever applies the chart runs again',
    ],
  ])('says what to do for %s', (_name, labels, annotations, advice) => {
    const p = plan(withMetadata({ agent: { labels, annotations } }));
    expect(p.warnings?.map((w) => w.subject)).toEqual(['DaemonSet shop/agent']);
    expect(p.warnings?.[0]?.message).toContain(advice);
  });

  it('lists the warnings by subject, the same whatever order the facts came in', () => {
    const facts = withMetadata({ web: { labels: FLUX }, agent: { labels: FLUX } });
    const reversed = { ...facts, workloads: [...facts.workloads].reverse() };
    const subjects = plan(facts).warnings?.map((w) => w.subject);
    expect(subjects).toEqual(['DaemonSet shop/agent', 'Deployment shop/web']);
    expect(plan(reversed).warnings).toEqual(plan(facts).warnings);
  });
});
