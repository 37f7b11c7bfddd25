/**
 * `npm run -s token -- --roles Winshift.Read,Winshift.Operate [--name "Ada Lovelace"]
 * [--object-id <guid>] [--application] [--lifetime <seconds>] [--audience <client id>]`: prints an
 * access token of the running sandbox's Entra tenant for winshift's API, for a user (or with
 * --application an app-only principal) holding those app roles. It asks the sandbox's admin API
 * (`POST https://management.azure.com/_sandbox/tokens`), found through the file `npm start` and
 * `npm run sandbox` write (.winshift/sandbox.json), or the WINSHIFT_SANDBOX_HOST_MAP and
 * WINSHIFT_SANDBOX_CA_FILE settings.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sandboxJsonClient } from './https-json.js';
import { readSandboxInfo, SANDBOX_INFO_FILE } from './sandbox-info.js';

const USAGE = `usage: npm run -s token -- --roles <role,...> [--name <display name>] [--object-id <guid>]
                           [--application] [--lifetime <seconds>] [--audience <client id>]
roles: Winshift.Read, Winshift.Operate, Winshift.Approve (comma-separated; none is allowed)
--lifetime=-600: a token that expired 10 minutes ago (a negative value needs the = form)`;

const OPTIONS = {
  roles: { type: 'string', default: '' },
  name: { type: 'string' },
  'object-id': { type: 'string' },
  application: { type: 'boolean', default: false },
  lifetime: { type: 'string' },
  audience: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

/** The body of the admin API's token request. */
function tokenRequestOf(values: Values, audience: string): Record<string, unknown> {
  const lifetime = values.lifetime === undefined ? undefined : Number(values.lifetime);
  if (lifetime !== undefined && !Number.isInteger(lifetime))
    throw new Error(`--lifetime: "${values.lifetime}" is not a whole number of seconds`);
  const optional = {
    name: values.name,
    objectId: values['object-id'],
    application: values.application ? true : undefined,
    lifetimeSeconds: lifetime,
  };
  return {
    audience,
    roles: values.roles
      .split(',')
      .map((role) => role.trim())
      .filter((role) => role !== ''),
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
}

/** The running sandbox (settings first, then .winshift/sandbox.json) and the API's client id. */
async function target(
  values: Values,
): Promise<{ hostMap: string; caFile: string; audience: string }> {
  const info = await readSandboxInfo(path.resolve(SANDBOX_INFO_FILE));
  const hostMap = process.env.WINSHIFT_SANDBOX_HOST_MAP ?? info?.hostMap;
  const caFile = process.env.WINSHIFT_SANDBOX_CA_FILE ?? info?.caFile;
  const audience = values.audience ?? process.env.WINSHIFT_API_CLIENT_ID ?? info?.apiClientId;
  if (!hostMap || !caFile)
    throw new Error(
      'no running sandbox found: start one (npm start, npm run sandbox), or set WINSHIFT_SANDBOX_HOST_MAP and WINSHIFT_SANDBOX_CA_FILE',
    );
  if (!audience) throw new Error('--audience <client id> (or WINSHIFT_API_CLIENT_ID) is required');
  return { hostMap, caFile, audience };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: OPTIONS });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const { hostMap, caFile, audience } = await target(values);
  const issued = (await sandboxJsonClient({ hostMap, caFile })(
    'https://management.azure.com/_sandbox/tokens',
    { method: 'POST', body: tokenRequestOf(values, audience) },
  )) as { accessToken: string };
  console.log(issued.accessToken);
}

main().catch((error: unknown) => {
  console.error(`token: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
