/**
 * The new pool's Kubernetes version (issue 13 item 6). It copies the old pool's `orchestratorVersion`
 * (newPoolSpec), but AKS creates a pool only on a version it still offers for new pools of the cluster
 * (`GET .../managedClusters/{name}/availableAgentPoolVersions`; anything else is refused with 400
 * AgentPoolK8sVersionNotSupported, "Version X is not supported in this region") and never newer than
 * the control plane (https://aka.ms/version-skew-policy). The Terraform azurerm provider checks a
 * pool's version against the same list before it creates the pool
 * (hashicorp/terraform-provider-azurerm, internal/services/containers, validateNodePoolSupportsVersion).
 *
 * A patch no longer offered is replaced by the highest offered patch of the same minor that is not
 * above the control plane (a preview version is never chosen for the user); without one the plan is
 * blocked with the versions on offer.
 */
import {
  compareMinor,
  comparePatch,
  parseKubernetesVersion,
  type KubernetesVersion,
} from './kubernetes-version.js';
import type { AgentPoolSpec } from './pool-spec.js';
import type { AgentPoolVersion, Readout } from './preflight-facts.js';
import { NO_FINDINGS, unverified, type Findings } from './preflight-size.js';

export interface PoolVersionDecision {
  /** The spec to create, its orchestratorVersion replaced when another patch was chosen. */
  readonly spec: AgentPoolSpec;
  readonly findings: Findings;
}

interface Offered {
  readonly text: string;
  readonly version: KubernetesVersion;
  readonly isPreview: boolean;
}

function offeredVersions(list: readonly AgentPoolVersion[]): Offered[] {
  return list.flatMap((item) => {
    const version = parseKubernetesVersion(item.version);
    return version ? [{ text: item.version, version, isPreview: item.isPreview === true }] : [];
  });
}

const notAbove = (v: KubernetesVersion, bound: KubernetesVersion): boolean =>
  bound.patch === undefined ? compareMinor(v, bound) <= 0 : comparePatch(v, bound) <= 0;

export function decidePoolVersion(
  spec: AgentPoolSpec,
  controlPlaneVersion: string,
  offered: Readout<readonly AgentPoolVersion[]>,
  poolName: string,
): PoolVersionDecision {
  const stated = spec['orchestratorVersion'];
  const wanted = typeof stated === 'string' && stated !== '' ? stated : controlPlaneVersion;
  const requested = parseKubernetesVersion(wanted);
  const controlPlane = parseKubernetesVersion(controlPlaneVersion);
  const subject = `pool ${poolName}`;
  const what = `the new pool's Kubernetes version ${wanted}`;
  if (requested === undefined || controlPlane === undefined) return { spec, findings: NO_FINDINGS };
  if (offered.status === 'unreadable')
    return { spec, findings: warn(unverified(what, offered.reason, 'poolVersions', subject)) };
  const all = offeredVersions(offered.value);
  if (all.length === 0) {
    // A caller without the permission has been seen answered an empty list instead of a 403.
    const reason = 'AKS listed no Kubernetes version for new pools of the cluster';
    return { spec, findings: warn(unverified(what, reason, 'poolVersions', subject)) };
  }
  const allowed = all.filter((o) => notAbove(o.version, controlPlane));
  const sameMinor = allowed.filter((o) => compareMinor(o.version, requested) === 0);
  const exact =
    requested.patch === undefined
      ? sameMinor.length > 0
      : sameMinor.some((o) => comparePatch(o.version, requested) === 0);
  if (exact) return { spec, findings: NO_FINDINGS };
  const best = sameMinor
    .filter((o) => !o.isPreview)
    .sort((a, b) => comparePatch(b.version, a.version))[0];
  if (best !== undefined) {
    return {
      spec: { ...spec, orchestratorVersion: best.text },
      findings: warn({
        code: 'KUBERNETES_VERSION_SUBSTITUTED',
        subject,
        message: `${wanted} (the old pool's orchestratorVersion) is no longer offered for new pools of this cluster: the new pool gets ${best.text}, the highest offered patch of ${requested.major}.${requested.minor} not above the control plane's ${controlPlaneVersion}`,
      }),
    };
  }
  const list = (allowed.length > 0 ? allowed : all).map((o) => o.text).join(', ');
  return {
    spec,
    findings: {
      blockers: [
        {
          code: 'KUBERNETES_VERSION_UNAVAILABLE',
          subject,
          message: `${what} is not offered for new pools of this cluster, and no patch of ${requested.major}.${requested.minor} at or below the control plane's ${controlPlaneVersion} is; offered: ${list}. Upgrade the old pool (or the control plane) to an offered version and plan again`,
        },
      ],
      warnings: [],
    },
  };
}

function warn(warning: Findings['warnings'][number]): Findings {
  return { blockers: [], warnings: [warning] };
}
