/** Cluster-scoped objects winshift reads: RuntimeClasses and gMSA credential specs. Pure mappers. */
import type { V1RuntimeClass } from '@kubernetes/client-node';
import type { RuntimeClassFacts } from '../../domain/runtime-class.js';
import type { GmsaCredentialSpecInfo } from '../../ports/kubernetes.js';
import { plainJson } from './map-core.js';

export function toRuntimeClassFacts(runtimeClass: V1RuntimeClass): RuntimeClassFacts {
  const scheduling = runtimeClass.scheduling;
  return {
    handler: runtimeClass.handler,
    ...(scheduling?.nodeSelector ? { nodeSelector: { ...scheduling.nodeSelector } } : {}),
    ...(scheduling?.tolerations ? { tolerations: plainJson(scheduling.tolerations) } : {}),
  };
}

export function toRuntimeClasses(
  items: readonly V1RuntimeClass[],
): Readonly<Record<string, RuntimeClassFacts>> {
  return Object.fromEntries(
    items.map((item) => [item.metadata?.name ?? '', toRuntimeClassFacts(item)]),
  );
}

/** A GMSACredentialSpec as served (custom resource, plain JSON): `credspec` sits at the top level. */
export interface GmsaCredentialSpecObject {
  readonly metadata?: { readonly name?: string };
  readonly credspec?: {
    readonly ActiveDirectoryConfig?: {
      readonly HostAccountConfig?: { readonly PluginInput?: unknown };
    };
  };
}

export function toGmsaCredentialSpecInfo(object: GmsaCredentialSpecObject): GmsaCredentialSpecInfo {
  const pluginInput = object.credspec?.ActiveDirectoryConfig?.HostAccountConfig?.PluginInput;
  return {
    name: object.metadata?.name ?? '',
    ...(typeof pluginInput === 'string' ? { pluginInput } : {}),
  };
}
