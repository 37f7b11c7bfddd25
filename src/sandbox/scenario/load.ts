import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { Scenario } from '../state/scenario.js';
import { checkScenario } from './checks.js';
import { resolveLatency, type LatencyProfileName, type SandboxLatency } from './latency.js';
import { scenarioFileSchema, type ScenarioFile } from './schema.js';

/** winshift's principal when a scenario declares none. */
export const DEFAULT_WINSHIFT_PRINCIPAL_ID = '3c1e6f0a-7d52-4b8e-9f3a-5b2d8c4e1a70';

/** A scenario as the sandbox runs it: the emulator's Scenario plus the sandbox's own settings. */
export interface SandboxScenario extends Scenario {
  readonly description?: string;
  /** The principal whose token (`sandbox:<id>`) winshift uses (WINSHIFT_SANDBOX_TOKEN). */
  readonly winshiftPrincipalId: string;
  /** The profile the latencies came from, and the latencies themselves (profile + overrides). */
  readonly latencyProfile: LatencyProfileName;
  readonly latency: Required<SandboxLatency>;
}

/** A scenario that failed to load: `problems` lists every one, each naming its path. */
export class ScenarioError extends Error {
  readonly code = 'SCENARIO_INVALID';
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid scenario ${source}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ScenarioError';
  }
}

function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

function toSandboxScenario(file: ScenarioFile): SandboxScenario {
  const { winshift, latency, description, ...scenario } = file;
  const profile = typeof latency === 'string' ? latency : (latency?.profile ?? 'small');
  const overrides: SandboxLatency & { profile?: unknown } =
    typeof latency === 'object' ? { ...latency } : {};
  delete overrides.profile;
  return {
    ...scenario,
    ...(description !== undefined ? { description } : {}),
    winshiftPrincipalId: winshift?.principalId ?? DEFAULT_WINSHIFT_PRINCIPAL_ID,
    latencyProfile: profile,
    latency: resolveLatency(profile, overrides),
  };
}

/** Validates parsed YAML/JSON; throws a ScenarioError listing every problem. */
export function scenarioFromObject(value: unknown, source = 'scenario'): SandboxScenario {
  const parsed = scenarioFileSchema.safeParse(value);
  if (!parsed.success)
    throw new ScenarioError(
      source,
      parsed.error.issues.map(
        (issue) => `${pathText(issue.path) || '(top level)'}: ${issue.message}`,
      ),
    );
  const problems = checkScenario(parsed.data);
  if (problems.length > 0) throw new ScenarioError(source, problems);
  return toSandboxScenario(parsed.data);
}

/** Parses scenario YAML (syntax errors carry their line and column). */
export function parseScenarioYaml(text: string, source = 'scenario'): SandboxScenario {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0)
    throw new ScenarioError(
      source,
      document.errors.map((error) => error.message.split('\n')[0] ?? error.message),
    );
  return scenarioFromObject(document.toJS(), source);
}

/** Reads and validates a scenario file. */
export async function loadScenarioFile(file: string): Promise<SandboxScenario> {
  return parseScenarioYaml(await readFile(file, 'utf8'), file);
}
