/**
 * Every app setting winshift reads, loaded and validated once. All problems are listed together so an
 * operator fixes the configuration in one go; nothing else in winshift reads `process.env`.
 */
import { readFileSync } from 'node:fs';
import {
  parseCalendarOverride,
  DEFAULT_CALENDAR,
  type RetirementCalendar,
} from './domain/calendar.js';
import type { AutoUpgradePolicy } from './domain/auto-upgrade.js';
import { MANAGED_WORKLOAD_POLICIES, type ManagedWorkloadsPolicy } from './domain/managed-by.js';
import { errorCodeOf, WinshiftError } from './domain/errors.js';
import { parseHostMapSetting, type HostMap } from './domain/host-map.js';
import { parseHostAllowList, type HostAllowList } from './domain/registry-policy.js';
import { DEFAULT_TIMING } from './workflow/timing.js';
import {
  AUTH_SETTINGS,
  authConfig,
  authModeOf,
  type AuthConfig,
  type AuthMode,
} from './config-auth.js';

export type { AuthConfig, AuthMode };

export interface SettingSpec {
  readonly name: string;
  readonly required: boolean;
  readonly default?: string;
  readonly description: string;
}

export const DEFAULT_FLEET_SCAN_SCHEDULE = '0 0 6 * * *';
export const DEFAULT_PLAN_RETENTION_HOURS = 24;

/** The settings contract, also read by the deployment consistency test and the README. */
export const SETTINGS: readonly SettingSpec[] = [
  {
    name: 'AzureWebJobsStorage',
    required: false,
    description:
      'Storage connection string (local: UseDevelopmentStorage=true). Either this or AzureWebJobsStorage__accountName.',
  },
  {
    name: 'AzureWebJobsStorage__accountName',
    required: false,
    description:
      'Identity-based storage account name (Azure); the app identity needs Table data access.',
  },
  {
    name: 'AzureWebJobsStorage__clientId',
    required: false,
    description: 'Client id of the user-assigned identity used for identity-based storage.',
  },
  {
    name: 'WINSHIFT_TASK_HUB',
    required: true,
    description: 'Durable Functions task hub name (host.json reads %WINSHIFT_TASK_HUB%).',
  },
  {
    name: 'WINSHIFT_SUBSCRIPTIONS',
    required: true,
    description:
      'Comma-separated subscription GUIDs: the allow list for requests and the fleet scan scope.',
  },
  {
    name: 'AZURE_CLIENT_ID',
    required: false,
    description: "Client id of the app's user-assigned managed identity (DefaultAzureCredential).",
  },
  {
    name: 'WINSHIFT_PRINCIPAL_ID',
    required: false,
    description:
      "Object (principal) id of winshift's own identity: the plan looks for its access policy on gMSA vaults that use access policies. Unset: read from its ARM token's oid claim.",
  },
  {
    name: 'WINSHIFT_FLEET_SCAN_SCHEDULE',
    required: false,
    default: DEFAULT_FLEET_SCAN_SCHEDULE,
    description:
      'NCRONTAB (six fields) of the fleet scan timer. Set it in every host: the timer binding reads %WINSHIFT_FLEET_SCAN_SCHEDULE% (infra and the samples set the default).',
  },
  {
    name: 'WINSHIFT_RETIREMENT_WINDOW_DAYS',
    required: false,
    default: '90',
    description: 'A pool counts as retiring within this many days of its OS deadline.',
  },
  {
    name: 'WINSHIFT_AUTO_UPGRADE',
    required: false,
    default: 'off',
    description: 'off | retired | window: which pools a scan or an AKS event starts upgrades for.',
  },
  {
    name: 'WINSHIFT_MANAGED_WORKLOADS',
    required: false,
    default: 'allow',
    description:
      "allow | refuse: what a plan does with workloads Flux, Argo CD or Helm manage when the request's managedWorkloads does not say (allow: a warning; refuse: a blocker).",
  },
  {
    name: 'WINSHIFT_OS_CALENDAR',
    required: false,
    description: 'JSON override of the OS retirement calendar, merged per OS SKU.',
  },
  {
    name: 'WINSHIFT_ARM_REQUESTS_PER_SECOND',
    required: false,
    default: '20',
    description: 'ARM request rate the fleet scan keeps to.',
  },
  {
    name: 'WINSHIFT_SCAN_CONCURRENCY',
    required: false,
    default: '8',
    description: 'Subscriptions scanned at once.',
  },
  {
    name: 'WINSHIFT_PLAN_RETENTION_HOURS',
    required: false,
    default: String(DEFAULT_PLAN_RETENTION_HOURS),
    description:
      'Ended dry runs (plan-... instances) older than this many hours are purged, with their plans, each time the fleet scan timer fires; 0 purges every ended one.',
  },
  {
    name: 'WINSHIFT_POLL_INITIAL_SECONDS',
    required: false,
    default: String(DEFAULT_TIMING.pollInitialInSeconds),
    description:
      'First wait between two polls of a running step (pool creation, rollout, deletion); later waits are a tenth of the time waited so far.',
  },
  {
    name: 'WINSHIFT_POLL_MAX_SECONDS',
    required: false,
    default: String(DEFAULT_TIMING.pollMaxInSeconds),
    description:
      'Longest wait between two polls: a finished step is seen at most this late; shorter means more orchestration history.',
  },
  {
    name: 'WINSHIFT_REGISTRY_ALLOW',
    required: false,
    description:
      'Comma-separated registry host names (or *.domain) that may resolve to private, loopback or other internal addresses, e.g. an ACR behind a private endpoint; every other registry, token realm and redirect host must resolve to public addresses only. The sandbox sets its emulator hosts.',
  },
  {
    name: 'WINSHIFT_EVENTS_TOPIC_ENDPOINT',
    required: false,
    description:
      'Event Grid custom topic endpoint (https://<topic>.<region>-1.eventgrid.azure.net/api/events) that lifecycle events are published to, with the app identity (EventGrid Data Sender); unset: publishing is off.',
  },
  {
    name: 'WINSHIFT_SANDBOX_HOST_MAP',
    required: false,
    description: 'Sandbox only: JSON map of host name -> 127.0.0.1:port.',
  },
  {
    name: 'WINSHIFT_SANDBOX_CA_FILE',
    required: false,
    description: 'Sandbox only: PEM file of the CA that signs the sandbox endpoints.',
  },
  {
    name: 'WINSHIFT_SANDBOX_TOKEN',
    required: false,
    description:
      'Sandbox only: static bearer token; refused where WEBSITE_INSTANCE_ID is set (Azure).',
  },
  {
    name: 'WINSHIFT_SANDBOX_AUDIENCE_TOKENS',
    required: false,
    description:
      "Sandbox only: JSON map of audience -> token the sandbox's Entra issuer signed (e.g. for https://eventgrid.azure.net); other audiences get WINSHIFT_SANDBOX_TOKEN.",
  },
  ...AUTH_SETTINGS,
];

/** How often upgrades poll their running steps, when the settings change the defaults. */
export interface PollPacing {
  readonly pollInitialInSeconds: number;
  readonly pollMaxInSeconds: number;
}

export type { AutoUpgradePolicy };

export type StorageConfig =
  | { readonly kind: 'connectionString'; readonly connectionString: string }
  | { readonly kind: 'identity'; readonly accountName: string; readonly clientId?: string };

/** Sandbox mode: the one mechanism of DESIGN 3b, used by every adapter alike. */
export interface SandboxConfig {
  readonly hostMap: HostMap;
  readonly caPem: string;
  readonly token: string;
  /** Tokens for particular audiences (the sandbox's Entra issuer signed them). */
  readonly audienceTokens?: Readonly<Record<string, string>>;
}

export interface Config {
  readonly storage: StorageConfig;
  readonly taskHub: string;
  readonly subscriptions: readonly string[];
  readonly managedIdentityClientId?: string;
  /** WINSHIFT_PRINCIPAL_ID: winshift's own object id (plan-time access checks). */
  readonly principalId?: string;
  readonly fleetScanSchedule: string;
  readonly retirementWindowDays: number;
  readonly autoUpgrade: AutoUpgradePolicy;
  /** WINSHIFT_MANAGED_WORKLOADS: the default of a request's managedWorkloads. */
  readonly managedWorkloads: ManagedWorkloadsPolicy;
  readonly calendar: RetirementCalendar;
  readonly armRequestsPerSecond: number;
  readonly scanConcurrency: number;
  /** Ended dry runs older than this are purged (WINSHIFT_PLAN_RETENTION_HOURS). */
  readonly planRetentionHours: number;
  /** Set only when a poll setting is given; upgrades then carry it in their input. */
  readonly pollPacing?: PollPacing;
  readonly sandbox?: SandboxConfig;
  /** WINSHIFT_REGISTRY_ALLOW: registry hosts exempt from the address checks (ADR 0012). */
  readonly registryAllow: HostAllowList;
  /** Who may call the HTTP API, four-eyes approval, function key names (src/config-auth.ts). */
  readonly auth: AuthConfig;
  /** WINSHIFT_EVENTS_TOPIC_ENDPOINT: where lifecycle events go; absent: publishing is off. */
  readonly eventsTopicEndpoint?: string;
  /** The app's origin (from WEBSITE_HOSTNAME), for status links in lifecycle events. */
  readonly publicBaseUrl?: string;
  /** `WEBSITE_INSTANCE_ID`: set in Azure; the static-token credential refuses to run there. */
  readonly websiteInstanceId?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TASK_HUB = /^[A-Za-z][A-Za-z0-9]{2,49}$/;

function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

function integer(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const parsed = Number(raw);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    problems.push(`${name}: "${raw}" is not an integer from ${min} to ${max}`);
    return fallback;
  }
  return parsed;
}

function storage(env: Env, problems: string[]): StorageConfig {
  const connectionString = value(env, 'AzureWebJobsStorage');
  if (connectionString !== undefined) return { kind: 'connectionString', connectionString };
  const accountName = value(env, 'AzureWebJobsStorage__accountName');
  if (accountName !== undefined) {
    const clientId = value(env, 'AzureWebJobsStorage__clientId');
    return clientId === undefined
      ? { kind: 'identity', accountName }
      : { kind: 'identity', accountName, clientId };
  }
  problems.push('AzureWebJobsStorage or AzureWebJobsStorage__accountName: one is required');
  return { kind: 'connectionString', connectionString: '' };
}

function subscriptions(env: Env, problems: string[]): string[] {
  const raw = value(env, 'WINSHIFT_SUBSCRIPTIONS');
  if (raw === undefined) {
    problems.push('WINSHIFT_SUBSCRIPTIONS: required (comma-separated subscription GUIDs)');
    return [];
  }
  const ids = raw
    .split(',')
    .map((id) => id.trim().toLowerCase())
    .filter((id) => id !== '');
  const bad = ids.filter((id) => !GUID.test(id));
  if (bad.length > 0)
    problems.push(`WINSHIFT_SUBSCRIPTIONS: not subscription GUIDs: ${bad.join(', ')}`);
  if (ids.length === 0) problems.push('WINSHIFT_SUBSCRIPTIONS: lists no subscription');
  return [...new Set(ids)];
}

function principalId(env: Env, problems: string[]): string | undefined {
  const raw = value(env, 'WINSHIFT_PRINCIPAL_ID');
  if (raw === undefined || GUID.test(raw)) return raw?.toLowerCase();
  problems.push(`WINSHIFT_PRINCIPAL_ID: "${raw}" is not an object id (GUID)`);
  return undefined;
}

function calendar(env: Env, problems: string[]): RetirementCalendar {
  const raw = value(env, 'WINSHIFT_OS_CALENDAR');
  if (raw === undefined) return DEFAULT_CALENDAR;
  try {
    return parseCalendarOverride(raw);
  } catch (error) {
    problems.push(
      error instanceof Error ? error.message.replace(/^\[[A-Z_]+\]\s*/, '') : String(error),
    );
    return DEFAULT_CALENDAR;
  }
}

function autoUpgrade(env: Env, problems: string[]): AutoUpgradePolicy {
  const raw = value(env, 'WINSHIFT_AUTO_UPGRADE') ?? 'off';
  if (raw === 'off' || raw === 'retired' || raw === 'window') return raw;
  problems.push(`WINSHIFT_AUTO_UPGRADE: "${raw}" is not one of off, retired, window`);
  return 'off';
}

function managedWorkloads(env: Env, problems: string[]): ManagedWorkloadsPolicy {
  const raw = value(env, 'WINSHIFT_MANAGED_WORKLOADS') ?? 'allow';
  const policy = MANAGED_WORKLOAD_POLICIES.find((p) => p === raw);
  if (policy !== undefined) return policy;
  problems.push(
    `WINSHIFT_MANAGED_WORKLOADS: "${raw}" is not one of ${MANAGED_WORKLOAD_POLICIES.join(', ')}`,
  );
  return 'allow';
}

function fleetScanSchedule(env: Env, problems: string[]): string {
  const raw = value(env, 'WINSHIFT_FLEET_SCAN_SCHEDULE') ?? DEFAULT_FLEET_SCAN_SCHEDULE;
  if (raw.split(/\s+/).length !== 6) {
    problems.push(`WINSHIFT_FLEET_SCAN_SCHEDULE: "${raw}" is not a six-field NCRONTAB expression`);
  }
  return raw;
}

const POLL_SECONDS = { min: 0.1, max: 600 };

function seconds(env: Env, name: string, fallback: number, problems: string[]): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const parsed = Number(raw);
  if (!Number.isFinite(parsed) || parsed < POLL_SECONDS.min || parsed > POLL_SECONDS.max) {
    problems.push(
      `${name}: "${raw}" is not a number of seconds from ${POLL_SECONDS.min} to ${POLL_SECONDS.max}`,
    );
    return fallback;
  }
  return parsed;
}

function pollPacing(env: Env, problems: string[]): PollPacing | undefined {
  const names = ['WINSHIFT_POLL_INITIAL_SECONDS', 'WINSHIFT_POLL_MAX_SECONDS'];
  if (names.every((name) => value(env, name) === undefined)) return undefined;
  const pacing: PollPacing = {
    pollInitialInSeconds: seconds(env, names[0]!, DEFAULT_TIMING.pollInitialInSeconds, problems),
    pollMaxInSeconds: seconds(env, names[1]!, DEFAULT_TIMING.pollMaxInSeconds, problems),
  };
  if (pacing.pollMaxInSeconds < pacing.pollInitialInSeconds) {
    problems.push(
      `WINSHIFT_POLL_MAX_SECONDS: ${pacing.pollMaxInSeconds} is below WINSHIFT_POLL_INITIAL_SECONDS ${pacing.pollInitialInSeconds}`,
    );
  }
  return pacing;
}

function registryAllow(env: Env, problems: string[]): HostAllowList {
  const parsed = parseHostAllowList(value(env, 'WINSHIFT_REGISTRY_ALLOW') ?? '');
  problems.push(...parsed.problems.map((p) => `WINSHIFT_REGISTRY_ALLOW: ${p}`));
  return parsed.hosts;
}

function sandbox(env: Env, problems: string[]): SandboxConfig | undefined {
  const names = ['WINSHIFT_SANDBOX_HOST_MAP', 'WINSHIFT_SANDBOX_CA_FILE', 'WINSHIFT_SANDBOX_TOKEN'];
  const given = names.filter((name) => value(env, name) !== undefined);
  if (given.length === 0) return undefined;
  if (given.length < names.length) {
    const missing = names.filter((name) => !given.includes(name));
    problems.push(
      `sandbox mode needs ${names.join(', ')} together; missing: ${missing.join(', ')}`,
    );
    return undefined;
  }
  const parsed = parseHostMapSetting(value(env, 'WINSHIFT_SANDBOX_HOST_MAP') ?? '');
  problems.push(...parsed.problems.map((p) => `WINSHIFT_SANDBOX_HOST_MAP: ${p}`));
  const caFile = value(env, 'WINSHIFT_SANDBOX_CA_FILE') ?? '';
  let caPem = '';
  try {
    caPem = readFileSync(caFile, 'utf8');
    if (!caPem.includes('BEGIN CERTIFICATE'))
      problems.push(`WINSHIFT_SANDBOX_CA_FILE: ${caFile} holds no PEM certificate`);
  } catch {
    problems.push(`WINSHIFT_SANDBOX_CA_FILE: cannot read ${caFile}`);
  }
  const audienceTokens = sandboxAudienceTokens(env, problems);
  return {
    hostMap: parsed.hostMap,
    caPem,
    token: value(env, 'WINSHIFT_SANDBOX_TOKEN') ?? '',
    ...(audienceTokens ? { audienceTokens } : {}),
  };
}

function sandboxAudienceTokens(
  env: Env,
  problems: string[],
): Readonly<Record<string, string>> | undefined {
  const text = value(env, 'WINSHIFT_SANDBOX_AUDIENCE_TOKENS');
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    const valid =
      typeof parsed === 'object' &&
      parsed !== null &&
      !Array.isArray(parsed) &&
      Object.values(parsed).every((v) => typeof v === 'string' && v !== '');
    if (valid) return parsed as Record<string, string>;
  } catch {
    // reported below
  }
  problems.push('WINSHIFT_SANDBOX_AUDIENCE_TOKENS: must be a JSON object of audience -> token');
  return undefined;
}

/** An https URL of an Event Grid topic (its path is the events endpoint, `/api/events`). */
function eventsTopicEndpoint(env: Env, problems: string[]): string | undefined {
  const text = value(env, 'WINSHIFT_EVENTS_TOPIC_ENDPOINT');
  if (text === undefined) return undefined;
  try {
    const url = new URL(text);
    if (url.protocol === 'https:') return text;
  } catch {
    // reported below
  }
  problems.push(`WINSHIFT_EVENTS_TOPIC_ENDPOINT: ${text} is not an https URL`);
  return undefined;
}

/** Azure sets WEBSITE_HOSTNAME to the app's host; the local host to 127.0.0.1:<port> (plain HTTP). */
function publicBaseUrl(env: Env): string | undefined {
  const host = value(env, 'WEBSITE_HOSTNAME');
  if (host === undefined) return undefined;
  const local = /^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host);
  return `${local ? 'http' : 'https'}://${host}`;
}

/**
 * Reads and checks every setting. Throws one `[INVALID_INPUT]` error listing every problem, so the
 * host's first invocation shows the whole list instead of failing setting by setting.
 */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const taskHub = value(env, 'WINSHIFT_TASK_HUB') ?? '';
  if (!TASK_HUB.test(taskHub)) {
    problems.push('WINSHIFT_TASK_HUB: required, 3-50 letters and digits starting with a letter');
  }
  const config: Config = {
    storage: storage(env, problems),
    taskHub,
    subscriptions: subscriptions(env, problems),
    fleetScanSchedule: fleetScanSchedule(env, problems),
    retirementWindowDays: integer(env, 'WINSHIFT_RETIREMENT_WINDOW_DAYS', 90, 1, 3650, problems),
    autoUpgrade: autoUpgrade(env, problems),
    managedWorkloads: managedWorkloads(env, problems),
    calendar: calendar(env, problems),
    armRequestsPerSecond: integer(env, 'WINSHIFT_ARM_REQUESTS_PER_SECOND', 20, 1, 1000, problems),
    scanConcurrency: integer(env, 'WINSHIFT_SCAN_CONCURRENCY', 8, 1, 64, problems),
    planRetentionHours: integer(
      env,
      'WINSHIFT_PLAN_RETENTION_HOURS',
      DEFAULT_PLAN_RETENTION_HOURS,
      0,
      8760,
      problems,
    ),
    registryAllow: registryAllow(env, problems),
    auth: authConfig(env, problems),
    ...optional('pollPacing', pollPacing(env, problems)),
    ...optional('managedIdentityClientId', value(env, 'AZURE_CLIENT_ID')),
    ...optional('principalId', principalId(env, problems)),
    ...optional('sandbox', sandbox(env, problems)),
    ...optional('eventsTopicEndpoint', eventsTopicEndpoint(env, problems)),
    ...optional('publicBaseUrl', publicBaseUrl(env)),
    ...optional('websiteInstanceId', value(env, 'WEBSITE_INSTANCE_ID')),
  };
  if (problems.length > 0) {
    throw new WinshiftError('INVALID_INPUT', `configuration is invalid: ${problems.join('; ')}`);
  }
  return config;
}

function optional<K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
}

let cached: Config | undefined;

/** The process's configuration, loaded on first use (functions call this, never process.env). */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}

/**
 * WINSHIFT_AUTH alone, for the HTTP registrations (functions/api.ts through composition.ts): an
 * invalid value reads as keys, so the host still demands a key while every route answers 503.
 */
export function apiAuthMode(env: Env = process.env): AuthMode {
  return authModeOf(env);
}

/** Whether a thrown value is a configuration problem (for the health endpoint). */
export function isConfigError(error: unknown): boolean {
  return errorCodeOf(error) === 'INVALID_INPUT';
}
