import { identityId, idKey } from '../state/ids.js';
import { LINUX_POOL_NAME, osSkuSupported, WINDOWS_POOL_NAME } from '../state/aks-rules.js';
import type { ScenarioFile } from './schema.js';

// Rules across the scenario that a schema cannot express. Each problem names its path, like zod's.

type Cluster = NonNullable<
  ScenarioFile['subscriptions'][number]['resourceGroups'][number]['clusters']
>[number];

const BUILT_IN_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

function checkPools(cluster: Cluster, at: string, identities: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  cluster.pools.forEach((pool, index) => {
    const path = `${at}.pools[${index}]`;
    const rule = pool.osType === 'Windows' ? WINDOWS_POOL_NAME : LINUX_POOL_NAME;
    if (!rule.test(pool.name))
      problems.push(
        `${path}.name: "${pool.name}" is not a valid ${pool.osType} pool name ` +
          `(${pool.osType === 'Windows' ? '1-6' : '1-12'} lowercase letters and digits, starting with a letter)`,
      );
    if (seen.has(pool.name)) problems.push(`${path}.name: pool "${pool.name}" is declared twice`);
    seen.add(pool.name);
    const osSku = pool.osSKU ?? (pool.osType === 'Windows' ? 'Windows2022' : 'Ubuntu');
    if ((pool.osType === 'Windows') !== osSku.startsWith('Windows'))
      problems.push(`${path}.osSKU: ${osSku} does not match osType ${pool.osType}`);
    const version = pool.orchestratorVersion ?? cluster.kubernetesVersion;
    if (!osSkuSupported(osSku, version))
      problems.push(`${path}.osSKU: ${osSku} is not supported on Kubernetes ${version}`);
    (pool.vmssUserAssignedIdentities ?? []).forEach((id, i) => {
      if (!identities.has(idKey(id)))
        problems.push(
          `${path}.vmssUserAssignedIdentities[${i}]: no identity ${id} is declared in the scenario`,
        );
    });
  });
  return problems;
}

function objectKey(object: {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string | undefined };
}): string {
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
  return `${object.kind}.${group}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

function checkObjects(cluster: Cluster, at: string): string[] {
  const objects = cluster.kubernetes?.objects ?? [];
  const namespaces = new Set(
    objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name),
  );
  const problems: string[] = [];
  const seen = new Set<string>();
  objects.forEach((object, index) => {
    const path = `${at}.kubernetes.objects[${index}]`;
    const key = objectKey(object);
    if (seen.has(key))
      problems.push(`${path}: ${object.kind} ${object.metadata.name} is declared twice`);
    seen.add(key);
    const namespace = object.metadata.namespace;
    if (namespace && !namespaces.has(namespace) && !BUILT_IN_NAMESPACES.has(namespace))
      problems.push(
        `${path}.metadata.namespace: namespace "${namespace}" is neither built in nor declared as a Namespace object`,
      );
  });
  return problems;
}

/** Pools' `vnetSubnetID` / `podSubnetID` must name a subnet the scenario declares. */
function checkSubnetRefs(file: ScenarioFile): string[] {
  const subnets = new Set<string>();
  for (const subscription of file.subscriptions)
    for (const group of subscription.resourceGroups)
      for (const vnet of group.virtualNetworks ?? [])
        for (const subnet of vnet.subnets)
          subnets.add(
            idKey(
              `/subscriptions/${subscription.id}/resourceGroups/${group.name}/providers/Microsoft.Network/virtualNetworks/${vnet.name}/subnets/${subnet.name}`,
            ),
          );
  const problems: string[] = [];
  file.subscriptions.forEach((subscription, s) =>
    subscription.resourceGroups.forEach((group, g) =>
      (group.clusters ?? []).forEach((cluster, c) =>
        cluster.pools.forEach((pool, p) => {
          for (const key of ['vnetSubnetID', 'podSubnetID']) {
            const id = pool.properties?.[key];
            if (typeof id === 'string' && !subnets.has(idKey(id)))
              problems.push(
                `subscriptions[${s}].resourceGroups[${g}].clusters[${c}].pools[${p}].properties.${key}: no subnet ${id} is declared in the scenario (resourceGroups[].virtualNetworks)`,
              );
          }
        }),
      ),
    ),
  );
  return problems;
}

/** Registry switches need an ACR with an ARM id (the token exchange and Registries_List use it). */
function checkRegistrySwitches(file: ScenarioFile): string[] {
  const problems: string[] = [];
  (file.registries ?? []).forEach((registry, r) => {
    const switches = [
      registry.resourceId !== undefined ? 'resourceId' : undefined,
      registry.roleAssignmentMode !== undefined ? 'roleAssignmentMode' : undefined,
      registry.azureADAuthenticationAsArmPolicy !== undefined
        ? 'azureADAuthenticationAsArmPolicy'
        : undefined,
    ].filter((name): name is string => name !== undefined);
    if (registry.auth !== 'acr' && switches.length > 0)
      problems.push(`registries[${r}].${switches[0]}: only an ACR (auth: acr) has it`);
    if (registry.roleAssignmentMode === 'AbacRepositoryPermissions' && !registry.resourceId)
      problems.push(
        `registries[${r}].resourceId: an ABAC-mode registry needs its ARM id (role assignments are scoped to it)`,
      );
  });
  return problems;
}

/** Management groups name declared subscriptions and parents. */
function checkManagementGroups(file: ScenarioFile): string[] {
  const subscriptions = new Set(file.subscriptions.map((s) => s.id.toLowerCase()));
  const groups = new Set((file.managementGroups ?? []).map((g) => g.name.toLowerCase()));
  const problems: string[] = [];
  (file.managementGroups ?? []).forEach((group, g) => {
    if (group.parent !== undefined && !groups.has(group.parent.toLowerCase()))
      problems.push(`managementGroups[${g}].parent: no management group "${group.parent}"`);
    (group.subscriptions ?? []).forEach((id, i) => {
      if (!subscriptions.has(id.toLowerCase()))
        problems.push(
          `managementGroups[${g}].subscriptions[${i}]: subscription ${id} is not declared`,
        );
    });
  });
  return problems;
}

/** Problems with identities, pools and Kubernetes objects, each prefixed with its path. */
export function checkScenario(file: ScenarioFile): string[] {
  const identities = new Set<string>();
  for (const subscription of file.subscriptions)
    for (const group of subscription.resourceGroups)
      for (const identity of group.identities ?? [])
        identities.add(idKey(identityId(subscription.id, group.name, identity.name)));
  const problems: string[] = [];
  const clusterIds = new Set<string>();
  file.subscriptions.forEach((subscription, s) =>
    subscription.resourceGroups.forEach((group, g) =>
      (group.clusters ?? []).forEach((cluster, c) => {
        const at = `subscriptions[${s}].resourceGroups[${g}].clusters[${c}]`;
        const id = `${subscription.id}/${group.name}/${cluster.name}`.toLowerCase();
        if (clusterIds.has(id))
          problems.push(`${at}.name: cluster "${cluster.name}" is declared twice`);
        clusterIds.add(id);
        problems.push(...checkPools(cluster, at, identities), ...checkObjects(cluster, at));
      }),
    ),
  );
  problems.push(
    ...checkSubnetRefs(file),
    ...checkRegistrySwitches(file),
    ...checkManagementGroups(file),
  );
  const registryHosts = new Set((file.registries ?? []).map((registry) => registry.host));
  (file.registries ?? []).forEach((registry, r) => {
    if (registry.realmHost !== undefined && registry.auth === 'anonymous')
      problems.push(`registries[${r}].realmHost: an anonymous registry asks for no token`);
    if (registry.realmHost !== undefined && registryHosts.has(registry.realmHost))
      problems.push(
        `registries[${r}].realmHost: ${registry.realmHost} is a registry of the scenario`,
      );
    const refs = new Set<string>();
    registry.images.forEach((image, i) => {
      const ref = `${image.repository}:${image.tag}`;
      if (refs.has(ref))
        problems.push(`registries[${r}].images[${i}]: ${registry.host}/${ref} is declared twice`);
      refs.add(ref);
      image.variants.forEach((variant, v) => {
        if (variant.os === 'windows' && !variant.osVersion)
          problems.push(
            `registries[${r}].images[${i}].variants[${v}].osVersion: Windows variants need their build (os.version)`,
          );
      });
    });
  });
  return problems;
}
