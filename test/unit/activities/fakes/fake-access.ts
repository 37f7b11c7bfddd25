/**
 * winshift's own access as the plan reads it: permissions per scope (by default everything, as the
 * Owner role's `*`), its principal id, and the Azure Container Registries by login server. Counts the
 * scopes asked, so a test can tell which checks ran.
 */
import { WinshiftError, type ErrorCode } from '../../../../src/domain/errors.js';
import type {
  AccessPort,
  ContainerRegistryPort,
  PermissionSet,
  RegistryResource,
} from '../../../../src/ports/access.js';

export const ALL_PERMISSIONS: PermissionSet = {
  actions: ['*'],
  notActions: [],
  dataActions: ['*'],
  notDataActions: [],
};

export const NO_PERMISSIONS: readonly PermissionSet[] = [];

export class FakeAccess implements AccessPort, ContainerRegistryPort {
  principalId: string | undefined = 'a11ce000-0000-4000-8000-00000000a11c';
  /** Permissions by lower-cased scope; scopes not listed get `fallback`. */
  readonly permissions = new Map<string, readonly PermissionSet[]>();
  fallback: readonly PermissionSet[] = [ALL_PERMISSIONS];
  /** Scopes whose permissions read fails with this code. */
  readonly failures = new Map<string, ErrorCode>();
  readonly registries: RegistryResource[] = [];
  readonly asked: string[] = [];

  permissionsAt(scope: string): Promise<readonly PermissionSet[]> {
    this.asked.push(scope);
    const failure = this.failures.get(scope.toLowerCase());
    if (failure !== undefined)
      return Promise.reject(new WinshiftError(failure, `permissions at ${scope} refused`));
    return Promise.resolve(this.permissions.get(scope.toLowerCase()) ?? this.fallback);
  }

  ownPrincipalId(): Promise<string | undefined> {
    return Promise.resolve(this.principalId);
  }

  findRegistry(host: string): Promise<RegistryResource | undefined> {
    return Promise.resolve(
      this.registries.find((r) => r.loginServer.toLowerCase() === host.toLowerCase()),
    );
  }
}
