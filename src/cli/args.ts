/**
 * `winshift <command> [options]`: the command line parsed into one typed command, or a usage error
 * naming what is wrong. No I/O here, so a table tests every form.
 */
import { parseArgs } from 'node:util';

export const COMMANDS = [
  'plan',
  'start',
  'status',
  'watch',
  'approve',
  'cancel',
  'terminate',
  'fleet',
  'list',
  'patches',
  'audit',
] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface Common {
  readonly url: string;
  readonly key?: string;
  /** A bearer token (WINSHIFT_AUTH=entra), sent instead of a key. */
  readonly token?: string;
  /** Sign in with @azure/identity for api://<clientId>/.default (no token or key given). */
  readonly signIn?: { readonly clientId: string; readonly tenantId?: string };
  readonly json: boolean;
}

type Cmd<N extends string, X = unknown> = Common & { readonly name: N } & X;
type WithBody = { readonly body: Record<string, unknown>; readonly watch: boolean };
type WithId = { readonly id: string };
export type PatchFormat = 'yaml' | 'json';
type WithPatches = WithId & {
  readonly format: PatchFormat;
  readonly managed: boolean;
  readonly out?: string;
};

export type Command =
  | Cmd<'plan', WithBody>
  | Cmd<'start', WithBody>
  | Cmd<'status', WithId>
  | Cmd<'watch', WithId>
  | Cmd<'approve', WithId>
  | Cmd<'cancel', WithId & { readonly reason?: string }>
  | Cmd<'terminate', WithId & { readonly reason: string }>
  | Cmd<'list', { readonly query: Readonly<Record<string, string>> }>
  | Cmd<'fleet'>
  | Cmd<'patches', WithPatches>
  | Cmd<'audit', WithAudit>
  | { readonly name: 'help' };

/** `audit <id> [--format json|csv]` (one run) or `audit --since 7d [--cluster] [--actor]` (all). */
export type WithAudit =
  | { readonly id: string; readonly format: 'json' | 'csv' }
  | { readonly since: string; readonly query: Readonly<Record<string, string>> };

export const DEFAULT_URL = 'http://127.0.0.1:7071';

export const USAGE = `usage: winshift <command> [options]

commands:
  plan    --cluster <resource id> --pool <name> [upgrade options]   dry run: the plan, nothing changes
  start   --cluster <resource id> --pool <name> [upgrade options] [--watch]
  status  <id>                 the upgrade's status once
  watch   <id>                 live progress until it ends
  approve <id>                 approve the old pool's deletion
  cancel  <id> [--reason <text>]   cancel and roll back
  terminate <id> --reason <text>   stop a stuck run without rollback; says what it left
  list    [--status <state>] [--cluster <resource id>] [--since <ISO time>]
  fleet                        the last fleet scan's report
  patches <id> [--format yaml|json] [--managed] [--out <dir>]
                               the plan's change to each workload (a dry run's or an upgrade's id), to
                               commit where Flux, Argo CD or Helm applies it: stdout, or one file per
                               workload in <dir> (yaml: strategic merge; json: RFC 6902 JSON patch)
  audit   <id> [--format csv]  the run's audit trail: who asked what, every write and its outcome
  audit   --since <7d|ISO time> [--cluster <resource id>] [--actor <object id | key:<name> | winshift>]
                               every run's audit entries since then (all pages)

upgrade options:
  --target-os <Windows2022|Windows2025>  --new-pool <name>  --no-pre-pull
  --auto-approve-after <seconds>  --drain-timeout <seconds>  --image-map <from=to>...
  --managed-workloads <allow|refuse>     workloads GitOps or Helm manage: warn or block
  --body <json>                          the request body as JSON (overrides the flags)

options:
  --url <base url>   default ${DEFAULT_URL} (or WINSHIFT_URL)
  --key <key>        function key (or WINSHIFT_FUNCTION_KEY), for WINSHIFT_AUTH=keys
  --token <token>    bearer token (or WINSHIFT_TOKEN), for WINSHIFT_AUTH=entra; locally:
                     npm run -s token -- --roles Winshift.Read,Winshift.Operate
  --client-id <id>   the API's client id (or WINSHIFT_API_CLIENT_ID): without a token or key,
                     sign in (Azure CLI session, else a browser) for api://<id>/.default
  --tenant <id>      the tenant to sign in to (or WINSHIFT_TENANT_ID)
  --json             raw JSON output
`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const OPTIONS = {
  url: { type: 'string' },
  key: { type: 'string' },
  token: { type: 'string' },
  'client-id': { type: 'string' },
  tenant: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  cluster: { type: 'string' },
  pool: { type: 'string' },
  'target-os': { type: 'string' },
  'new-pool': { type: 'string' },
  'no-pre-pull': { type: 'boolean', default: false },
  'auto-approve-after': { type: 'string' },
  'drain-timeout': { type: 'string' },
  'image-map': { type: 'string', multiple: true },
  body: { type: 'string' },
  watch: { type: 'boolean', default: false },
  reason: { type: 'string' },
  status: { type: 'string' },
  since: { type: 'string' },
  'managed-workloads': { type: 'string' },
  format: { type: 'string' },
  managed: { type: 'boolean', default: false },
  out: { type: 'string' },
  actor: { type: 'string' },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>
>['values'];

function seconds(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--${name}: "${raw}" is not a whole number of seconds`);
  return n;
}

function imageMap(pairs: readonly string[] | undefined): Record<string, string> | undefined {
  if (!pairs || pairs.length === 0) return undefined;
  const map: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0 || at === pair.length - 1)
      throw new UsageError(`--image-map: "${pair}" is not from=to`);
    map[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return map;
}

/** The POST /api/plans|upgrades body: { clusterResourceId, poolName, options }. */
function requestBody(v: Values): Record<string, unknown> {
  if (v.body !== undefined) {
    try {
      const parsed = JSON.parse(v.body) as unknown;
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        return parsed as Record<string, unknown>;
    } catch {
      // reported below
    }
    throw new UsageError('--body: not a JSON object');
  }
  if (!v.cluster) throw new UsageError('--cluster <resource id> is required');
  if (!v.pool) throw new UsageError('--pool <name> is required');
  const options = Object.fromEntries(
    Object.entries({
      targetOsSku: v['target-os'],
      newPoolName: v['new-pool'],
      prePull: v['no-pre-pull'] ? false : undefined,
      autoApproveAfterSoakInSeconds: seconds('auto-approve-after', v['auto-approve-after']),
      drainTimeoutInSeconds: seconds('drain-timeout', v['drain-timeout']),
      imageMap: imageMap(v['image-map']),
      managedWorkloads: v['managed-workloads'],
    }).filter(([, value]) => value !== undefined),
  );
  return { clusterResourceId: v.cluster, poolName: v.pool, options };
}

function patchesOf(v: Values): Omit<WithPatches, 'id'> {
  const format = v.format ?? 'yaml';
  if (format !== 'yaml' && format !== 'json')
    throw new UsageError(`--format: "${format}" is not yaml or json`);
  if (v.out === '') throw new UsageError('--out: a directory is required');
  return { format, managed: v.managed, ...(v.out !== undefined ? { out: v.out } : {}) };
}

function auditOf(v: Values, positionals: readonly string[]): WithAudit {
  const id = positionals[1];
  if (id !== undefined) {
    const format = v.format ?? 'json';
    if (format !== 'json' && format !== 'csv')
      throw new UsageError(`--format: "${format}" is not json or csv`);
    return { id, format };
  }
  if (!v.since)
    throw new UsageError('audit needs an upgrade id, or --since <7d|ISO time> for every run');
  const query = Object.entries({ since: v.since, cluster: v.cluster, actor: v.actor }).filter(
    (e): e is [string, string] => e[1] !== undefined,
  );
  return { since: v.since, query: Object.fromEntries(query) };
}

function idOf(name: string, positionals: readonly string[]): string {
  const id = positionals[1];
  if (!id) throw new UsageError(`${name} needs the upgrade id: winshift ${name} <id>`);
  return id;
}

/** How to authenticate: a token, else a key, else a sign-in for the API's client id. */
function credentialsOf(
  v: Values,
  env: Readonly<Record<string, string | undefined>>,
): Pick<Common, 'key' | 'token' | 'signIn'> {
  const token = v.token ?? env['WINSHIFT_TOKEN'];
  if (token) return { token };
  const key = v.key ?? env['WINSHIFT_FUNCTION_KEY'];
  if (key) return { key };
  const clientId = v['client-id'] ?? env['WINSHIFT_API_CLIENT_ID'];
  if (!clientId) return {};
  const tenantId = v.tenant ?? env['WINSHIFT_TENANT_ID'];
  return { signIn: { clientId, ...(tenantId ? { tenantId } : {}) } };
}

function commonOf(v: Values, env: Readonly<Record<string, string | undefined>>): Common {
  const url = v.url ?? env['WINSHIFT_URL'] ?? DEFAULT_URL;
  if (!URL.canParse(url)) throw new UsageError(`--url: "${url}" is not a URL`);
  return { url, json: v.json, ...credentialsOf(v, env) };
}

function listQuery(v: Values): Record<string, string> {
  return Object.fromEntries(
    Object.entries({ status: v.status, cluster: v.cluster, since: v.since }).filter(
      (e): e is [string, string] => e[1] !== undefined,
    ),
  );
}

function commandOf(
  name: CommandName,
  common: Common,
  v: Values,
  positionals: readonly string[],
): Command {
  switch (name) {
    case 'plan':
    case 'start':
      return { ...common, name, body: requestBody(v), watch: v.watch };
    case 'status':
    case 'watch':
    case 'approve':
      return { ...common, name, id: idOf(name, positionals) };
    case 'cancel':
      return {
        ...common,
        name,
        id: idOf(name, positionals),
        ...(v.reason ? { reason: v.reason } : {}),
      };
    case 'terminate':
      if (!v.reason)
        throw new UsageError('terminate needs --reason <text>: why the run is stopped');
      return { ...common, name, id: idOf(name, positionals), reason: v.reason };
    case 'list':
      return { ...common, name, query: listQuery(v) };
    case 'fleet':
      return { ...common, name };
    case 'patches':
      return { ...common, name, id: idOf(name, positionals), ...patchesOf(v) };
    case 'audit':
      return { ...common, name, ...auditOf(v, positionals) };
  }
}

export function parseCommandLine(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values: v, positionals } = parsed;
  const name = positionals[0];
  if (v.help || name === undefined || name === 'help') return { name: 'help' };
  const known = COMMANDS.find((c) => c === name);
  if (!known) throw new UsageError(`unknown command "${name}"`);
  return commandOf(known, commonOf(v, env), v, positionals);
}
