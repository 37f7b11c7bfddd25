/**
 * Names for the new Windows pool. AKS limits Windows pool names to 1-6 characters, lowercase letters
 * and digits, starting with a letter (the name prefixes the Windows computer names), unique in the
 * cluster.
 */
import { WinshiftError } from './errors.js';
import type { OsSku } from './os.js';

export const POOL_NAME_MAX_LENGTH = 6;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const ALPHANUMERIC = `${LETTERS}0123456789`;

/**
 * Why `name` cannot be the new Windows pool's name, or undefined when it can. The reason is precise
 * enough to show a user who asked for that name.
 */
export function poolNameProblem(
  name: string,
  existingPoolNames: readonly string[],
): string | undefined {
  if (name.length === 0) return 'a pool name cannot be empty';
  if (name.length > POOL_NAME_MAX_LENGTH) {
    return `"${name}" has ${name.length} characters; Windows pool names have at most ${POOL_NAME_MAX_LENGTH}`;
  }
  if (!/^[a-z]/.test(name)) return `"${name}" must start with a lowercase letter`;
  const bad = [...name].find((c) => !ALPHANUMERIC.includes(c));
  if (bad !== undefined) {
    return `"${name}" contains "${bad}"; only lowercase letters and digits are allowed`;
  }
  if (poolNameTaken(name, existingPoolNames)) {
    return `a pool named "${name}" already exists in the cluster`;
  }
  return undefined;
}

/** Whether a pool of the cluster already has this name (AKS compares names case-insensitively). */
export function poolNameTaken(name: string, existingPoolNames: readonly string[]): boolean {
  return existingPoolNames.some((existing) => existing.toLowerCase() === name.toLowerCase());
}

/** Throws INVALID_INPUT (bad form) or POOL_EXISTS (taken) for a user-requested name. */
export function assertPoolName(name: string, existingPoolNames: readonly string[]): void {
  const problem = poolNameProblem(name, existingPoolNames);
  if (problem === undefined) return;
  const taken = problem.includes('already exists');
  throw new WinshiftError(taken ? 'POOL_EXISTS' : 'INVALID_INPUT', problem);
}

/** Candidates in order: `w22a`..`w22z`, then `w22aa`..`w22z9`, then `win22a`..`win22z`. */
function* candidates(prefix: string): Generator<string> {
  for (const a of LETTERS) yield `${prefix}${a}`;
  for (const a of LETTERS) for (const b of ALPHANUMERIC) yield `${prefix}${a}${b}`;
  for (const a of LETTERS) yield `win${prefix.slice(1)}${a}`;
}

/**
 * A readable, unused name for the new pool: `w22a` for Windows2022 (`w25a` for Windows2025), then the
 * next free letter. Deterministic for the same inputs, so a replanned run proposes the same name.
 * The 988 candidates far exceed AKS's 100 pools per cluster; exhausting them is reported, not looped.
 */
export function suggestPoolName(targetSku: OsSku, existingPoolNames: readonly string[]): string {
  const taken = new Set(existingPoolNames.map((name) => name.toLowerCase()));
  const prefix = `w${targetSku.slice(-2)}`;
  for (const name of candidates(prefix)) if (!taken.has(name)) return name;
  throw new WinshiftError('POOL_EXISTS', `every candidate pool name starting "${prefix}" is taken`);
}
