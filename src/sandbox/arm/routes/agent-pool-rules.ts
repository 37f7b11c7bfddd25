import {
  LINUX_POOL_NAME,
  osSkuRequiresFips,
  osSkuSupported,
  WINDOWS_POOL_NAME,
} from '../../state/aks-rules.js';
import type { ClusterState, PoolState } from '../../state/model.js';
import { aksError } from '../aks-errors.js';
import type { SandboxResponse } from '../http.js';

function invalid(parameter: string, details: string): SandboxResponse {
  return aksError(
    400,
    'InvalidParameter',
    `The value of parameter agentPoolProfile.${parameter} is invalid. Error details: ${details}`,
  );
}

function checkName(name: string, osType: string): SandboxResponse | undefined {
  const naming = 'Please see https://aka.ms/aks-naming-rules for more details.';
  if (osType === 'Windows' && !WINDOWS_POOL_NAME.test(name)) {
    return invalid(
      'name',
      `Windows agent pool name '${name}' must be 1-6 characters, lowercase letters and numbers, and start with a letter. ${naming}`,
    );
  }
  if (osType !== 'Windows' && !LINUX_POOL_NAME.test(name)) {
    return invalid(
      'name',
      `agent pool name '${name}' must be 1-12 characters, lowercase letters and numbers, and start with a letter. ${naming}`,
    );
  }
  return undefined;
}

function checkOsSku(
  cluster: ClusterState,
  properties: Record<string, unknown>,
): SandboxResponse | undefined {
  const version =
    typeof properties['orchestratorVersion'] === 'string'
      ? properties['orchestratorVersion']
      : cluster.kubernetesVersion;
  const osSku = typeof properties['osSKU'] === 'string' ? properties['osSKU'] : undefined;
  if (osSku === undefined) return undefined;
  if (!osSkuSupported(osSku, version)) {
    return invalid('osSKU', `OSSKU '${osSku}' is not supported for Kubernetes version ${version}.`);
  }
  if (osSkuRequiresFips(osSku) && properties['enableFIPS'] !== true) {
    return invalid('enableFIPS', `OSSKU '${osSku}' requires enableFIPS to be true.`);
  }
  return undefined;
}

function checkCount(count: unknown): SandboxResponse | undefined {
  const valid =
    count === undefined ||
    (typeof count === 'number' && Number.isInteger(count) && count >= 0 && count <= 1000);
  return valid ? undefined : invalid('count', 'count must be an integer between 0 and 1000.');
}

/** AKS's checks on a new pool's PUT body; undefined when it passes. */
export function validateNewPool(
  cluster: ClusterState,
  name: string,
  properties: Record<string, unknown>,
): SandboxResponse | undefined {
  const osType = properties['osType'] === 'Windows' ? 'Windows' : 'Linux';
  return (
    checkName(name, osType) ?? checkOsSku(cluster, properties) ?? checkCount(properties['count'])
  );
}

/** Properties AKS does not let a PUT change on an existing pool. */
const IMMUTABLE = [
  'osType',
  'vmSize',
  'osDiskSizeGB',
  'vnetSubnetID',
  'podSubnetID',
  'availabilityZones',
  'enableNodePublicIP',
];

/** AKS's checks on an update of an existing pool; undefined when it passes. */
export function validatePoolUpdate(
  pool: PoolState,
  properties: Record<string, unknown>,
): SandboxResponse | undefined {
  for (const key of IMMUTABLE) {
    if (
      key in properties &&
      JSON.stringify(properties[key]) !== JSON.stringify(pool.properties[key])
    ) {
      return aksError(
        400,
        'PropertyChangeNotAllowed',
        `Changing property '${key}' is not allowed.`,
      );
    }
  }
  const osSku = properties['osSKU'];
  if (
    pool.properties['osType'] === 'Windows' &&
    osSku !== undefined &&
    osSku !== pool.properties['osSKU']
  ) {
    return aksError(
      400,
      'PropertyChangeNotAllowed',
      `Changing property 'osSKU' from '${String(pool.properties['osSKU'])}' to '${JSON.stringify(osSku).replace(/"/g, '')}' is not allowed for Windows agent pools; create a new agent pool instead.`,
    );
  }
  return undefined;
}
