import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AZURE_EXAMPLES_DIR } from '../../support/azure-examples.js';

// The postdeploy hook against a fake `az` on PATH that records every call and answers like ARM.
const repoRoot = process.cwd();
const hook = path.join(repoRoot, 'infra', 'hooks', 'eventgrid-subscriptions.sh');
const examples = path.join(AZURE_EXAMPLES_DIR, 'eventgrid-aks', 'event-grid-schema');

const CLUSTER =
  '/subscriptions/1111/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks1';
const APP =
  '/subscriptions/2222/resourceGroups/rg-app/providers/Microsoft.Web/sites/func-winshift-x';
const STORAGE =
  '/subscriptions/2222/resourceGroups/rg-app/providers/Microsoft.Storage/storageAccounts/stx';
const TOPIC =
  '/subscriptions/1111/resourceGroups/rg-aks/providers/Microsoft.EventGrid/systemTopics/existing';

// Answers by method and URL; the topic list comes from FAKE_TOPICS (tsv), the subscription state from
// FAKE_STATE. Arguments are logged one call per line, separated by \x1f, newlines flattened.
const FAKE_AZ = `#!/usr/bin/env bash
line=''
for arg in "$@"; do line+="\${arg//$'\\n'/ }"$'\\x1f'; done
printf '%s\\n' "$line" >> "$AZ_LOG"
method='' url=''
while [ $# -gt 0 ]; do
  case "$1" in --method) method=$2; shift ;; --url) url=$2; shift ;; esac
  shift
done
case "$method $url" in
  "get "*systemTopics\\?*) printf '%b' "\${FAKE_TOPICS:-}" ;;
  "get "*eventSubscriptions*) echo "\${FAKE_STATE:-Succeeded}" ;;
  "get "*managedClusters*) echo westeurope ;;
  "put "*eventSubscriptions*) ;;
  "put "*systemTopics*) echo created-principal ;;
  "patch "*systemTopics*) echo patched-principal ;;
esac
exit 0
`;

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'winshift-hook-'));
  writeFileSync(path.join(dir, 'az'), FAKE_AZ);
  chmodSync(path.join(dir, 'az'), 0o755);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface HookRun {
  status: number | null;
  stderr: string;
  calls: string[][];
}

function runHook(env: Record<string, string>): HookRun {
  const log = path.join(dir, `calls-${Date.now()}-${Math.random()}.log`);
  writeFileSync(log, '');
  const result = spawnSync('bash', [hook], {
    env: {
      PATH: `${dir}:${process.env.PATH ?? ''}`,
      AZ_LOG: log,
      AZURE_FUNCTION_APP_ID: APP,
      AZURE_STORAGE_ACCOUNT_ID: STORAGE,
      EVENTGRID_DEADLETTER_CONTAINER: 'eventgrid-deadletter',
      WINSHIFT_EVENTGRID_POLL_SECONDS: '0',
      WINSHIFT_EVENTGRID_WAIT_POLLS: '2',
      ...env,
    },
    encoding: 'utf8',
  });
  const calls = readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\x1f').slice(0, -1));
  return { status: result.status, stderr: result.stderr, calls };
}

const argAfter = (call: string[], flag: string): string | undefined => call[call.indexOf(flag) + 1];
const find = (run: HookRun, method: string, urlPart: string): string[][] =>
  run.calls.filter(
    (c) => argAfter(c, '--method') === method && (argAfter(c, '--url') ?? '').includes(urlPart),
  );

function exampleEventTypes(): string[] {
  return readdirSync(examples)
    .map(
      (file) =>
        (JSON.parse(readFileSync(path.join(examples, file), 'utf8')) as { eventType: string })
          .eventType,
    )
    .sort();
}

describe('the Event Grid postdeploy hook', () => {
  it('does nothing without clusters', () => {
    const run = runHook({ WINSHIFT_EVENTGRID_CLUSTER_IDS: ' ' });
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([]);
  });

  it('refuses to run without the provisioned outputs', () => {
    const run = runHook({ WINSHIFT_EVENTGRID_CLUSTER_IDS: CLUSTER, AZURE_FUNCTION_APP_ID: '' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('AZURE_FUNCTION_APP_ID is not set');
  });

  it('creates a system topic with an identity, lets it dead-letter, and subscribes aksEvents', () => {
    const run = runHook({ WINSHIFT_EVENTGRID_CLUSTER_IDS: CLUSTER });
    expect(run.status).toBe(0);

    const [topicPut] = find(run, 'put', '/providers/Microsoft.EventGrid/systemTopics/aks1-events?');
    expect(argAfter(topicPut!, '--url')).toContain('/subscriptions/1111/resourceGroups/rg-aks/');
    expect(JSON.parse(argAfter(topicPut!, '--body')!)).toEqual({
      location: 'westeurope',
      identity: { type: 'SystemAssigned' },
      properties: { source: CLUSTER, topicType: 'Microsoft.ContainerService.ManagedClusters' },
    });

    const roleCall = run.calls.find((c) => c[0] === 'role')!;
    expect(argAfter(roleCall, '--assignee-object-id')).toBe('created-principal');
    expect(argAfter(roleCall, '--scope')).toBe(
      `${STORAGE}/blobServices/default/containers/eventgrid-deadletter`,
    );

    const [subscriptionPut] = find(run, 'put', '/eventSubscriptions/winshift-aks-events?');
    const body = JSON.parse(argAfter(subscriptionPut!, '--body')!) as {
      properties: Record<string, { [key: string]: unknown }>;
    };
    expect(body.properties.destination).toMatchObject({
      endpointType: 'AzureFunction',
      properties: { resourceId: `${APP}/functions/aksEvents` },
    });
    expect((body.properties.filter!.includedEventTypes as string[]).sort()).toEqual(
      exampleEventTypes(),
    );
    expect(body.properties.deadLetterWithResourceIdentity).toEqual({
      identity: { type: 'SystemAssigned' },
      deadLetterDestination: {
        endpointType: 'StorageBlob',
        properties: { resourceId: STORAGE, blobContainerName: 'eventgrid-deadletter' },
      },
    });
  });

  it.each([
    ['UserAssigned', 'uai-principal', 'SystemAssigned, UserAssigned', 'patched-principal'],
    ['', '', 'SystemAssigned', 'patched-principal'],
    ['SystemAssigned', 'topic-principal', undefined, 'topic-principal'],
  ])('reuses the existing topic (identity %o)', (type, principal, patchedType, assignee) => {
    // The topic's source differs in case: resource ids compare case-insensitively.
    const topics = `${TOPIC}\\t${CLUSTER.toLowerCase()}\\t${type}\\t${principal}\\n`;
    const run = runHook({ WINSHIFT_EVENTGRID_CLUSTER_IDS: CLUSTER, FAKE_TOPICS: topics });
    expect(run.status).toBe(0);
    expect(find(run, 'put', '/systemTopics/aks1-events')).toEqual([]);
    const patches = find(run, 'patch', TOPIC);
    expect(
      patches.map(
        (p) => (JSON.parse(argAfter(p, '--body')!) as { identity: { type: string } }).identity.type,
      ),
    ).toEqual(patchedType ? [patchedType] : []);
    expect(
      argAfter(
        run.calls.find((c) => c[0] === 'role')!,
        '--assignee-object-id',
      ),
    ).toBe(assignee);
    expect(find(run, 'put', `${TOPIC}/eventSubscriptions/winshift-aks-events`)).toHaveLength(1);
  });

  it('fails when the subscription does not provision', () => {
    const run = runHook({ WINSHIFT_EVENTGRID_CLUSTER_IDS: CLUSTER, FAKE_STATE: 'Failed' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('ended Failed');
  });
});
