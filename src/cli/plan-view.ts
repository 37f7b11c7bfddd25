/**
 * `winshift plan` and `winshift patches` as people read them: the dry run's outcome with its
 * blockers and warnings, and the patch files written one per workload (`--out`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';

interface Finding {
  readonly code: string;
  readonly subject?: string;
  readonly message: string;
}

/** POST /api/plans's answer (200 or 202), every field optional so any answer renders. */
export interface PlanAnswer {
  readonly id?: string;
  readonly state?: string;
  readonly executable?: boolean;
  readonly plan?: {
    readonly sourcePool?: string;
    readonly sourceOsSku?: string;
    readonly targetPool?: string;
    readonly targetOsSku?: string;
    readonly workloads?: readonly unknown[];
    readonly daemonSets?: readonly unknown[];
  } | null;
  readonly blockers?: readonly Finding[];
  readonly warnings?: readonly Finding[];
  readonly lastError?: { readonly code: string; readonly message: string };
  readonly statusUrl?: string;
}

const finding = (kind: string, f: Finding): string =>
  `  ${kind} ${f.code}${f.subject ? ` ${f.subject}` : ''}: ${f.message}`;

function poolsLine(plan: NonNullable<PlanAnswer['plan']>): string {
  const pool = (name?: string, sku?: string): string => `${name ?? '?'} (${sku ?? '?'})`;
  const counts = `${plan.workloads?.length ?? 0} workloads, ${plan.daemonSets?.length ?? 0} DaemonSets`;
  return `  ${pool(plan.sourcePool, plan.sourceOsSku)} -> ${pool(plan.targetPool, plan.targetOsSku)}: ${counts}`;
}

/** The dry run in a few lines: outcome, pools, counts, then each blocker and warning. */
export function renderPlan(answer: PlanAnswer): string[] {
  const id = answer.id ?? '?';
  if (answer.state === undefined) return [`planning ${id} takes longer: winshift status ${id}`];
  const verdict = answer.executable ? 'executable' : 'not executable';
  const lines = [
    `plan ${id}: ${answer.state} (${verdict})`,
    poolsLine(answer.plan ?? {}),
    ...(answer.blockers ?? []).map((b) => finding('blocker', b)),
    ...(answer.warnings ?? []).map((w) => finding('warning', w)),
  ];
  if (answer.blockers?.length === 0 && answer.lastError)
    lines.push(`  ${answer.lastError.code}: ${answer.lastError.message}`);
  if ((answer.warnings ?? []).some((w) => w.code === 'GITOPS_MANAGED'))
    lines.push(`  the patches to commit: winshift patches ${id} --managed --out <dir>`);
  return lines;
}

/** One entry of the patches' JSON answer, as far as the CLI writes it. */
interface PatchFile {
  readonly title: string;
  readonly path: string;
  readonly jsonPatchPath: string;
  readonly strategicMerge: unknown;
  readonly jsonPatch: unknown;
}

/**
 * Writes one file per workload into `dir` (created if missing): its strategic merge patch as YAML
 * under a comment naming it, or its RFC 6902 JSON patch. Only the file's own name is used, so a
 * name from the server can never write outside `dir`. Returns the files written.
 */
export async function writePatchFiles(
  dir: string,
  format: 'yaml' | 'json',
  files: readonly PatchFile[],
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const file of files) {
    const name = path.basename(format === 'yaml' ? file.path : file.jsonPatchPath);
    const content =
      format === 'yaml'
        ? `# ${file.title}\n${stringify(file.strategicMerge)}`
        : `${JSON.stringify(file.jsonPatch, null, 2)}\n`;
    const target = path.join(dir, name);
    await writeFile(target, content, 'utf8');
    written.push(target);
  }
  return written;
}
