/**
 * winshift's own short-lived DaemonSets (the pre-pull): create or replace, delete. RBAC grants
 * create/delete/patch on DaemonSets but not update, so "replace" is a JSON Patch that swaps the
 * labels and the whole pod template (a strategic merge would keep stale init containers, since it
 * merges them by name). The selector never changes, so it needs no replacing.
 */
import type { AppsV1Api, CoreV1Api, V1DaemonSet } from '@kubernetes/client-node';
import type { DaemonSetSpec } from '../../ports/kubernetes.js';
import { daemonSetManifest } from './daemonset-manifest.js';
import { isNotFound, kubeCall, statusOf, toWinshiftError } from './errors.js';
import { FIELD_MANAGER } from './workloads.js';

export interface DaemonSetOperations {
  applyDaemonSet(spec: DaemonSetSpec): Promise<void>;
  deleteDaemonSet(namespace: string, name: string): Promise<void>;
}

/** JSON Patch `add` sets a member whether or not it exists (RFC 6902 4.1). */
export function replacementPatch(manifest: V1DaemonSet): object[] {
  return [
    { op: 'add', path: '/metadata/labels', value: manifest.metadata?.labels ?? {} },
    { op: 'add', path: '/spec/template', value: manifest.spec?.template },
  ];
}

export function createDaemonSetOperations(
  apps: AppsV1Api,
  core: CoreV1Api,
  pauseImage?: string,
): DaemonSetOperations {
  const ensureNamespace = async (namespace: string): Promise<void> => {
    try {
      await core.createNamespace({
        body: { metadata: { name: namespace } },
        fieldManager: FIELD_MANAGER,
      });
    } catch (error) {
      if (statusOf(error) !== 409) throw toWinshiftError(error, `create namespace ${namespace}`);
    }
  };
  const create = (body: V1DaemonSet): Promise<V1DaemonSet> =>
    apps.createNamespacedDaemonSet({
      namespace: body.metadata?.namespace ?? '',
      body,
      fieldManager: FIELD_MANAGER,
    });

  return {
    async applyDaemonSet(spec) {
      const body = daemonSetManifest(spec, pauseImage);
      const doing = `apply DaemonSet ${spec.namespace}/${spec.name}`;
      try {
        await create(body);
        return;
      } catch (error) {
        if (isNotFound(error)) {
          // Creating in a missing namespace answers 404: create the namespace, then the object.
          await ensureNamespace(spec.namespace);
          await kubeCall(doing, () => create(body));
          return;
        }
        if (statusOf(error) !== 409) throw toWinshiftError(error, doing);
      }
      await kubeCall(doing, () =>
        apps.patchNamespacedDaemonSet({
          name: spec.name,
          namespace: spec.namespace,
          body: replacementPatch(body),
          fieldManager: FIELD_MANAGER,
        }),
      );
    },

    async deleteDaemonSet(namespace, name) {
      try {
        await apps.deleteNamespacedDaemonSet({ name, namespace, propagationPolicy: 'Background' });
      } catch (error) {
        if (!isNotFound(error))
          throw toWinshiftError(error, `delete DaemonSet ${namespace}/${name}`);
      }
    },
  };
}
