/**
 * Issue 12 item 4: the patches a user commits (domain/repository-patches.ts, domain/json-patch.ts):
 * the strategic merge patch and the RFC 6902 patch of each planned workload, built from the plan
 * alone. The JSON patch is applied here (RFC 6902's add/remove/replace/test) to the manifest the plan
 * describes, and must give the placement the run ends with; the strategic merge patch is applied to
 * a real API server by the e2e test.
 */
import { describe, expect, it } from '@jest/globals';
import { DEFAULT_CALENDAR } from '../../../src/domain/calendar.js';
import type { PlannedWorkload, Plan } from '../../../src/domain/plan.js';
import { buildPlan } from '../../../src/domain/planner.js';
import type { PlanFacts } from '../../../src/domain/planner-facts.js';
import {
  placementsOf,
  repositoryPatch,
  repositoryPatches,
  type JsonPatchOp,
} from '../../../src/domain/repository-patches.js';
import { pointerToken } from '../../../src/domain/json-patch.js';
import { placementVerdict } from '../../../src/domain/placement-check.js';
import { planPoolNodes } from '../../../src/domain/placement-recheck.js';
import type { WorkloadInfo } from '../../../src/ports/kubernetes.js';
import { IMAGES, makeFacts, OPTIONS, windowsImage, workload } from './planner-fixture.js';

const FLUX = {
  'kustomize.toolkit.fluxcd.io/name': 'payments',
  'kustomize.toolkit.fluxcd.io/namespace': 'apps',
};

function planOf(edit: (facts: PlanFacts) => PlanFacts = (f) => f): Plan {
  return buildPlan(edit(makeFacts()), OPTIONS, DEFAULT_CALENDAR);
}

const find = (plan: Plan, name: string): PlannedWorkload => {
  const found = plan.workloads.find((w) => w.name === name);
  if (!found) throw new Error(`no planned ${name}`);
  return found;
};

type Json = Record<string, unknown>;

const AGENTPOOL = 'kubernetes.azure.com/agentpool';

/** RFC 6902 over plain JSON: enough of it to apply what winshift writes, strict about targets. */
function applyJsonPatch(document: Json, ops: readonly JsonPatchOp[]): Json {
  const doc = structuredClone(document);
  for (const op of ops) {
    const tokens = op.path
      .split('/')
      .slice(1)
      .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = tokens.pop()!;
    let parent: unknown = doc;
    for (const token of tokens) {
      parent = (parent as Json)[token];
      if (parent === undefined) throw new Error(`${op.op} ${op.path}: no parent`);
    }
    const container = parent as Json;
    const exists = Object.hasOwn(container, last);
    if (op.op === 'test') {
      if (JSON.stringify(container[last]) !== JSON.stringify(op.value))
        throw new Error(`test ${op.path} failed`);
    } else if (op.op === 'remove' || op.op === 'replace') {
      if (!exists) throw new Error(`${op.op} ${op.path}: no such member`);
      if (op.op === 'remove') delete container[last];
      else container[last] = op.value;
    } else container[last] = op.value;
  }
  return doc;
}

/** The manifest of a planned workload as the plan saw it (placement and images by position). */
function manifestOf(info: WorkloadInfo): Json {
  const pod = {
    ...info.placement,
    containers: info.containers.map((c) => ({ ...c })),
    initContainers: info.initContainers.map((c) => ({ ...c })),
  };
  const template = { spec: pod };
  return {
    spec: info.kind === 'CronJob' ? { jobTemplate: { spec: { template } } } : { template },
  };
}

const podOf = (manifest: Json, kind: string): Json => {
  const spec = manifest['spec'] as Json;
  const holder = kind === 'CronJob' ? ((spec['jobTemplate'] as Json)['spec'] as Json) : spec;
  return (holder['template'] as Json)['spec'] as Json;
};

describe('repositoryPatch: the strategic merge patch', () => {
  const plan = planOf();

  it("names the object and carries the Deployment's placement and images by container name", () => {
    const patch = repositoryPatch(plan, find(plan, 'web'));
    expect(patch.path).toBe('deployment-shop-web.yaml');
    expect(patch.jsonPatchPath).toBe('deployment-shop-web.json');
    expect(patch.workload).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
    });
    expect(patch.strategicMerge).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        template: {
          spec: {
            nodeSelector: { agentpool: null, 'kubernetes.azure.com/os-sku': 'Windows2022' },
            containers: [{ name: 'web', image: IMAGES.iis22 }],
            initContainers: [{ name: 'setup', image: IMAGES.ps22 }],
          },
        },
      },
    });
    expect(patch.target).toEqual({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
    });
    expect(patch.notes).toBeUndefined();
  });

  it("gives a DaemonSet the placement it ends with (narrowed), not the run's widened one", () => {
    const pinned = planOf((f) => ({
      ...f,
      workloads: f.workloads.map((w) =>
        w.name === 'agent'
          ? {
              ...w,
              placement: {
                ...w.placement,
                nodeSelector: { 'kubernetes.azure.com/os-sku': 'Windows2019' },
              },
            }
          : w,
      ),
    }));
    const agent = find(pinned, 'agent');
    const { after } = placementsOf(pinned, agent);
    const { newNode, oldNode } = planPoolNodes(pinned);
    expect(placementVerdict(after, newNode, oldNode)).toEqual({
      landsOnNew: true,
      avoidsOld: true,
      reasons: [],
    });
    const patch = repositoryPatch(pinned, agent);
    expect(patch.strategicMerge).toMatchObject({
      kind: 'DaemonSet',
      spec: { template: { spec: { containers: [{ name: 'agent', image: IMAGES.agent22 }] } } },
    });
    // The run's OnDelete while widened is not the end state: the strategy stays the original's.
    expect(JSON.stringify(patch.strategicMerge)).not.toContain('updateStrategy');
  });

  it('keeps a DaemonSet that pinned nothing of the old pool off it, as the narrowing leaves it', () => {
    // Its template must keep avoiding the old pool until the pool is gone: the re-check before the
    // deletion stops the run otherwise, so the repository needs the narrowing too.
    const plan = planOf();
    const patch = repositoryPatch(plan, find(plan, 'agent'));
    expect(patch.strategicMerge).toEqual({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: 'shop' },
      spec: {
        template: {
          spec: {
            affinity: {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [
                    {
                      matchExpressions: [{ key: AGENTPOOL, operator: 'NotIn', values: ['win19'] }],
                    },
                    { matchExpressions: [{ key: AGENTPOOL, operator: 'In', values: ['w22a'] }] },
                  ],
                },
              },
            },
            containers: [{ name: 'agent', image: IMAGES.agent22 }],
          },
        },
      },
    });
  });

  it.each<[string, string, string]>([
    ['1.30.5', 'batch/v1', 'batch'],
    ['1.21.0', 'batch/v1', 'batch'],
    ['1.20.2', 'batch/v1beta1', 'batch'],
  ])(
    'a CronJob on Kubernetes %s is %s, patched at spec.jobTemplate.spec.template',
    (k8s, api, group) => {
      const cronPlan = planOf((f) => ({
        ...f,
        cluster: { ...f.cluster, kubernetesVersion: k8s },
        workloads: [
          ...f.workloads,
          workload(
            { kind: 'CronJob', namespace: 'shop', name: 'nightly' },
            {
              placement: {
                nodeSelector: { [AGENTPOOL]: 'win19' },
                tolerations: [
                  { key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' },
                ],
              },
              containers: [{ name: 'job', image: IMAGES.iis19 }],
            },
          ),
        ],
      }));
      const patch = repositoryPatch(cronPlan, find(cronPlan, 'nightly'));
      expect(patch.workload.apiVersion).toBe(api);
      expect(patch.target).toMatchObject({ group, version: api.split('/')[1] });
      expect(patch.strategicMerge).toMatchObject({
        apiVersion: api,
        spec: {
          jobTemplate: {
            spec: {
              template: {
                spec: {
                  nodeSelector: { [AGENTPOOL]: null, 'kubernetes.azure.com/os-sku': 'Windows2022' },
                },
              },
            },
          },
        },
      });
      expect(patch.jsonPatch[0]?.path).toMatch(/^\/spec\/jobTemplate\/spec\/template\/spec\//);
    },
  );

  it('drops a node affinity term pinning the old pool: an affinity that held only that goes whole', () => {
    const pinned = planOf((f) => ({
      ...f,
      workloads: f.workloads.map((w) =>
        w.name === 'db'
          ? {
              ...w,
              placement: {
                affinity: {
                  nodeAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: {
                      nodeSelectorTerms: [
                        {
                          matchExpressions: [
                            {
                              key: 'kubernetes.azure.com/agentpool',
                              operator: 'In',
                              values: ['win19'],
                            },
                          ],
                        },
                      ],
                    },
                  },
                },
              },
            }
          : w,
      ),
    }));
    const patch = repositoryPatch(pinned, find(pinned, 'db'));
    expect(patch.strategicMerge).toMatchObject({
      spec: {
        template: {
          spec: { affinity: null, nodeSelector: { 'kubernetes.azure.com/os-sku': 'Windows2022' } },
        },
      },
    });
    expect(patch.jsonPatch).toEqual(
      expect.arrayContaining([
        { op: 'remove', path: '/spec/template/spec/affinity' },
        {
          op: 'add',
          path: '/spec/template/spec/nodeSelector',
          value: { 'kubernetes.azure.com/os-sku': 'Windows2022' },
        },
      ]),
    );
  });
});

describe('repositoryPatch: the JSON patch', () => {
  it('addresses containers by their planned position, guarded by tests of name and old image', () => {
    const plan = planOf((f) => ({
      ...f,
      workloads: f.workloads.map((w) =>
        w.name === 'web'
          ? {
              ...w,
              containers: [
                { name: 'sidecar', image: IMAGES.log },
                { name: 'web', image: IMAGES.iis19 },
              ],
            }
          : w,
      ),
    }));
    const ops = repositoryPatch(plan, find(plan, 'web')).jsonPatch;
    expect(ops).toEqual([
      { op: 'remove', path: '/spec/template/spec/nodeSelector/agentpool' },
      {
        op: 'add',
        path: '/spec/template/spec/nodeSelector/kubernetes.azure.com~1os-sku',
        value: 'Windows2022',
      },
      { op: 'test', path: '/spec/template/spec/containers/1/name', value: 'web' },
      { op: 'test', path: '/spec/template/spec/containers/1/image', value: IMAGES.iis19 },
      { op: 'replace', path: '/spec/template/spec/containers/1/image', value: IMAGES.iis22 },
      { op: 'test', path: '/spec/template/spec/initContainers/0/name', value: 'setup' },
      { op: 'test', path: '/spec/template/spec/initContainers/0/image', value: IMAGES.ps19 },
      { op: 'replace', path: '/spec/template/spec/initContainers/0/image', value: IMAGES.ps22 },
    ]);
  });

  it.each(['web', 'db', 'agent'])(
    "applied to %s's manifest, gives the placement and images the run ends with",
    (name) => {
      const facts = makeFacts();
      const plan = buildPlan(facts, OPTIONS, DEFAULT_CALENDAR);
      const planned = find(plan, name);
      const info = facts.workloads.find((w) => w.name === name)!;
      const patched = podOf(
        applyJsonPatch(manifestOf(info), repositoryPatch(plan, planned).jsonPatch),
        info.kind,
      );
      const { after } = placementsOf(plan, planned);
      expect(patched['nodeSelector']).toEqual(after.nodeSelector);
      expect(patched['affinity']).toEqual(after.affinity);
      const images = (patched['containers'] as { name: string; image: string }[]).map(
        (c) => c.image,
      );
      expect(images.some((i) => i.includes('ltsc2019'))).toBe(false);
    },
  );

  it('fails on a manifest whose containers are in another order (a test, never the wrong one)', () => {
    const facts = makeFacts();
    const plan = buildPlan(facts, OPTIONS, DEFAULT_CALENDAR);
    const info = facts.workloads.find((w) => w.name === 'web')!;
    const reordered = { ...info, containers: [...info.containers].reverse() };
    expect(() =>
      applyJsonPatch(manifestOf(reordered), repositoryPatch(plan, find(plan, 'web')).jsonPatch),
    ).toThrow('test /spec/template/spec/containers/0/name failed');
  });

  it('leaves out, and says so, an image of a plan stored before positions were recorded', () => {
    const plan = planOf();
    const web = find(plan, 'web');
    const older: PlannedWorkload = { ...web, images: web.images.map(({ index: _i, ...i }) => i) };
    const patch = repositoryPatch(plan, older);
    expect(patch.jsonPatch.filter((op) => op.path.includes('containers'))).toEqual([]);
    expect(patch.notes).toEqual([
      expect.stringContaining('leaves out the image of container web'),
      expect.stringContaining('leaves out the image of initContainer setup'),
    ]);
    expect(JSON.stringify(patch.strategicMerge)).toContain(IMAGES.iis22);
  });

  it.each([
    ['kubernetes.azure.com/os-sku', 'kubernetes.azure.com~1os-sku'],
    ['a~b/c', 'a~0b~1c'],
  ])('escapes %s as %s (RFC 6901)', (key, token) => {
    expect(pointerToken(key)).toBe(token);
  });
});

describe('repositoryPatches', () => {
  const plan = planOf((f) => ({
    ...f,
    workloads: f.workloads.map((w) => (w.name === 'db' ? { ...w, labels: FLUX } : w)),
    images: { ...f.images, [IMAGES.sql22]: windowsImage('10.0.20348.2655') },
  }));

  it('lists every planned workload in the plan order, or only the managed ones', () => {
    expect(repositoryPatches(plan).map((p) => p.path)).toEqual([
      'deployment-shop-web.yaml',
      'statefulset-shop-db.yaml',
      'daemonset-shop-agent.yaml',
    ]);
    const managed = repositoryPatches(plan, { managedOnly: true });
    expect(managed.map((p) => p.path)).toEqual(['statefulset-shop-db.yaml']);
    expect(managed[0]?.managedBy).toMatchObject({ tool: 'Flux', name: 'apps/payments' });
  });

  it('titles each file with the workload and who manages it', () => {
    expect(repositoryPatches(plan).map((p) => p.title)).toEqual([
      'Deployment shop/web',
      'StatefulSet shop/db, managed by Flux Kustomization apps/payments',
      'DaemonSet shop/agent',
    ]);
  });
});
