/**
 * The UpgradeStarter the fleet scan and the AKS event handler use, given the invocation's Durable
 * client. It must be the HTTP API's start path (DESIGN section 3: one path, one 409); until
 * src/api/start-upgrade.ts is wired here, every start is refused with a clear reason.
 */
import type { UpgradeStarter } from '../ports/fleet.js';

export function upgradeStarter(_client: unknown): UpgradeStarter {
  return {
    start: () =>
      Promise.resolve({
        outcome: 'refused',
        code: 'INTERNAL',
        message: 'automatic starts are not wired to the HTTP start path yet',
      }),
  };
}
