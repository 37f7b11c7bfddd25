/**
 * The patches a user commits (issue 12 item 4): winshift's change to each workload of a stored plan
 * (a dry run's `plan-...` or an upgrade's `upg-...`), built by the domain (repository-patches.ts) and
 * written as a YAML stream of strategic merge patches or as JSON with both forms. A GitOps tool
 * (Flux, Argo CD) or a Helm upgrade then keeps the workload where winshift moved it.
 */
import { stringify } from 'yaml';
import type { Plan } from '../domain/plan.js';
import { repositoryPatches, type RepositoryPatch } from '../domain/repository-patches.js';
import type { AppDeps } from './deps.js';
import type { PatchesQuery } from './requests.js';

/** `application/json`: every workload's file with both forms. */
export interface PatchesDocument {
  readonly id: string;
  readonly sourcePool: string;
  readonly targetPool: string;
  readonly targetOsSku: string;
  readonly files: readonly RepositoryPatch[];
}

export type PatchesResult =
  /** No such instance, or it has no stored plan (yet, or purged). */
  | { readonly outcome: 'notFound' }
  | { readonly outcome: 'yaml'; readonly text: string }
  | { readonly outcome: 'json'; readonly document: PatchesDocument };

const comment = (lines: readonly string[]): string => lines.map((l) => `# ${l}\n`).join('');

/** One document: who it is for and the file it suggests, then the strategic merge patch. */
function yamlDocument(patch: RepositoryPatch): string {
  return `---\n${comment([patch.title, `file: ${patch.path}`])}${stringify(patch.strategicMerge)}`;
}

/**
 * The multi-document stream: a header saying where it comes from and what to do with it, then one
 * strategic merge patch per workload (none: the header alone).
 */
export function patchesYaml(
  instanceId: string,
  plan: Plan,
  patches: readonly RepositoryPatch[],
): string {
  const header = comment([
    `winshift: the change of ${instanceId}, pool ${plan.sourcePool.name} (${plan.sourcePool.osSku}) -> ${plan.target.poolName} (${plan.target.osSku}).`,
    'Strategic merge patches, one per workload: commit each as its file and list it under `patches:`',
    'of the kustomization that builds the workload (a Flux HelmRelease: spec.postRenderers).',
    'Commit them once winshift has moved the workloads, before approving the old pool deletion.',
  ]);
  return `${header}${patches.map(yamlDocument).join('')}`;
}

/** The stored plan's patches in the format asked for; notFound without a stored plan. */
export async function planPatches(
  deps: Pick<AppDeps, 'store'>,
  instanceId: string,
  query: PatchesQuery,
): Promise<PatchesResult> {
  const plan = await deps.store.loadPlan(instanceId);
  if (plan === undefined) return { outcome: 'notFound' };
  const patches = repositoryPatches(plan, { managedOnly: query.managed });
  if (query.format === 'yaml')
    return { outcome: 'yaml', text: patchesYaml(instanceId, plan, patches) };
  return {
    outcome: 'json',
    document: {
      id: instanceId,
      sourcePool: plan.sourcePool.name,
      targetPool: plan.target.poolName,
      targetOsSku: plan.target.osSku,
      files: patches,
    },
  };
}
