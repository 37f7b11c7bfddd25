import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The local host's access keys, as the real host keeps them in its key store. */
export interface HostKeys {
  /** Accepted by `authLevel: function` functions (`code` query or `x-functions-key` header). */
  function: string;
  /** The master key: accepted at every level and for `/admin` routes. */
  master: string;
  /** The `eventgrid_extension` system key that guards the Event Grid webhook. */
  eventGrid: string;
}

export const KEY_SETTINGS = {
  function: 'LOCAL_HOST_FUNCTION_KEY',
  master: 'LOCAL_HOST_MASTER_KEY',
  eventGrid: 'LOCAL_HOST_EVENTGRID_KEY',
} as const;

/** Where timers keep their schedule status (default `<app>/.winshift/timers`). */
export const TIMER_STATUS_DIR_SETTING = 'LOCAL_HOST_TIMER_STATUS_DIR';

/**
 * `AzureWebJobs.<name>.Disabled` (or `AzureWebJobs_<name>_Disabled`, the form Linux environments
 * allow) set to `true` or `1` turns a function off, as in the real host.
 */
export function isFunctionDisabled(name: string, settings: Record<string, string>): boolean {
  const lower = name.toLowerCase();
  const wanted = new Set([`azurewebjobs.${lower}.disabled`, `azurewebjobs_${lower}_disabled`]);
  return Object.entries(settings).some(
    ([key, value]) => wanted.has(key.toLowerCase()) && /^(true|1)$/i.test(value.trim()),
  );
}

/** `local.settings.json` `Values` (when present) overlaid by the process environment. */
export async function loadAppSettings(
  appDir: string,
  environment: NodeJS.ProcessEnv,
): Promise<Record<string, string>> {
  const file = path.join(appDir, 'local.settings.json');
  const settings: Record<string, string> = {};
  if (existsSync(file)) {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { Values?: Record<string, unknown> };
    for (const [key, value] of Object.entries(parsed.Values ?? {})) settings[key] = String(value);
  }
  for (const [key, value] of Object.entries(environment)) {
    if (value !== undefined) settings[key] = value;
  }
  return settings;
}

/** Keys from settings; a missing one is generated, so a host never runs with an open door. */
export function resolveKeys(settings: Record<string, string>): HostKeys {
  const pick = (name: string): string => settings[name] || randomBytes(24).toString('base64url');
  return {
    function: pick(KEY_SETTINGS.function),
    master: pick(KEY_SETTINGS.master),
    eventGrid: pick(KEY_SETTINGS.eventGrid),
  };
}

export async function loadHostJson(appDir: string): Promise<Record<string, unknown>> {
  const file = path.join(appDir, 'host.json');
  if (!existsSync(file)) return {};
  return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
}

/** `extensions.http.routePrefix` from host.json; `api` when unset, as the real host does. */
export function routePrefixOf(hostJson: Record<string, unknown>): string {
  const extensions = hostJson.extensions as { http?: { routePrefix?: unknown } } | undefined;
  const prefix = extensions?.http?.routePrefix;
  return typeof prefix === 'string' ? prefix.replace(/^\/+|\/+$/g, '') : 'api';
}

/** Resolves `%NAME%` references in host.json values against app settings, as the host does. */
export function resolveSettingReferences(value: string, settings: Record<string, string>): string {
  return value.replace(/%([^%]+)%/g, (_match, name: string) => settings[name] ?? '');
}
