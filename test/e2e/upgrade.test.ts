/**
 * The upgrade end to end (issue 4): the product app on the local host, driven over its HTTP API,
 * against the sandbox's default scenario (a Windows Server 2019 pool `win19` of 3 nodes running the
 * payments apps on ltsc2019 images). Checked afterwards the way an operator would: ARM through the
 * real SDKs, Kubernetes through the cluster's kubeconfig. Last, the operator role of infra/main.bicep
 * is compared with the ARM, Key Vault and registry operations winshift made in all of them (issue 6).
 */
import { createHash } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import {
  AppsV1Api,
  CoreV1Api,
  KubernetesObjectApi,
  PatchStrategy,
  type KubernetesObject,
  type V1PodSpec,
} from '@kubernetes/client-node';
import {
  editedDefaultScenario,
  listPools,
  poolVmss,
  templateSpecs,
  vmssIdentities,
  workloadStates,
  type WorkloadState,
} from './support/cluster.js';
import { RoleCoverage, winshiftOperations } from '../support/deploy/role-check.js';
import type { SandboxScenario } from '../../src/sandbox/index.js';
import { auditOf, eventIdsByType, indexFrom, parseCsv, type Entry } from './support/audit.js';
import { startStack, stopE2eControlPlane, waitFor, type Stack } from './support/stack.js';
import {
  ACR_PULL,
  ACR_SCOPE,
  grantsOf,
  OLD_POOL_PRINCIPAL,
  systemIdentityScenario,
  vaultSecretPermissions,
} from './support/system-identity.js';

const GMSA_IDENTITY =
  '/subscriptions/6f1c2b7e-3d4a-4e5f-8a9b-0c1d2e3f4a5b/resourcegroups/rg-payments/providers/microsoft.managedidentity/userassignedidentities/id-payments-gmsa';
const NODE_RESOURCE_GROUP = 'MC_rg-payments_aks-payments_westeurope';
const TERMINAL = new Set(['Completed', 'Failed', 'Terminated']);
const E2E_TIMEOUT_IN_MS = 400_000;

/** Scaled to 0 (as an HPA or KEDA may leave it), pinned to the 2019 pool by os-sku: no pod. */
const IDLE_DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'statements-archive', namespace: 'payments' },
  spec: {
    replicas: 0,
    selector: { matchLabels: { app: 'statements-archive' } },
    template: {
      metadata: { labels: { app: 'statements-archive' } },
      spec: {
        nodeSelector: { 'kubernetes.azure.com/os-sku': 'Windows2019' },
        containers: [
          {
            name: 'renderer',
            image: 'contosopayments.azurecr.io/payments/report-renderer:5.0.3-ltsc2019',
          },
        ],
      },
    },
  },
};

/**
 * Pinned to the pool by its legacy agentpool label; once a year, so no Job runs during the test.
 * batch/v1beta1: the sandbox's 1.20 API server serves CronJob there only.
 */
const SETTLEMENT_CRONJOB = {
  apiVersion: 'batch/v1beta1',
  kind: 'CronJob',
  metadata: { name: 'nightly-settlement', namespace: 'payments' },
  spec: {
    schedule: '0 3 1 1 *',
    jobTemplate: {
      spec: {
        template: {
          spec: {
            restartPolicy: 'Never',
            nodeSelector: { 'kubernetes.io/os': 'windows', agentpool: 'win19' },
            containers: [
              {
                name: 'settle',
                image: 'contosopayments.azurecr.io/payments/ledger:1.8.0-ltsc2019',
              },
            ],
          },
        },
      },
    },
  },
};

let stack: Stack | undefined;
const coverage = new RoleCoverage();
afterEach(async () => {
  // What winshift called, kept before the sandbox (and its operation log) goes; a failed scenario's
  // calls count too: a call the role lacks is wrong either way.
  if (stack) {
    const { arm, winshiftPrincipalId } = stack.sandbox;
    coverage.record(winshiftOperations(arm.operations(), winshiftPrincipalId));
  }
  await stack?.stop();
  stack = undefined;
});

afterAll(stopE2eControlPlane);

/** An end-to-end scenario; the role check knows whether it ran to its end. */
function scenario(title: string, body: () => Promise<void>, timeoutInMs = E2E_TIMEOUT_IN_MS): void {
  coverage.plan(title);
  it(
    title,
    async () => {
      await body();
      coverage.complete(title);
    },
    timeoutInMs,
  );
}

interface View {
  runtimeStatus: string;
  status?: {
    phase: string;
    awaitingApproval: boolean;
    targetPool?: string;
    workloads: { ready: number; total: number };
    steps: { name: string; state: string; detail?: string }[];
    lastError?: { code: string; message: string };
  };
}

async function view(s: Stack, id: string): Promise<View> {
  const response = await s.api(`/api/upgrades/${id}`);
  expect(response.status).toBe(200);
  return response.body as View;
}

function stepState(v: View, step: string): string | undefined {
  return v.status?.steps.find((s) => s.name === step)?.state;
}

/** Polls the status until `done` holds, failing early when the instance ended otherwise. */
async function until(
  s: Stack,
  id: string,
  what: string,
  done: (v: View) => boolean,
): Promise<View> {
  let last: View | undefined;
  const found = await waitFor(what, async () => {
    last = await view(s, id);
    return done(last) || TERMINAL.has(last.runtimeStatus) ? last : undefined;
  }).catch(() => undefined);
  if (found && done(found)) return found;
  throw new Error(
    `no ${what}; last status: ${JSON.stringify(last)}\n${s.host.output().slice(-3000)}`,
  );
}

async function start(
  s: Stack,
  options: Record<string, unknown> = {},
  poolName = 'win19',
): Promise<string> {
  const response = await s.api('/api/upgrades', {
    body: { clusterResourceId: s.clusterId, poolName, options },
  });
  expect(response).toMatchObject({ status: 202 });
  return (response.body as { id: string }).id;
}

const onPool = (states: readonly WorkloadState[], pool: string): string[] =>
  states.filter((w) => w.pools.join() !== pool || !w.podsReady).map((w) => w.key);

/** The actor a function key is recorded as: unnamed keys by a prefix of their SHA-256 (api/identity.ts). */
function keyActor(s: Stack): { kind: string; id: string } {
  const hash = createHash('sha256').update(s.host.keys.function, 'utf8').digest('hex');
  return { kind: 'functionKey', id: `key:sha256:${hash.slice(0, 12)}` };
}

/**
 * The run's audit, in order: the start with its actor, the pool PUT, the identity assignment, each
 * workload patch, the cordon, the evictions, the approval with its actor and the DELETE; nothing
 * left `attempted`; the CSV export parses to the same entries; the status names who started and
 * approved; the cross-run listing finds the start.
 */
async function expectAuditOfHappyPath(s: Stack, id: string, targetPool: string): Promise<void> {
  const entries = await auditOf(s, id);
  const KEY_ACTOR = keyActor(s);
  expect(entries.filter((e) => e.outcome === 'attempted')).toEqual([]);
  const at = (from: number, what: string, match: (e: Entry) => boolean): number => {
    const i = indexFrom(entries, from, match);
    if (i < 0)
      throw new Error(
        `no ${what} after entry ${from}: ${JSON.stringify(entries.map((e) => `${e.operation} ${e.target}`))}`,
      );
    return i;
  };
  const startAt = at(0, 'start', (e) => e.operation === 'start');
  expect(entries[startAt]).toMatchObject({ kind: 'request', outcome: 'done', actor: KEY_ACTOR });
  const put = at(
    startAt,
    'pool PUT',
    (e) => e.operation === 'arm.put' && e.target.endsWith(`/agentPools/${targetPool}`),
  );
  const identity = at(
    put,
    'identity assignment',
    (e) => e.operation === 'arm.patch' && /virtualMachineScaleSets/i.test(e.target),
  );
  const view = (await s.api(`/api/upgrades/${id}`)).body as {
    workloads: { ref: { kind: string; namespace: string; name: string } }[];
    actors?: { started?: unknown; approved?: unknown };
  };
  const cordon = at(identity, 'cordon', (e) => e.operation === 'kubernetes.cordon');
  for (const { ref } of view.workloads) {
    const target = `${ref.kind}/${ref.namespace}/${ref.name}`;
    const patch = at(
      identity,
      `patch of ${target}`,
      (e) => e.operation === 'kubernetes.patch' && e.target === target,
    );
    expect([target, patch < cordon]).toEqual([target, true]);
  }
  const approve = at(cordon, 'approval', (e) => e.operation === 'approve');
  expect(entries[approve]).toMatchObject({ kind: 'request', outcome: 'done', actor: KEY_ACTOR });
  // The rollouts replace every pod of the old pool before the drain, so here the drain finds only
  // DaemonSet pods (skipped) and evicts nothing; any eviction lies between the cordon and the
  // approval (the decorator's unit test shows evictions audited one by one).
  entries.forEach((e, i) => {
    if (e.operation === 'kubernetes.evict')
      expect([e.target, i > cordon && i < approve]).toEqual([e.target, true]);
  });
  at(
    approve,
    'DELETE of win19',
    (e) => e.operation === 'arm.delete' && e.target.endsWith('/agentPools/win19'),
  );
  expect(view.actors).toMatchObject({ started: KEY_ACTOR, approved: KEY_ACTOR });

  const csv = await s.api(`/api/upgrades/${id}/audit?format=csv`);
  expect(csv.status).toBe(200);
  const rows = parseCsv(csv.body as string);
  expect(rows[0]?.slice(0, 3)).toEqual(['id', 'at', 'runId']);
  expect(rows.slice(1).map((r) => r[0])).toEqual(entries.map((e) => e.id));
  expect(new Set(rows.map((r) => r.length)).size).toBe(1);

  const across = await s.api(
    `/api/audit?since=1h&cluster=${encodeURIComponent(s.clusterId)}&actor=${encodeURIComponent(KEY_ACTOR.id)}&pageSize=1000`,
  );
  expect(across.status).toBe(200);
  expect((across.body as { items: Entry[] }).items.map((e) => e.id)).toEqual(
    expect.arrayContaining([entries[startAt]?.id, entries[approve]?.id]),
  );
}

describe('upgrading the default scenario end to end', () => {
  scenario(
    'moves every workload to a new Windows2022 pool with the old settings and identities, then retires win19',
    async () => {
      stack = await startStack();
      const before = await listPools(stack.sandbox, stack.clusterId);
      const old = before.find((p) => p.name === 'win19');
      const id = await start(stack);

      const gate = await until(
        stack,
        id,
        'the approval gate',
        (v) => v.status?.awaitingApproval === true,
      );
      expect(gate.status?.workloads.total).toBeGreaterThanOrEqual(5);
      expect(gate.status?.workloads.ready).toBe(gate.status?.workloads.total);
      expect(stepState(gate, 'drain')).toBe('succeeded');
      expect((await stack.api(`/api/upgrades/${id}/approve`, { body: {} })).status).toBeLessThan(
        300,
      );
      const done = await until(stack, id, 'completion', (v) => v.runtimeStatus === 'Completed');
      expect(done.status?.phase).toBe('Completed');

      const pools = await listPools(stack.sandbox, stack.clusterId);
      expect(pools.map((p) => p.name).sort()).toEqual(['system', done.status?.targetPool].sort());
      const created = pools.find((p) => p.name === done.status?.targetPool);
      expect(created).toMatchObject({
        osType: 'Windows',
        osSKU: 'Windows2022',
        vmSize: old?.vmSize,
        count: old?.count,
        maxPods: old?.maxPods,
        availabilityZones: old?.availabilityZones,
        nodeLabels: old?.nodeLabels,
        osDiskSizeGB: old?.osDiskSizeGB,
        vnetSubnetID: old?.vnetSubnetID,
        mode: 'User',
      });
      expect(created?.tags).toMatchObject({ ...old?.tags, 'winshift-instance': id });
      expect(
        await vmssIdentities(
          stack.sandbox,
          stack.clusterId,
          NODE_RESOURCE_GROUP,
          created?.name ?? '',
        ),
      ).toContain(GMSA_IDENTITY);

      const states = await workloadStates(stack.sandbox, stack.clusterId);
      expect(onPool(states, created?.name ?? '')).toEqual([]);
      for (const w of states) {
        expect(w.images.filter((image) => image.includes('ltsc2019'))).toEqual([]);
        if (!w.key.startsWith('DaemonSet')) expect(w.osSku).toBe('Windows2022');
      }
      const nodes = await stack.sandbox
        .cluster(stack.clusterId)
        .kubeConfig.makeApiClient(CoreV1Api)
        .listNode();
      expect(
        nodes.items.filter(
          (n) => n.metadata?.labels?.['kubernetes.azure.com/agentpool'] === 'win19',
        ),
      ).toEqual([]);
      // The pre-pull ran (one puller per new image) and left nothing behind.
      expect(stepState(done, 'prePull')).toBe('succeeded');
      const pullers = await stack.sandbox
        .cluster(stack.clusterId)
        .kubeConfig.makeApiClient(AppsV1Api)
        .listNamespacedDaemonSet({ namespace: 'winshift-system' });
      // Only this run's: the suite's control plane is shared, and a run another test terminated
      // (no rollback) leaves its pullers (named after its own new pool).
      const ours = `winshift-prepull-${done.status?.targetPool ?? ''}-`;
      expect(
        pullers.items.map((d) => d.metadata?.name ?? '').filter((n) => n.startsWith(ours)),
      ).toEqual([]);
      await expectAuditOfHappyPath(stack, id, done.status?.targetPool ?? '');
      // Lifecycle events through the sandbox's Event Grid topic (real @azure/eventgrid client,
      // Entra token for https://eventgrid.azure.net): each transition once, by id.
      const events = eventIdsByType(stack, id);
      for (const type of ['started', 'planned', 'awaitingApproval', 'approved', 'completed'])
        expect([type, events[`io.winshift.upgrade.${type}`]?.length]).toEqual([type, 1]);
      expect(events['io.winshift.upgrade.rolledBack']).toBeUndefined();
    },
  );

  scenario(
    'moves a Deployment scaled to 0 and a CronJob pinned to win19, though neither has a pod there',
    async () => {
      // Issue 12 item 5: found by their templates, not by pods on the pool.
      stack = await startStack({
        scenario: editedDefaultScenario((raw) => {
          const objects = raw.subscriptions[0].resourceGroups[1].clusters[0].kubernetes
            .objects as unknown[];
          objects.push(IDLE_DEPLOYMENT, SETTLEMENT_CRONJOB);
        }),
      });
      const plan = await stack.api('/api/plans', {
        body: { clusterResourceId: stack.clusterId, poolName: 'win19' },
      });
      expect(plan.status).toBe(200);
      const planned = (plan.body as { plan: { workloads: { kind: string; name: string }[] } }).plan
        .workloads;
      expect(planned.map((w) => `${w.kind} ${w.name}`)).toEqual(
        expect.arrayContaining(['Deployment statements-archive', 'CronJob nightly-settlement']),
      );

      const id = await start(stack, { autoApproveAfterSoakInSeconds: 0 });
      const done = await until(stack, id, 'completion', (v) => v.runtimeStatus === 'Completed');
      expect(done.status?.phase).toBe('Completed');

      const kubeConfig = stack.sandbox.cluster(stack.clusterId).kubeConfig;
      const idle = await kubeConfig
        .makeApiClient(AppsV1Api)
        .readNamespacedDeployment({ name: 'statements-archive', namespace: 'payments' });
      expect(idle.spec?.replicas).toBe(0);
      expect(idle.spec?.template.spec?.nodeSelector).toEqual({
        'kubernetes.azure.com/os-sku': 'Windows2022',
      });
      expect(idle.spec?.template.spec?.containers.map((c) => c.image)).toEqual([
        'contosopayments.azurecr.io/payments/report-renderer:5.0.3-ltsc2022',
      ]);
      const cron = await KubernetesObjectApi.makeApiClient(kubeConfig).read<
        {
          spec: { jobTemplate: { spec: { template: { spec: V1PodSpec } } } };
        } & KubernetesObject
      >({
        apiVersion: 'batch/v1beta1',
        kind: 'CronJob',
        metadata: { name: 'nightly-settlement', namespace: 'payments' },
      });
      const cronPod = cron.spec.jobTemplate.spec.template.spec;
      expect(cronPod.nodeSelector).toEqual({
        'kubernetes.io/os': 'windows',
        'kubernetes.azure.com/os-sku': 'Windows2022',
      });
      expect(cronPod.containers.map((c) => c.image)).toEqual([
        'contosopayments.azurecr.io/payments/ledger:1.8.0-ltsc2022',
      ]);
    },
  );

  scenario(
    'stops in planning, changing nothing, when an image has no Windows Server 2022 variant',
    async () => {
      stack = await startStack({
        scenario: editedDefaultScenario((raw) => {
          (raw.registries[0].images as unknown[]).push({
            repository: 'legacy/fax-gateway',
            tag: '1.0',
            variants: [{ os: 'windows', osVersion: '10.0.17763.6893', sizeBytes: 1073741824 }],
          });
          (raw.subscriptions[0].resourceGroups[1].clusters[0].kubernetes.objects as unknown[]).push(
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              metadata: { name: 'fax-gateway', namespace: 'payments' },
              spec: {
                replicas: 1,
                selector: { matchLabels: { app: 'fax-gateway' } },
                template: {
                  metadata: { labels: { app: 'fax-gateway' } },
                  spec: {
                    nodeSelector: { 'kubernetes.io/os': 'windows' },
                    containers: [
                      { name: 'fax', image: 'mcr.microsoft.com/legacy/fax-gateway:1.0' },
                    ],
                  },
                },
              },
            },
          );
        }),
      });
      // What the upgrade could have changed (readiness still settles as the scenario's pods start).
      const specs = async (): Promise<Omit<WorkloadState, 'podsReady'>[]> =>
        (await workloadStates(stack!.sandbox, stack!.clusterId)).map(
          ({ podsReady: _settling, ...spec }) => spec,
        );
      const before = await specs();
      const plan = await stack.api('/api/plans', {
        body: { clusterResourceId: stack.clusterId, poolName: 'win19' },
      });
      expect(plan.status).toBe(200);
      expect(JSON.stringify(plan.body)).toContain('IMAGE_INCOMPATIBLE');
      expect(JSON.stringify(plan.body)).toContain('fax-gateway');

      const id = await start(stack);
      const ended = await waitFor('the blocked end', async () => {
        const v = await view(stack!, id);
        return TERMINAL.has(v.runtimeStatus) ? v : undefined;
      });
      expect(ended.status?.phase).toBe('Blocked');
      expect((await listPools(stack.sandbox, stack.clusterId)).map((p) => p.name).sort()).toEqual([
        'system',
        'win19',
      ]);
      expect(await specs()).toEqual(before);
    },
  );

  scenario(
    'rolls back when the new pods never become Ready: old pods serve again, the new pool is removed',
    async () => {
      stack = await startStack();
      const id = await start(stack, { prePull: false, rolloutTimeoutInSeconds: 60 });
      await until(stack, id, 'the plan', (v) => stepState(v, 'plan') === 'succeeded');
      // The image the plan chose is withdrawn from the registry: its pods can never start.
      const withdrawn = stack.sandbox.arm.lookupImage(
        'contosopayments.azurecr.io/payments/api:2.4.1-ltsc2022',
      ) as unknown[] | undefined;
      expect(withdrawn?.length).toBeGreaterThan(0);
      withdrawn?.splice(0);

      const ended = await waitFor(
        'the rollback',
        async () => {
          const v = await view(stack!, id);
          return TERMINAL.has(v.runtimeStatus) ? v : undefined;
        },
        240_000,
      );
      if (ended.status?.phase !== 'RolledBack')
        throw new Error(`${JSON.stringify(ended.status)}\n${stack.host.output().slice(-4000)}`);
      expect(ended.status).toMatchObject({
        phase: 'RolledBack',
        lastError: { code: expect.stringMatching(/ROLLOUT_TIMEOUT|ROLLOUT_FAILED/) },
      });
      const states = await waitFor('old pods serving', async () => {
        const now = await workloadStates(stack!.sandbox, stack!.clusterId);
        return onPool(now, 'win19').length === 0 ? now : undefined;
      });
      for (const w of states) expect(w.images.filter((i) => i.includes('ltsc2022'))).toEqual([]);
      const pools = await waitFor('the new pool gone', async () => {
        const names = (await listPools(stack!.sandbox, stack!.clusterId)).map((p) => p.name);
        return names.length === 2 ? names : undefined;
      });
      expect(pools.sort()).toEqual(['system', 'win19']);
    },
  );

  scenario(
    'resumes after the host is killed mid-upgrade: one new pool, originals intact',
    async () => {
      stack = await startStack({ latency: { poolProvisioningMs: 6000 } });
      const original = await workloadStates(stack.sandbox, stack.clusterId);
      const id = await start(stack, { autoApproveAfterSoakInSeconds: 0 });
      await until(stack, id, 'pool creation', (v) => stepState(v, 'createPool') === 'running');
      await stack.host.kill();
      await stack.restartHost();

      const done = await until(
        stack,
        id,
        'completion after the restart',
        (v) => v.runtimeStatus === 'Completed',
      );
      expect(done.status?.phase).toBe('Completed');
      const puts = stack.sandbox.arm
        .operations()
        .filter((o) => o.operationId === 'AgentPools_CreateOrUpdate' && o.status < 300);
      expect(puts).toHaveLength(1);
      const pools = await listPools(stack.sandbox, stack.clusterId);
      expect(pools.map((p) => p.name).sort()).toEqual(['system', done.status?.targetPool].sort());
      // Each workload's saved original is what it was before the upgrade, not a patched copy.
      const after = await workloadStates(stack.sandbox, stack.clusterId);
      for (const w of after.filter((w) => w.annotations['winshift.io/original'])) {
        const before = original.find((o) => o.key === w.key);
        for (const image of before?.images ?? [])
          expect(w.annotations['winshift.io/original']).toContain(image);
      }
    },
  );

  scenario(
    'stops a drain a PodDisruptionBudget blocks after the drain timeout, names the pod and rolls back',
    async () => {
      stack = await startStack({
        scenario: editedDefaultScenario((raw) => {
          // invoice-web's old pods take ~30 s to terminate (600 s x the sandbox's grace scale), so the
          // drain is still running when the test adds a pod the budget protects.
          const objects = raw.subscriptions[0].resourceGroups[1].clusters[0].kubernetes.objects as {
            kind: string;
            metadata: { name: string };
            spec: { template: { spec: Record<string, unknown> } };
          }[];
          const web = objects.find(
            (o) => o.kind === 'Deployment' && o.metadata.name === 'invoice-web',
          );
          if (web) web.spec.template.spec['terminationGracePeriodSeconds'] = 600;
        }),
      });
      const kubeConfig = stack.sandbox.cluster(stack.clusterId).kubeConfig;
      const core = kubeConfig.makeApiClient(CoreV1Api);
      const id = await start(stack, { prePull: false, drainTimeoutInSeconds: 60 });
      await until(stack, id, 'the drain', (v) => stepState(v, 'drain') === 'running');

      const oldNode = (await core.listNode()).items.find(
        (n) => n.metadata?.labels?.['kubernetes.azure.com/agentpool'] === 'win19',
      );
      const owner = await core.createNamespacedConfigMap({
        namespace: 'payments',
        body: { metadata: { name: 'e2e-stuck-owner' } },
      });
      await core.createNamespacedPod({
        namespace: 'payments',
        body: {
          metadata: {
            name: 'e2e-stuck',
            labels: { e2e: 'stuck' },
            ownerReferences: [
              {
                apiVersion: 'v1',
                kind: 'ConfigMap',
                name: 'e2e-stuck-owner',
                uid: owner.metadata?.uid ?? '',
                controller: true,
              },
            ],
          },
          spec: {
            nodeName: oldNode?.metadata?.name ?? '',
            containers: [{ name: 'c', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2019' }],
          },
        },
      });
      await KubernetesObjectApi.makeApiClient(kubeConfig).create({
        apiVersion: 'policy/v1beta1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'e2e-stuck', namespace: 'payments' },
        spec: { maxUnavailable: 0, selector: { matchLabels: { e2e: 'stuck' } } },
      } as never);

      const ended = await waitFor(
        'the rollback',
        async () => {
          const v = await view(stack!, id);
          return TERMINAL.has(v.runtimeStatus) ? v : undefined;
        },
        240_000,
      );
      expect(ended.status).toMatchObject({
        phase: 'RolledBack',
        lastError: { code: expect.stringMatching(/PDB_BLOCKED|DRAIN_TIMEOUT/) },
      });
      expect(ended.status?.lastError?.message).toContain('payments/e2e-stuck');
      const nodes = await core.listNode({ labelSelector: 'kubernetes.azure.com/agentpool=win19' });
      expect(nodes.items.map((n) => n.spec?.unschedulable ?? false)).toEqual([false, false, false]);
      const states = await waitFor('old pods serving', async () => {
        const now = await workloadStates(stack!.sandbox, stack!.clusterId);
        return onPool(now, 'win19').length === 0 ? now : undefined;
      });
      expect(states.length).toBeGreaterThanOrEqual(6);
    },
  );

  scenario(
    'refuses a second start of a running upgrade with 409, and a cancel rolls it back',
    async () => {
      stack = await startStack({ latency: { poolProvisioningMs: 8000 } });
      const id = await start(stack);
      const again = await stack.api('/api/upgrades', {
        body: { clusterResourceId: stack.clusterId, poolName: 'win19', options: {} },
      });
      expect(again.status).toBe(409);
      expect(JSON.stringify(again.body)).toContain(id);
      await until(stack, id, 'pool creation', (v) => stepState(v, 'createPool') === 'running');
      const cancel = await stack.api(`/api/upgrades/${id}/cancel`, {
        body: { reason: 'change freeze' },
      });
      expect(cancel.status).toBeLessThan(300);

      const ended = await waitFor('the rollback', async () => {
        const v = await view(stack!, id);
        return TERMINAL.has(v.runtimeStatus) ? v : undefined;
      });
      expect(ended.status).toMatchObject({
        phase: 'RolledBack',
        lastError: { code: 'CANCELLED', message: 'cancelled by request: change freeze' },
      });
      const pools = await waitFor('the new pool gone', async () => {
        const names = (await listPools(stack!.sandbox, stack!.clusterId)).map((p) => p.name);
        return names.length === 2 ? names : undefined;
      });
      expect(pools.sort()).toEqual(['system', 'win19']);
      expect((await stack.api(`/api/upgrades/${id}/cancel`, { body: {} })).status).toBe(409);
    },
  );
  scenario(
    "gives the new pool's system-assigned identity the old one's role assignments and vault access policies",
    async () => {
      stack = await startStack({ scenario: systemIdentityScenario() });
      const id = await start(stack, { autoApproveAfterSoakInSeconds: 0 });
      const done = await until(stack, id, 'completion', (v) => v.runtimeStatus === 'Completed');

      const vmss = await poolVmss(
        stack.sandbox,
        stack.clusterId,
        NODE_RESOURCE_GROUP,
        done.status?.targetPool ?? '',
      );
      const principal = vmss?.identity?.principalId ?? '';
      expect(principal).toMatch(/^[0-9a-f-]{36}$/i);
      expect(principal).not.toBe(OLD_POOL_PRINCIPAL);
      expect(
        Object.keys(vmss?.identity?.userAssignedIdentities ?? {}).map((i) => i.toLowerCase()),
      ).toEqual([GMSA_IDENTITY]);
      expect(await grantsOf(stack.sandbox, principal)).toEqual([
        `${ACR_SCOPE.toLowerCase()}|${ACR_PULL}`,
      ]);
      expect(await vaultSecretPermissions(stack.sandbox, principal)).toEqual(['get', 'list']);
    },
  );

  // Issue 12: a crash between each write and its checkpoint. The local host kills itself after the
  // activity has run and before its outcome is recorded (WINSHIFT_LOCAL_CRASH_AFTER_ACTIVITY), so the
  // restarted host runs the activity again: the write must not happen twice and nothing be lost.
  for (const activity of [
    'createPool',
    'patchWorkloads',
    'cordonPool',
    'drainPool',
    'deletePool',
  ]) {
    scenario(
      `resumes after a crash between ${activity}'s write and its checkpoint: no duplicate write, nothing lost`,
      async () => {
        stack = await startStack({
          hostSettings: { WINSHIFT_LOCAL_CRASH_AFTER_ACTIVITY: activity },
        });
        const apps = stack.sandbox.cluster(stack.clusterId).kubeConfig.makeApiClient(AppsV1Api);
        const generations = async (): Promise<Record<string, number>> =>
          Object.fromEntries(
            (await apps.listNamespacedDeployment({ namespace: 'payments' })).items.map((d) => [
              d.metadata?.name ?? '',
              d.metadata?.generation ?? 0,
            ]),
          );
        const before = await generations();
        const id = await start(stack, { prePull: false, autoApproveAfterSoakInSeconds: 0 });
        await waitFor(`the crash after ${activity}`, () =>
          Promise.resolve(stack?.host.exited() === true || undefined),
        );
        await stack.restartHost({ WINSHIFT_LOCAL_CRASH_AFTER_ACTIVITY: undefined });
        const done = await until(stack, id, 'the end', (v) => TERMINAL.has(v.runtimeStatus));
        expect(done.status?.phase).toBe('Completed');
        const accepted = (operationId: string): number =>
          stack?.sandbox.arm
            .operations()
            .filter((o) => o.operationId === operationId && o.status < 300 && o.method !== 'GET')
            .length ?? 0;
        expect(accepted('AgentPools_CreateOrUpdate')).toBe(1);
        expect(accepted('AgentPools_Delete')).toBe(1);
        const states = await workloadStates(stack.sandbox, stack.clusterId);
        expect(onPool(states, done.status?.targetPool ?? '')).toEqual([]);
        for (const w of states) expect(w.images.filter((i) => i.includes('ltsc2019'))).toEqual([]);
        // Each Deployment changed twice, whatever ran twice: the patch, and the release of its
        // winshift.io/original annotation (a Deployment's annotations bump its generation too:
        // kubernetes pkg/registry/apps/deployment/strategy.go PrepareForUpdate).
        const after = await generations();
        for (const [name, generation] of Object.entries(before)) {
          expect({ name, generation: after[name] }).toEqual({ name, generation: generation + 2 });
        }
        // No write is missing from the audit: the crashed activity's writes have their entries
        // (done before the crash, or attempted at least), and every write ARM accepted is there.
        const entries = await auditOf(stack, id);
        // drainPool usually writes nothing here: the rollouts emptied the old pool of all but
        // DaemonSet pods, which a drain skips (the decorator's unit test shows evictions audited).
        if (activity !== 'drainPool')
          expect(entries.filter((e) => e.activity === activity).length).toBeGreaterThan(0);
        const armWrites = (operation: string): number =>
          entries.filter((e) => e.operation === operation).length;
        expect(armWrites('arm.put')).toBeGreaterThanOrEqual(accepted('AgentPools_CreateOrUpdate'));
        expect(armWrites('arm.delete')).toBeGreaterThanOrEqual(accepted('AgentPools_Delete'));
        const cordoned = new Set(
          entries.filter((e) => e.operation === 'kubernetes.cordon').map((e) => e.target),
        );
        expect(cordoned.size).toBe(3);
        // Each transition published once by id, the crash and the re-run included.
        const events = eventIdsByType(stack, id);
        for (const type of ['started', 'awaitingApproval', 'approved', 'completed'])
          expect([type, events[`io.winshift.upgrade.${type}`]?.length]).toEqual([type, 1]);
      },
    );
  }

  // Issue 12, item 3: GitOps, Helm or a person puts the old selector back after the rollout.
  scenario(
    'stops before deleting the old pool when a workload is put back on it, naming it, and rolls back',
    async () => {
      stack = await startStack();
      const objects = KubernetesObjectApi.makeApiClient(
        stack.sandbox.cluster(stack.clusterId).kubeConfig,
      );
      const id = await start(stack, { prePull: false });
      await until(stack, id, 'the approval gate', (v) => v.status?.awaitingApproval === true);
      // invoice-web as its manifest in Git says (the os + agentpool selector), re-applied.
      await objects.patch(
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'invoice-web', namespace: 'payments' },
          spec: {
            template: {
              spec: {
                nodeSelector: {
                  'kubernetes.io/os': 'windows',
                  'kubernetes.azure.com/agentpool': 'win19',
                },
              },
            },
          },
        },
        undefined,
        undefined,
        undefined,
        undefined,
        PatchStrategy.MergePatch,
      );
      expect((await stack.api(`/api/upgrades/${id}/approve`, { body: {} })).status).toBe(202);
      const done = await until(stack, id, 'the rollback', (v) => v.status?.phase === 'RolledBack');
      expect(done.status?.lastError).toMatchObject({
        code: 'WORKLOAD_REVERTED',
        message: expect.stringContaining('Deployment payments/invoice-web'),
      });
      // The old pool was never asked to go: it is there, serving again (the new one is removed).
      const pools = await listPools(stack.sandbox, stack.clusterId);
      expect(pools.find((p) => p.name === 'win19')?.provisioningState).toBe('Succeeded');
      const events = eventIdsByType(stack, id);
      expect(events['io.winshift.upgrade.rolledBack']).toHaveLength(1);
      expect(events['io.winshift.upgrade.completed']).toBeUndefined();
    },
  );

  // Issue 12, item 2: a crash once ARM accepted the DELETE never rolls back onto the dying pool.
  scenario(
    'finishes the deletion after the host is killed past the point of no return: no uncordon, no restore',
    async () => {
      stack = await startStack({ latency: { poolDeletionMs: 15_000 } });
      const id = await start(stack, { prePull: false, autoApproveAfterSoakInSeconds: 0 });
      await until(
        stack,
        id,
        'the point of no return',
        (v) => v.status?.phase === 'DeletingOldPool',
      );
      const accepted = (): boolean | undefined =>
        stack?.sandbox.arm
          .operations()
          .some((o) => o.operationId === 'AgentPools_Delete' && o.status < 300) || undefined;
      await waitFor('the DELETE accepted', () => Promise.resolve(accepted()));
      const patchedBefore = await workloadStates(stack.sandbox, stack.clusterId);
      await stack.host.kill();
      await stack.restartHost();
      const done = await until(stack, id, 'the end', (v) => TERMINAL.has(v.runtimeStatus));
      expect(done.status?.phase).toBe('Completed');
      expect(stepState(done, 'rollback')).toBe('pending');
      const after = await workloadStates(stack.sandbox, stack.clusterId);
      // Nothing was restored: every workload keeps the images it had on the new pool.
      for (const w of patchedBefore) {
        expect(after.find((a) => a.key === w.key)?.images).toEqual(w.images);
      }
      const pools = await listPools(stack.sandbox, stack.clusterId);
      expect(pools.map((p) => p.name).sort()).toEqual(['system', done.status?.targetPool].sort());
    },
  );
});

const API_2022 = 'contosopayments.azurecr.io/payments/api:2.4.1-ltsc2022';
const API_2025 = 'contosopayments.azurecr.io/payments/api:2.4.1-ltsc2025';

/**
 * The default scenario on Kubernetes 1.32, where both Windows Server 2019 and 2025 pools run, with a
 * RuntimeClass for 2025 and an api image built for 2025, so the pool the first run creates (w22a,
 * Windows2022) can be upgraded again (to Windows2025).
 */
function twoUpgradesScenario(): ReturnType<typeof editedDefaultScenario> {
  return editedDefaultScenario((raw) => {
    const cluster = raw.subscriptions[0].resourceGroups[1].clusters[0];
    cluster.kubernetesVersion = '1.32.7';
    (cluster.kubernetes.objects as unknown[]).push({
      apiVersion: 'node.k8s.io/v1',
      kind: 'RuntimeClass',
      metadata: { name: 'windows-2025' },
      handler: 'runhcs-wcow-process',
      scheduling: {
        nodeSelector: {
          'kubernetes.io/os': 'windows',
          'kubernetes.io/arch': 'amd64',
          'node.kubernetes.io/windows-build': '10.0.26100',
        },
      },
    });
    (raw.registries[1].images as unknown[]).push({
      repository: 'payments/api',
      tag: '2.4.1-ltsc2025',
      variants: [{ os: 'windows', osVersion: '10.0.26100.3194', sizeBytes: 2791728742 }],
    });
  });
}

/** Upgrades win19 to a new Windows2022 pool w22a, approved at once, to its end. */
async function firstUpgrade(s: Stack): Promise<void> {
  const first = await start(s, { autoApproveAfterSoakInSeconds: 0, newPoolName: 'w22a' });
  await until(s, first, 'the first run’s completion', (v) => v.runtimeStatus === 'Completed');
}

/**
 * Upgrades w22a to w25a (Windows2025) with a rollout that cannot succeed (the api image the plan
 * chose is withdrawn once planned): answers the run's end, which must be RolledBack.
 */
async function failedUpgradeOfW22a(s: Stack): Promise<View> {
  const second = await start(
    s,
    {
      targetOsSku: 'Windows2025',
      newPoolName: 'w25a',
      prePull: false,
      rolloutTimeoutInSeconds: 60,
      imageMap: { [API_2022]: API_2025 },
    },
    'w22a',
  );
  await until(s, second, 'the second run’s plan', (v) => stepState(v, 'plan') === 'succeeded');
  (s.sandbox.arm.lookupImage(API_2025) as unknown[] | undefined)?.splice(0);
  const ended = await waitFor(
    'the second run’s rollback',
    async () => {
      const v = await view(s, second);
      return TERMINAL.has(v.runtimeStatus) ? v : undefined;
    },
    240_000,
  );
  if (ended.status?.phase !== 'RolledBack')
    throw new Error(`${JSON.stringify(ended.status)}\n${s.host.output().slice(-4000)}`);
  return ended;
}

describe('what a rollback gives back (issue 12)', () => {
  scenario(
    'a rollback of an upgrade of the pool an earlier upgrade created restores the specs from before it',
    async () => {
      stack = await startStack({ scenario: twoUpgradesScenario() });
      const annotated = async (): Promise<string[]> =>
        (await workloadStates(stack!.sandbox, stack!.clusterId))
          .filter((w) => w.annotations['winshift.io/original'] !== undefined)
          .map((w) => w.key);
      await firstUpgrade(stack);
      // A Completed run leaves none of its winshift.io/original annotations behind.
      expect(await annotated()).toEqual([]);
      const before = await templateSpecs(stack.sandbox, stack.clusterId);
      const ended = await failedUpgradeOfW22a(stack);
      expect(ended.status?.lastError?.code).toMatch(/ROLLOUT_TIMEOUT|ROLLOUT_FAILED/);
      // The first run's originals (win19, ltsc2019) are not this run's: the w22a specs come back,
      // and the second run's rollback removed its own annotations.
      expect(await templateSpecs(stack.sandbox, stack.clusterId)).toEqual(before);
      expect(await annotated()).toEqual([]);
      await waitFor('the pods serving on w22a again', async () => {
        const now = await workloadStates(stack!.sandbox, stack!.clusterId);
        return onPool(now, 'w22a').length === 0 ? now : undefined;
      });
    },
    600_000,
  );

  // Issue 12 (5): two pools of one cluster, with a DaemonSet on both, started together.
  scenario(
    'starts one of two pools of a cluster started together; the shared DaemonSet stays on the other pool',
    async () => {
      stack = await startStack({
        scenario: editedDefaultScenario((raw) => {
          const cluster = raw.subscriptions[0].resourceGroups[1].clusters[0];
          const pools = cluster.pools as Record<string, unknown>[];
          const win19 = pools.find((p) => p['name'] === 'win19');
          // log-agent on a multi-platform tag (a variant per Windows build): its pods can run on
          // both pools whatever is upgraded. (With a single-build image the plan would refuse it:
          // DAEMONSET_SPANS_POOLS, domain/planner-daemonsets.ts.)
          const objects = cluster.kubernetes.objects as {
            kind: string;
            metadata: { name: string };
            spec: { template: { spec: { containers: { image: string }[] } } };
          }[];
          const agent = objects.find(
            (o) => o.kind === 'DaemonSet' && o.metadata.name === 'log-agent',
          );
          const multi = 'contosopayments.azurecr.io/observability/log-agent:3.1.0';
          for (const c of agent?.spec.template.spec.containers ?? []) c.image = multi;
          (raw.registries[1].images as unknown[]).push({
            repository: 'observability/log-agent',
            tag: '3.1.0',
            variants: [
              { os: 'windows', osVersion: '10.0.17763.6893', sizeBytes: 429916160 },
              { os: 'windows', osVersion: '10.0.20348.3207', sizeBytes: 459276288 },
            ],
          });
          pools.push({
            ...win19,
            name: 'win19b',
            count: 1,
            vmssUserAssignedIdentities: [],
          });
        }),
      });
      const s = stack;
      const [a, b] = await Promise.all(
        ['win19', 'win19b'].map((poolName) =>
          s.api('/api/upgrades', {
            body: {
              clusterResourceId: s.clusterId,
              poolName,
              options: { prePull: false, autoApproveAfterSoakInSeconds: 0 },
            },
          }),
        ),
      );
      const answers = [a, b].map((r) => r?.status).sort();
      expect(answers).toEqual([202, 409]);
      const refused = [a, b].find((r) => r?.status === 409);
      expect(refused?.body).toMatchObject({ code: 'CLUSTER_BUSY' });
      const winner = [a, b].find((r) => r?.status === 202);
      const upgraded = a?.status === 202 ? 'win19' : 'win19b';
      const other = upgraded === 'win19' ? 'win19b' : 'win19';
      const id = (winner?.body as { id: string }).id;
      const done = await until(s, id, 'completion', (v) => TERMINAL.has(v.runtimeStatus));
      expect(done.status?.phase).toBe('Completed');
      // log-agent still runs, Ready, on every node of the pool nobody upgraded.
      const core = s.sandbox.cluster(s.clusterId).kubeConfig.makeApiClient(CoreV1Api);
      const nodes = (
        await core.listNode({ labelSelector: `kubernetes.azure.com/agentpool=${other}` })
      ).items.map((n) => n.metadata?.name ?? '');
      expect(nodes.length).toBeGreaterThan(0);
      await waitFor(`log-agent Ready on every ${other} node`, async () => {
        const pods = (
          await core.listNamespacedPod({ namespace: 'monitoring', labelSelector: 'app=log-agent' })
        ).items;
        const ready = pods.filter(
          (p) =>
            nodes.includes(p.spec?.nodeName ?? '') &&
            p.metadata?.deletionTimestamp === undefined &&
            p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
        );
        return ready.length === nodes.length ? ready : undefined;
      });
    },
  );

  // Issue 12 (8): a cancel with workloads placed by OS only and by agentpool present.
  scenario(
    'rolls back a cancel with an OS-only workload and an agentpool-pinned DaemonSet to their exact specs',
    async () => {
      stack = await startStack({
        scenario: editedDefaultScenario((raw) => {
          const objects = raw.subscriptions[0].resourceGroups[1].clusters[0].kubernetes
            .objects as Record<string, unknown>[];
          const image = 'mcr.microsoft.com/windows/nanoserver:ltsc2019';
          const pod = (nodeSelector: Record<string, string>) => ({
            metadata: { labels: { app: 'placed' } },
            spec: { nodeSelector, containers: [{ name: 'main', image }] },
          });
          objects.push(
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              metadata: { name: 'os-only', namespace: 'payments' },
              spec: {
                replicas: 1,
                selector: { matchLabels: { app: 'placed' } },
                template: pod({ 'kubernetes.io/os': 'windows' }),
              },
            },
            {
              apiVersion: 'apps/v1',
              kind: 'DaemonSet',
              metadata: { name: 'pool-agent', namespace: 'monitoring' },
              spec: {
                selector: { matchLabels: { app: 'placed' } },
                template: pod({ 'kubernetes.azure.com/agentpool': 'win19' }),
              },
            },
          );
        }),
      });
      const before = await templateSpecs(stack.sandbox, stack.clusterId);
      const id = await start(stack, { prePull: false });
      await until(stack, id, 'the approval gate', (v) => v.status?.awaitingApproval === true);
      expect((await stack.api(`/api/upgrades/${id}/cancel`, { body: {} })).status).toBeLessThan(
        300,
      );
      const done = await until(stack, id, 'the rollback', (v) => TERMINAL.has(v.runtimeStatus));
      expect(done.status?.phase).toBe('RolledBack');
      expect(await templateSpecs(stack.sandbox, stack.clusterId)).toEqual(before);
      // The new pool's deletion was accepted; it is gone once AKS has finished it.
      await waitFor('the new pool gone', async () => {
        const pools = await listPools(stack!.sandbox, stack!.clusterId);
        const names = pools.map((p) => p.name).sort();
        return names.join() === 'system,win19' ? names : undefined;
      });
    },
  );

  scenario(
    'a node an operator cordoned before the upgrade stays cordoned after the rollback',
    async () => {
      stack = await startStack();
      const core = stack.sandbox.cluster(stack.clusterId).kubeConfig.makeApiClient(CoreV1Api);
      const old = async () =>
        (await core.listNode({ labelSelector: 'kubernetes.azure.com/agentpool=win19' })).items;
      const operators = (await old())[0]?.metadata?.name ?? '';
      await core.patchNode({
        name: operators,
        body: [{ op: 'add', path: '/spec/unschedulable', value: true }],
      });
      const id = await start(stack, { prePull: false });
      // Cancelled at the approval gate: the old pool was cordoned and drained by then.
      await until(stack, id, 'the approval gate', (v) => v.status?.awaitingApproval === true);
      expect((await stack.api(`/api/upgrades/${id}/cancel`, { body: {} })).status).toBeLessThan(
        300,
      );
      const ended = await waitFor('the rollback', async () => {
        const v = await view(stack!, id);
        return TERMINAL.has(v.runtimeStatus) ? v : undefined;
      });
      expect(ended.status).toMatchObject({ phase: 'RolledBack', lastError: { code: 'CANCELLED' } });
      const cordoned = (await old()).map((n) => [n.metadata?.name, n.spec?.unschedulable ?? false]);
      expect(cordoned.filter(([, c]) => c)).toEqual([[operators, true]]);
      expect(cordoned).toHaveLength(3);
    },
  );
});

describe('Azure answers (issue 13)', () => {
  /** The default scenario with the aks-payments cluster edited (its sandbox switches). */
  const withCluster = (edit: (cluster: Record<string, unknown>) => void): SandboxScenario =>
    editedDefaultScenario((raw) =>
      edit(raw.subscriptions[0].resourceGroups[1].clusters[0] as Record<string, unknown>),
    );

  scenario(
    'waits out a cluster AKS is busy with (409 OperationNotAllowed, unwrapped), showing why, then completes',
    async () => {
      // An operation of AKS's own starts with winshift's first write and runs 8 s: the pool PUT is
      // refused, retried on durable timers (5 s, then 10 s) and goes through.
      stack = await startStack({
        scenario: withCluster((c) => (c['busy'] = { forSeconds: 8, from: 'firstWrite' })),
      });
      const id = await start(stack, { autoApproveAfterSoakInSeconds: 0 });
      const waiting = await until(
        stack,
        id,
        'the busy cluster in the status',
        (v) => v.status?.lastError?.code === 'CLUSTER_OPERATION_IN_PROGRESS',
      );
      expect(waiting.status?.phase).toBe('Running');
      expect(waiting.status?.lastError?.message).toMatch(
        /OperationNotAllowed: Operation is not allowed because there's an in progress update managed cluster operation .*; attempt [23] at \d{4}-\d\d-\d\dT[\d:.]+Z$/,
      );
      expect(stepState(waiting, 'createPool')).toBe('running');

      const done = await until(stack, id, 'completion', (v) => v.runtimeStatus === 'Completed');
      expect(done.status?.phase).toBe('Completed');
      expect(done.status?.lastError).toBeUndefined();
      const puts = stack.sandbox.arm
        .operations()
        .filter((o) => o.operationId === 'AgentPools_CreateOrUpdate')
        .map((o) => o.status);
      expect(puts.filter((status) => status === 409).length).toBeGreaterThanOrEqual(1);
      expect(puts.filter((status) => status === 201)).toHaveLength(1);
      const pools = await listPools(stack.sandbox, stack.clusterId);
      expect(pools.map((p) => p.name).sort()).toEqual(['system', done.status?.targetPool].sort());
    },
  );

  scenario(
    "rolls back a new pool that ends Failed, with AKS's provisioning error in lastError",
    async () => {
      stack = await startStack({
        scenario: withCluster((c) => (c['failNewPools'] = 'allocation')),
      });
      const before = await templateSpecs(stack.sandbox, stack.clusterId);
      const id = await start(stack);
      const ended = await waitFor('the rollback', async () => {
        const v = await view(stack!, id);
        return TERMINAL.has(v.runtimeStatus) ? v : undefined;
      });
      const lastError = {
        code: 'POOL_FAILED',
        message: `pool ${ended.status?.targetPool ?? ''}: provisioningState Failed: AllocationFailed: Allocation failed. We do not have sufficient capacity for the requested VM size in this region. Read more about improving likelihood of allocation success at http://aka.ms/allocation-guidance`,
      };
      expect(ended.status).toMatchObject({ phase: 'RolledBack', lastError });
      expect(stepState(ended, 'createPool')).toBe('failed');
      // The upgrades row says the same; nothing was moved, and the failed pool is deleted.
      const record = (await stack.api(`/api/upgrades/${id}`)).body as {
        record?: { state: string; lastError?: unknown };
      };
      expect(record.record).toMatchObject({ state: 'RolledBack', lastError });
      expect(await templateSpecs(stack.sandbox, stack.clusterId)).toEqual(before);
      const pools = await waitFor('the failed pool gone', async () => {
        const names = (await listPools(stack!.sandbox, stack!.clusterId)).map((p) => p.name);
        return names.length === 2 ? names : undefined;
      });
      expect(pools.sort()).toEqual(['system', 'win19']);
    },
  );
});

// Issue 6: the operator role against the operations winshift made in the scenarios above (jest runs
// a file's tests in order, so these come last). A call the role lacks fails whatever ran; a grant
// nothing called is judged only when every scenario ran to its end, as a filtered (-t) or failed
// run has not called everything.
describe('the operator role in infra/main.bicep, against what winshift called above', () => {
  it('grants every action and data action winshift called', () => {
    if (coverage.recorded === 0) console.warn('no scenario ran: nothing to compare the role with');
    expect(coverage.compare().missing).toEqual({ actions: [], dataActions: [] });
  });

  it('grants nothing that none of the scenarios called', () => {
    const incomplete = coverage.incomplete();
    if (incomplete.length > 0) {
      console.warn(
        `unused grants not checked: these scenarios did not run to their end:\n- ${incomplete.join('\n- ')}`,
      );
      return;
    }
    expect(coverage.compare().unused).toEqual({ actions: [], dataActions: [] });
  });
});
