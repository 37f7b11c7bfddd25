import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

export interface KubernetesRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

export const KUBERNETES_DIR = path.resolve(process.cwd(), 'infra', 'kubernetes');

/** infra/kubernetes/permissions.json: the one list of winshift's Kubernetes verbs. */
export function loadPermissions(): KubernetesRule[] {
  const file = JSON.parse(readFileSync(path.join(KUBERNETES_DIR, 'permissions.json'), 'utf8')) as {
    rules: (KubernetesRule & { why: string })[];
  };
  return file.rules.map(({ apiGroups, resources, verbs }) => ({ apiGroups, resources, verbs }));
}

export function loadManifestDocuments(): Record<string, unknown>[] {
  const text = readFileSync(path.join(KUBERNETES_DIR, 'clusterrole.yaml'), 'utf8');
  return parseAllDocuments(text).map((doc) => doc.toJS() as Record<string, unknown>);
}

/** Every (group, resource, verb) a rule set grants, as `group/resource:verb` strings. */
export function grantsOf(rules: readonly KubernetesRule[]): Set<string> {
  const grants = new Set<string>();
  for (const rule of rules) {
    for (const group of rule.apiGroups) {
      for (const resource of rule.resources) {
        for (const verb of rule.verbs) grants.add(`${group}/${resource}:${verb}`);
      }
    }
  }
  return grants;
}

/**
 * The Azure RBAC for Kubernetes data action AKS's authorizer (guard,
 * authz/providers/azure/rbac/checkaccessreqhelper.go) checks for a Kubernetes request:
 * `Microsoft.ContainerService/managedClusters/[group/]resource/{read|write|delete}`; a subresource
 * (pods/eviction) is checked as its resource, except pods/exec.
 */
export function azureDataActionOf(group: string, resource: string, verb: string): string {
  const [name, subresource] = resource.split('/');
  const action =
    name === 'pods' && subresource === 'exec'
      ? 'exec/action'
      : (
          {
            get: 'read',
            list: 'read',
            watch: 'read',
            create: 'write',
            patch: 'write',
            update: 'write',
            delete: 'delete',
          } as Record<string, string>
        )[verb];
  if (!action) throw new Error(`no Azure RBAC mapping for verb ${verb}`);
  return ['Microsoft.ContainerService/managedClusters', group, name, action]
    .filter(Boolean)
    .join('/');
}
