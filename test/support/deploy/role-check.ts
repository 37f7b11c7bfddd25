/**
 * Issue 6's "role vs. recorded operations" check: the operations winshift itself made in the
 * sandbox, gathered scenario by scenario during the end-to-end runs, compared with the operator role
 * of infra/main.bicep in both directions.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { OperationRecord } from '../../../src/sandbox/arm/index.js';
import type { RunningSandbox } from '../../../src/sandbox/index.js';
import {
  compareRole,
  requiredPermissions,
  type RecordedOperation,
  type RoleComparison,
} from './arm-actions.js';
import { mainRolePermissions } from './bicep.js';

/**
 * The principal the tests' own checks act as (an operator looking afterwards). Not winshift's, so
 * what the tests read before and after an upgrade does not count as winshift's calls.
 */
const CHECKER_PRINCIPAL_ID = 'e2ec0ffe-0000-4000-8000-00000000c4ec';

export function checkerCredential(sandbox: RunningSandbox): TokenCredential {
  return sandbox.arm.credentialFor(CHECKER_PRINCIPAL_ID);
}

/**
 * What winshift called: ARM and Key Vault requests carrying its token, and registry requests, which
 * carry no Entra token to tell the caller by (anonymous MCR, ACR's own tokens, the Entra token of the
 * ACR exchange sits in the form body) and which only winshift makes in these tests. Key Vault's
 * unauthenticated first request (the SDK's challenge probe) is left out: the retry with the token
 * is recorded too.
 */
export function winshiftOperations(
  records: readonly OperationRecord[],
  winshiftPrincipalId: string,
): RecordedOperation[] {
  const winshift = winshiftPrincipalId.toLowerCase();
  return records.filter((op) =>
    op.principalId === undefined
      ? op.operationId.startsWith('Registry_')
      : op.principalId.toLowerCase() === winshift,
  );
}

/** What winshift called across the scenarios, and which scenarios ran to their end. */
export class RoleCoverage {
  readonly #scenarios: string[] = [];
  readonly #completed = new Set<string>();
  readonly #operations: RecordedOperation[] = [];

  /** Declares a scenario whose operations the comparison needs. */
  plan(scenario: string): void {
    this.#scenarios.push(scenario);
  }

  record(operations: readonly RecordedOperation[]): void {
    this.#operations.push(...operations);
  }

  complete(scenario: string): void {
    if (!this.#scenarios.includes(scenario)) throw new Error(`unplanned scenario ${scenario}`);
    this.#completed.add(scenario);
  }

  /** Planned scenarios that did not run to their end (filtered out with -t, skipped or failed). */
  incomplete(): string[] {
    return this.#scenarios.filter((s) => !this.#completed.has(s));
  }

  get recorded(): number {
    return this.#operations.length;
  }

  /** The role compared with every operation recorded so far. */
  compare(): RoleComparison {
    return compareRole(mainRolePermissions('operatorRole'), requiredPermissions(this.#operations));
  }
}
