/** Builds winshift's Azure adapters against a running ARM emulator, as composition.ts does. */
import { expect } from '@jest/globals';
import { createAzureAdapters, type AzureAdapters } from '../../../../src/adapters/azure/index.js';
import type { RegistryConnectionOptions } from '../../../../src/adapters/registry/index.js';
import { errorCodeOf, type ErrorCode } from '../../../../src/domain/errors.js';
import type { RunningArmEmulator } from '../../../../src/sandbox/arm/index.js';

/** The principal winshift acts as in these tests (token `sandbox:<id>`). */
export const WINSHIFT_PRINCIPAL = '0f0f0f0f-0000-4000-a000-00000000f00d';

/**
 * The registry's connection to the emulator, as the sandbox settings give it: its hosts allowed
 * (they resolve to 127.0.0.1 through the host map) and the host map and CA.
 */
export function registryConnectionFor(sandbox: RunningArmEmulator): RegistryConnectionOptions {
  return { allowedHosts: sandbox.registryHosts, hostMap: sandbox.hostMap, caPem: sandbox.caPem };
}

/**
 * Adapters over the emulator's shared transport. `maxRetries: 0` turns the SDKs' own quick retries
 * off so each injected fault reaches the adapter's error mapping once.
 */
export function adaptersFor(
  sandbox: RunningArmEmulator,
  subscriptions: readonly string[],
  options: { sdkRetries?: boolean } = {},
): AzureAdapters {
  return createAzureAdapters({
    credential: sandbox.credentialFor(WINSHIFT_PRINCIPAL),
    subscriptions,
    httpClient: sandbox.transport.httpClient,
    registryConnection: registryConnectionFor(sandbox),
    ...(options.sdkRetries === true ? {} : { retryOptions: { maxRetries: 0 } }),
  });
}

/** Asserts a promise rejects with a WinshiftError of `code`; returns its message. */
export async function rejectsWithCode(promise: Promise<unknown>, code: ErrorCode): Promise<string> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).name).toBe('WinshiftError');
  expect(errorCodeOf(error)).toBe(code);
  return (error as Error).message;
}

/** How many times the emulator served `operationId` (optionally with `status`). */
export function served(sandbox: RunningArmEmulator, operationId: string, status?: number): number {
  return sandbox
    .operations()
    .filter(
      (op) => op.operationId === operationId && (status === undefined || op.status === status),
    ).length;
}

/** Retries an assertion until it passes or `timeoutInMs` ends (pool provisioning is asynchronous). */
export async function eventually(check: () => Promise<void>, timeoutInMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutInMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
