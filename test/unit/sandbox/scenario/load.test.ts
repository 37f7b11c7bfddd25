import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import {
  DEFAULT_SCENARIO_FILE,
  LATENCY_PROFILES,
  loadScenarioFile,
  parseScenarioYaml,
  ScenarioError,
  type KubernetesManifest,
} from '../../../../src/sandbox/index.js';

const SUB = '6f1c2b7e-3d4a-4e5f-8a9b-0c1d2e3f4a5b';

/** The parts of a scenario file the table edits (the file is parsed, edited, then validated). */
interface DraftCluster {
  kubernetesVersion?: string;
  kubernetesVerison?: string;
  pools: { name: string; osType: string; osSKU?: string; vmssUserAssignedIdentities?: string[] }[];
  kubernetes: { objects: Record<string, unknown>[] };
  busy?: unknown;
  failNewPools?: unknown;
}
interface Draft {
  latency?: unknown;
  aksErrorsWrapped?: unknown;
  registries?: unknown;
  managementGroups?: unknown;
  subscriptions: { id: string; resourceGroups: { clusters: DraftCluster[] }[] }[];
}

/** A minimal valid scenario with one cluster; `patch` edits the parsed object. */
function scenarioYaml(patch: (scenario: Draft) => void = () => undefined): string {
  const scenario = parse(`
subscriptions:
  - id: ${SUB}
    resourceGroups:
      - name: rg
        identities: [{ name: id-gmsa }]
        clusters:
          - name: aks1
            kubernetesVersion: 1.31.10
            pools:
              - { name: system, osType: Linux }
              - { name: win19, osType: Windows, osSKU: Windows2019 }
            kubernetes:
              objects:
                - { apiVersion: v1, kind: Namespace, metadata: { name: apps } }
`) as Draft;
  patch(scenario);
  return JSON.stringify(scenario);
}

function problemsOf(text: string): readonly string[] {
  try {
    parseScenarioYaml(text, 'test.yaml');
  } catch (error) {
    if (error instanceof ScenarioError) return error.problems;
    throw error;
  }
  return [];
}

function cluster(s: Draft): DraftCluster {
  const found = s.subscriptions[0]?.resourceGroups[0]?.clusters[0];
  if (!found) throw new Error('the draft has no cluster');
  return found;
}
const pool = (s: Draft, index: number): DraftCluster['pools'][number] => {
  const found = cluster(s).pools[index];
  if (!found) throw new Error(`the draft has no pool ${index}`);
  return found;
};
const at = 'subscriptions[0].resourceGroups[0].clusters[0]';

describe('scenario files: validation names the path of every problem', () => {
  it('accepts the minimal scenario with the small latency profile and the default principal', () => {
    const scenario = parseScenarioYaml(scenarioYaml());
    expect(scenario.latencyProfile).toBe('small');
    expect(scenario.latency).toEqual(LATENCY_PROFILES.small);
    expect(scenario.winshiftPrincipalId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('carries the AKS switches (issue 13): wrapped errors, a busy cluster, failing new pools', () => {
    const scenario = parseScenarioYaml(
      scenarioYaml((s) => {
        s.aksErrorsWrapped = true;
        cluster(s).busy = { forSeconds: 20, from: 'firstWrite' };
        cluster(s).failNewPools = { code: 'AllocationFailed', message: 'Allocation failed.' };
      }),
    );
    expect(scenario.aksErrorsWrapped).toBe(true);
    expect(scenario.subscriptions[0]?.resourceGroups[0]?.clusters?.[0]).toMatchObject({
      busy: { forSeconds: 20, from: 'firstWrite' },
      failNewPools: { code: 'AllocationFailed', message: 'Allocation failed.' },
    });
  });

  it.each([
    [
      'a busy cluster for no time',
      (s: Draft) => (cluster(s).busy = { forSeconds: 0 }),
      [`${at}.busy.forSeconds: Too small`],
    ],
    [
      'failing new pools with an unknown preset',
      (s: Draft) => (cluster(s).failNewPools = 'disk'),
      [`${at}.failNewPools: Invalid input`],
    ],
    [
      'a misspelt key',
      (s: Draft) => {
        cluster(s).kubernetesVerison = cluster(s).kubernetesVersion;
        delete cluster(s).kubernetesVersion;
      },
      [`${at}: Unrecognized key: "kubernetesVerison"`, `${at}.kubernetesVersion: Invalid input`],
    ],
    [
      'an unknown OS SKU',
      (s: Draft) => (pool(s, 1).osSKU = 'Windows2016'),
      [`${at}.pools[1].osSKU: Invalid option`],
    ],
    [
      'a Windows pool name longer than 6 characters',
      (s: Draft) => (pool(s, 1).name = 'windows19'),
      [`${at}.pools[1].name: "windows19" is not a valid Windows pool name`],
    ],
    [
      'Windows2019 on Kubernetes 1.33',
      (s: Draft) => (cluster(s).kubernetesVersion = '1.33.2'),
      [`${at}.pools[1].osSKU: Windows2019 is not supported on Kubernetes 1.33.2`],
    ],
    [
      'a duplicate pool',
      (s: Draft) => cluster(s).pools.push({ name: 'win19', osType: 'Windows' }),
      [`${at}.pools[2].name: pool "win19" is declared twice`],
    ],
    [
      'a VMSS identity that is not declared',
      (s: Draft) =>
        (pool(s, 1).vmssUserAssignedIdentities = [
          `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/nope`,
        ]),
      [`${at}.pools[1].vmssUserAssignedIdentities[0]: no identity`],
    ],
    [
      'a manifest without a name',
      (s: Draft) =>
        cluster(s).kubernetes.objects.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }),
      [`${at}.kubernetes.objects[1].metadata.name: Invalid input`],
    ],
    [
      'a manifest in an undeclared namespace',
      (s: Draft) =>
        cluster(s).kubernetes.objects.push({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'c', namespace: 'payments' },
        }),
      [`${at}.kubernetes.objects[1].metadata.namespace: namespace "payments" is neither built in`],
    ],
    ['an unknown latency profile', (s: Draft) => (s.latency = 'glacial'), ['latency: Invalid']],
    [
      'a Windows image variant without its build',
      (s: Draft) =>
        (s.registries = [
          {
            host: 'mcr.microsoft.com',
            auth: 'anonymous',
            images: [
              {
                repository: 'windows/nanoserver',
                tag: 'ltsc2022',
                variants: [{ os: 'windows', sizeBytes: 1 }],
              },
            ],
          },
        ]),
      ['registries[0].images[0].variants[0].osVersion: Windows variants need their build'],
    ],
    [
      'a token realm switch on a registry that asks for no token',
      (s: Draft) =>
        (s.registries = [
          { host: 'mcr.microsoft.com', auth: 'anonymous', realmHost: 'auth.example', images: [] },
        ]),
      ['registries[0].realmHost: an anonymous registry asks for no token'],
    ],
    [
      'an access switch on an anonymous registry',
      (s: Draft) =>
        (s.registries = [
          {
            host: 'mcr.microsoft.com',
            auth: 'anonymous',
            azureADAuthenticationAsArmPolicy: 'disabled',
            images: [],
          },
        ]),
      ['registries[0].azureADAuthenticationAsArmPolicy: only an ACR (auth: acr) has it'],
    ],
    [
      'an ABAC-mode registry without its ARM id',
      (s: Draft) =>
        (s.registries = [
          {
            host: 'contoso.azurecr.io',
            auth: 'acr',
            roleAssignmentMode: 'AbacRepositoryPermissions',
            images: [],
          },
        ]),
      ['registries[0].resourceId: an ABAC-mode registry needs its ARM id'],
    ],
    [
      'a management group of an undeclared subscription or parent',
      (s: Draft) =>
        (s.managementGroups = [
          {
            name: 'mg1',
            parent: 'mg-missing',
            subscriptions: ['00000000-0000-4000-8000-000000000999'],
          },
        ]),
      [
        'managementGroups[0].parent: no management group "mg-missing"',
        'managementGroups[0].subscriptions[0]: subscription 00000000-0000-4000-8000-000000000999 is not declared',
      ],
    ],
    [
      'a pool in a subnet the scenario does not declare',
      (s: Draft) =>
        Object.assign(pool(s, 1), {
          properties: {
            vnetSubnetID: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/nope`,
          },
        }),
      [`${at}.pools[1].properties.vnetSubnetID: no subnet`],
    ],
    [
      'a subnet prefix that is not an IPv4 CIDR',
      (s: Draft) =>
        Object.assign(s.subscriptions[0]?.resourceGroups[0] ?? {}, {
          virtualNetworks: [{ name: 'v', subnets: [{ name: 'a', addressPrefix: '10.0.0.0/33' }] }],
        }),
      [
        'subscriptions[0].resourceGroups[0].virtualNetworks[0].subnets[0].addressPrefix: expected an IPv4 CIDR',
      ],
    ],
    [
      'a subscription id that is not a GUID',
      (s: Draft) => {
        const [subscription] = s.subscriptions;
        if (subscription) subscription.id = 'prod';
      },
      ['subscriptions[0].id: expected a GUID'],
    ],
  ])('rejects %s', (_, patch, expected) => {
    const problems = problemsOf(scenarioYaml(patch));
    for (const text of expected)
      expect(problems).toEqual(expect.arrayContaining([expect.stringContaining(text)]));
  });

  it('reports YAML syntax errors with their position, and the file in the message', () => {
    const error = (() => {
      try {
        parseScenarioYaml('subscriptions:\n  - id: [unclosed\n', 'broken.yaml');
      } catch (caught) {
        return caught as ScenarioError;
      }
      throw new Error('no error');
    })();
    expect(error.name).toBe('ScenarioError');
    expect(error.message).toContain('invalid scenario broken.yaml');
    expect(error.problems[0]).toMatch(/line \d+/);
  });

  it('merges latency overrides over the named profile', () => {
    const scenario = parseScenarioYaml(
      scenarioYaml((s) => (s.latency = { profile: 'realistic', poolProvisioningMs: 1000 })),
    );
    expect(scenario.latencyProfile).toBe('realistic');
    expect(scenario.latency).toEqual({ ...LATENCY_PROFILES.realistic, poolProvisioningMs: 1000 });
  });
});

describe('scenarios/default.yaml', () => {
  const images = (objects: readonly KubernetesManifest[]): string[] =>
    JSON.stringify(objects)
      .match(/"image":"[^"]+"/g)
      ?.map((entry) => entry.slice(9, -1)) ?? [];

  it("keeps every access switch off: winshift's vault policy, its subscriptions, no management group, ACR switches", async () => {
    const scenario = await loadScenarioFile(DEFAULT_SCENARIO_FILE);
    expect(scenario.subscriptions.map((sub) => sub.outsideWinshift)).toEqual([undefined]);
    expect(scenario.managementGroups).toBeUndefined();
    const acr = scenario.registries?.find((r) => r.auth === 'acr');
    expect(acr).toEqual(
      expect.objectContaining({
        resourceId: expect.stringMatching(/contosopayments$/) as unknown as string,
      }),
    );
    expect(acr?.roleAssignmentMode).toBeUndefined();
    expect(acr?.azureADAuthenticationAsArmPolicy).toBeUndefined();
    const vault = scenario.subscriptions[0]?.resourceGroups.flatMap((g) => g.vaults ?? [])[0];
    expect(vault?.accessPolicies).toContainEqual({
      objectId: scenario.winshiftPrincipalId,
      permissions: { secrets: ['list'] },
    });
  });

  it('is one subscription with one Kubernetes cluster: a Linux system pool and a 3-node Windows2019 pool carrying the gMSA identity', async () => {
    const scenario = await loadScenarioFile(DEFAULT_SCENARIO_FILE);
    expect(scenario.subscriptions).toHaveLength(1);
    const clusters = scenario.subscriptions[0]?.resourceGroups.flatMap((g) => g.clusters ?? []);
    expect(clusters).toHaveLength(1);
    const aks = clusters?.[0];
    expect(aks?.pools.map((p) => [p.name, p.osSKU, p.count])).toEqual([
      ['system', 'Ubuntu', 2],
      ['win19', 'Windows2019', 3],
    ]);
    expect(aks?.pools[1]?.vmssUserAssignedIdentities?.[0]).toMatch(/id-payments-gmsa$/);
    const kinds = (aks?.kubernetes?.objects ?? []).map((o) => o.kind);
    for (const kind of [
      'Deployment',
      'StatefulSet',
      'DaemonSet',
      'PodDisruptionBudget',
      'RuntimeClass',
      'GMSACredentialSpec',
      'CustomResourceDefinition',
    ])
      expect(kinds).toContain(kind);
  });

  it('keeps the adversarial registry switch off: no realm on another host', async () => {
    const scenario = await loadScenarioFile(DEFAULT_SCENARIO_FILE);
    expect((scenario.registries ?? []).map((r) => r.realmHost)).toEqual([undefined, undefined]);
  });

  it('has room for a new pool: its adversarial switches (quotas, a filled subnet, withdrawn versions) are off', async () => {
    const scenario = await loadScenarioFile(DEFAULT_SCENARIO_FILE);
    expect(scenario.withdrawnKubernetesVersions).toBeUndefined();
    expect(scenario.subscriptions.map((sub) => sub.quotas)).toEqual([undefined]);
    const subnets = scenario.subscriptions[0]?.resourceGroups.flatMap((g) =>
      (g.virtualNetworks ?? []).flatMap((v) => v.subnets),
    );
    expect(subnets).toEqual([{ name: 'snet-aks', addressPrefix: '10.240.0.0/22' }]);
    const pools = scenario.subscriptions[0]?.resourceGroups.flatMap((g) => g.clusters ?? [])[0]
      ?.pools;
    for (const p of pools ?? []) expect(p.properties?.['vnetSubnetID']).toMatch(/\/snet-aks$/);
  });

  it('publishes every workload image for ltsc2019 and ltsc2022 with multi-GB sizes, and no 2019-only image', async () => {
    const scenario = await loadScenarioFile(DEFAULT_SCENARIO_FILE);
    const objects =
      scenario.subscriptions[0]?.resourceGroups.flatMap((g) => g.clusters ?? [])[0]?.kubernetes
        ?.objects ?? [];
    const published = new Map(
      (scenario.registries ?? []).flatMap((registry) =>
        registry.images.map((image) => [
          `${registry.host}/${image.repository}:${image.tag}`,
          image,
        ]),
      ),
    );
    const used = images(objects);
    expect(used.length).toBeGreaterThanOrEqual(6);
    for (const image of used) {
      expect(image).toContain('ltsc2019');
      expect(published.get(image)?.variants[0]?.osVersion).toMatch(/^10\.0\.17763\./);
      expect(published.get(image.replace('ltsc2019', 'ltsc2022'))?.variants[0]?.osVersion).toMatch(
        /^10\.0\.20348\./,
      );
    }
    const sizes = [...published.values()].map((image) => image.variants[0]?.sizeBytes ?? 0);
    expect(Math.max(...sizes)).toBeGreaterThan(2 * 1024 ** 3);
    for (const key of published.keys())
      if (key.includes('ltsc2019'))
        expect(published.has(key.replace('ltsc2019', 'ltsc2022'))).toBe(true);
  });
});
