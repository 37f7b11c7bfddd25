/**
 * Issue 12 item 4: which tool manages a workload, from its labels and annotations (domain/managed-by.ts):
 * each tool's markers, what wins when several are present, lookalikes that are not markers, the
 * exemptions, and letter case.
 */
import { describe, expect, it } from '@jest/globals';
import {
  describeManager,
  MANAGEMENT_RULES,
  managedByOf,
  type ObjectMetadata,
} from '../../../src/domain/managed-by.js';

const meta = (
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
): ObjectMetadata => ({ labels, annotations });

const FLUX_KS = {
  'kustomize.toolkit.fluxcd.io/name': 'payments',
  'kustomize.toolkit.fluxcd.io/namespace': 'apps',
};
const FLUX_HR = {
  'helm.toolkit.fluxcd.io/name': 'payments',
  'helm.toolkit.fluxcd.io/namespace': 'flux-system',
};
const HELM_ANNOTATIONS = {
  'meta.helm.sh/release-name': 'payments',
  'meta.helm.sh/release-namespace': 'payments',
};
const TRACKING = { 'argocd.argoproj.io/tracking-id': 'payments-prod:apps/Deployment:payments/web' };

describe('managedByOf: each tool', () => {
  it.each<[string, ObjectMetadata, string, string]>([
    [
      'Flux kustomize-controller labels',
      meta(FLUX_KS),
      'Flux Kustomization apps/payments',
      'label kustomize.toolkit.fluxcd.io/name',
    ],
    [
      'Flux kustomize-controller name label alone',
      meta({ 'kustomize.toolkit.fluxcd.io/name': 'payments' }),
      'Flux Kustomization payments',
      'label kustomize.toolkit.fluxcd.io/name',
    ],
    [
      'Flux helm-controller origin labels',
      meta(FLUX_HR),
      'Flux HelmRelease flux-system/payments',
      'label helm.toolkit.fluxcd.io/name',
    ],
    [
      'the Argo CD tracking id (annotation tracking)',
      meta({}, TRACKING),
      'Argo CD application payments-prod',
      'annotation argocd.argoproj.io/tracking-id',
    ],
    [
      'an Argo CD tracking id of an application in another namespace',
      meta({}, { 'argocd.argoproj.io/tracking-id': 'argocd_payments-prod:/Service:payments/web' }),
      'Argo CD application argocd_payments-prod',
      'annotation argocd.argoproj.io/tracking-id',
    ],
    [
      "Argo CD's custom tracking label",
      meta({ 'argocd.argoproj.io/instance': 'payments-prod' }),
      'Argo CD application payments-prod',
      'label argocd.argoproj.io/instance',
    ],
    [
      'the instance label together with an Argo CD sync option',
      meta(
        { 'app.kubernetes.io/instance': 'payments-prod' },
        { 'argocd.argoproj.io/sync-options': 'Prune=false' },
      ),
      'Argo CD application payments-prod',
      'label app.kubernetes.io/instance',
    ],
    [
      'an Argo CD sync wave without any tracking (application unknown)',
      meta({}, { 'argocd.argoproj.io/sync-wave': '2' }),
      'Argo CD application ?',
      'annotation argocd.argoproj.io/sync-wave',
    ],
    [
      "Helm's release annotations",
      meta({ 'app.kubernetes.io/managed-by': 'Helm' }, HELM_ANNOTATIONS),
      'Helm release payments/payments',
      'annotation meta.helm.sh/release-name',
    ],
    [
      'a chart rendered with managed-by Helm and its instance',
      meta({ 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': 'payments' }),
      'Helm chart instance payments',
      'label app.kubernetes.io/managed-by',
    ],
  ])('finds %s', (_name, metadata, described, marker) => {
    const found = managedByOf(metadata);
    expect(found && describeManager(found)).toBe(described);
    expect(found?.marker).toBe(marker);
  });
});

describe('managedByOf: several markers (the more specific tool wins)', () => {
  it.each<[string, ObjectMetadata, string]>([
    [
      'Flux HelmRelease over the Helm release it drives',
      meta({ ...FLUX_HR, 'app.kubernetes.io/managed-by': 'Helm' }, HELM_ANNOTATIONS),
      'Flux HelmRelease flux-system/payments',
    ],
    [
      'the Argo CD tracking id over a chart Argo CD renders',
      meta({ 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': 'x' }, TRACKING),
      'Argo CD application payments-prod',
    ],
    [
      'a Flux Kustomization over a chart rendered into its repository',
      meta({ ...FLUX_KS, 'app.kubernetes.io/managed-by': 'Helm' }),
      'Flux Kustomization apps/payments',
    ],
    [
      'the tracking id over the instance label (annotation+label tracking)',
      meta({ 'app.kubernetes.io/instance': 'truncated-name' }, TRACKING),
      'Argo CD application payments-prod',
    ],
  ])('%s', (_name, metadata, described) => {
    const found = managedByOf(metadata);
    expect(found && describeManager(found)).toBe(described);
  });
});

describe('managedByOf: not management markers', () => {
  it.each<[string, ObjectMetadata]>([
    ['nothing at all', meta()],
    [
      'ordinary labels',
      meta({ app: 'web', team: 'payments' }, { 'deployment.kubernetes.io/revision': '3' }),
    ],
    [
      'the instance label alone (Helm charts and operators set it too)',
      meta({ 'app.kubernetes.io/instance': 'payments' }),
    ],
    [
      'the instance label with an Argo CD label that is not a tracking label',
      meta({ 'app.kubernetes.io/instance': 'payments', 'argocd.argoproj.io/secret-type': 'x' }),
    ],
    ['managed-by naming another tool', meta({ 'app.kubernetes.io/managed-by': 'kustomize' })],
    ['a Flux marker in an annotation instead of a label', meta({}, FLUX_KS)],
    [
      'the Kustomization namespace label without its name',
      meta({ 'kustomize.toolkit.fluxcd.io/namespace': 'apps' }),
    ],
    ['a lookalike Flux group', meta({ 'kustomize.toolkit.fluxcd.io.example.com/name': 'x' })],
    ['a lookalike Flux prefix', meta({ 'toolkit.fluxcd.io/name': 'x', 'fluxcd.io/name': 'y' })],
    ['a lookalike Argo CD domain', meta({}, { 'argocd.argoproj.io.example.com/sync-wave': '1' })],
    ['Argo CD prefix without its slash', meta({}, { 'argocd.argoproj.io-sync-wave': '1' })],
    ['a lookalike Helm domain', meta({}, { 'meta.helm.sh.example.com/release-name': 'x' })],
    [
      'the Helm chart label (a chart name, not a release)',
      meta({ 'helm.sh/chart': 'payments-1.2.0' }),
    ],
    [
      'a Flux Kustomization object told not to reconcile it',
      meta(FLUX_KS, { 'kustomize.toolkit.fluxcd.io/reconcile': 'disabled' }),
    ],
    [
      'a Flux Kustomization object applied only when missing',
      meta(FLUX_KS, { 'kustomize.toolkit.fluxcd.io/ssa': 'IfNotPresent' }),
    ],
    [
      'a Flux Kustomization object it skips',
      meta(FLUX_KS, { 'kustomize.toolkit.fluxcd.io/ssa': 'Ignore' }),
    ],
  ])('ignores %s', (_name, metadata) => {
    expect(managedByOf(metadata)).toBeUndefined();
  });

  it.each<[string, ObjectMetadata]>([
    [
      'ssa Merge (the manifests still override their fields)',
      meta(FLUX_KS, { 'kustomize.toolkit.fluxcd.io/ssa': 'Merge' }),
    ],
    ['reconcile enabled', meta(FLUX_KS, { 'kustomize.toolkit.fluxcd.io/reconcile': 'enabled' })],
    [
      "a Kustomization's exemption on a HelmRelease object (not that controller's)",
      meta(FLUX_HR, { 'kustomize.toolkit.fluxcd.io/reconcile': 'disabled' }),
    ],
  ])('still reports a Flux object with %s', (_name, metadata) => {
    expect(managedByOf(metadata)?.tool).toBe('Flux');
  });
});

describe('managedByOf: letter case', () => {
  it.each<[string, ObjectMetadata]>([
    ['an upper-case Flux prefix', meta({ 'Kustomize.Toolkit.FluxCD.io/name': 'x' })],
    ['an upper-case Helm annotation', meta({}, { 'Meta.Helm.sh/release-name': 'x' })],
    [
      'an upper-case Argo CD annotation',
      meta({}, { 'ArgoCD.argoproj.io/tracking-id': 'a:b/c:d/e' }),
    ],
    ['an upper-case managed-by key', meta({ 'App.Kubernetes.io/managed-by': 'Helm' })],
  ])('keys are exact (Kubernetes keys are case-sensitive): %s is another key', (_name, m) => {
    expect(managedByOf(m)).toBeUndefined();
  });

  it.each(['Helm', 'helm', 'HELM'])('managed-by %s means Helm', (value) => {
    expect(managedByOf(meta({ 'app.kubernetes.io/managed-by': value }))?.tool).toBe('Helm');
  });

  it('a Flux exemption value is exact (an unknown spelling leaves the object managed)', () => {
    const found = managedByOf(
      meta(FLUX_KS, { 'kustomize.toolkit.fluxcd.io/reconcile': 'Disabled' }),
    );
    expect(found?.tool).toBe('Flux');
  });
});

describe('MANAGEMENT_RULES', () => {
  it('covers each tool and says what every marker tells', () => {
    expect(new Set(MANAGEMENT_RULES.map((r) => r.tool))).toEqual(
      new Set(['Flux', 'Argo CD', 'Helm']),
    );
    for (const rule of MANAGEMENT_RULES) expect(rule.tells.length).toBeGreaterThan(10);
  });
});
