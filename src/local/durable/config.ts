import { resolveSettingReferences } from '../settings.js';

/** The Durable extension's settings from host.json `extensions.durableTask`. */
export interface DurableConfig {
  hubName: string;
  maxConcurrentActivityFunctions: number;
  maxConcurrentOrchestratorFunctions: number;
  /** Only `NonRunningStates` (the default) is supported: a running id cannot be started again. */
  overridableExistingInstanceStates: string;
}

export function durableConfig(
  hostJson: Record<string, unknown>,
  settings: Record<string, string>,
): DurableConfig {
  const extensions = hostJson.extensions as { durableTask?: Record<string, unknown> } | undefined;
  const section = { ...extensions?.durableTask, ...settingOverrides(settings) };
  const hub =
    typeof section.hubName === 'string' ? resolveSettingReferences(section.hubName, settings) : '';
  const positive = (value: unknown, fallback: number): number =>
    typeof value === 'number' && value > 0 ? Math.floor(value) : fallback;
  return {
    hubName: hub || 'TestHubName',
    maxConcurrentActivityFunctions: positive(section.maxConcurrentActivityFunctions, 10),
    maxConcurrentOrchestratorFunctions: positive(section.maxConcurrentOrchestratorFunctions, 10),
    overridableExistingInstanceStates:
      typeof section.overridableExistingInstanceStates === 'string'
        ? section.overridableExistingInstanceStates
        : 'NonRunningStates',
  };
}

const OVERRIDE_PREFIX = 'azurefunctionsjobhost__extensions__durabletask__';

/**
 * host.json values overridden by app settings, as the Functions host allows
 * (`AzureFunctionsJobHost__extensions__durableTask__hubName`).
 */
function settingOverrides(settings: Record<string, string>): Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) {
    if (!key.toLowerCase().startsWith(OVERRIDE_PREFIX)) continue;
    const name = key.slice(OVERRIDE_PREFIX.length);
    const known = [
      'hubName',
      'maxConcurrentActivityFunctions',
      'maxConcurrentOrchestratorFunctions',
      'overridableExistingInstanceStates',
    ];
    const match = known.find((k) => k.toLowerCase() === name.toLowerCase());
    if (match) overrides[match] = /^\d+$/.test(value) ? Number(value) : value;
  }
  return overrides;
}

/** Azure table names are 3-63 letters and digits starting with a letter. */
export function validateHubName(hubName: string): void {
  if (!/^[A-Za-z][A-Za-z0-9]{2,44}$/.test(hubName)) {
    throw new Error(
      `durable: task hub name '${hubName}' is invalid: use 3-45 letters and digits, starting with a letter`,
    );
  }
}
