/**
 * The Event Grid adapter: reads a delivery in either schema and hands an AKS event to the application
 * (src/app/aks-events.ts). Throws `[INVALID_INPUT]` for a malformed AKS event, so the delivery fails
 * visibly and Event Grid retries, then dead-letters it.
 */
import type { App, AppDeps, EventOutcome } from '../app/index.js';
import { parseAksEvent } from './parse.js';

export type { EventOutcome };

export async function onEventGridDelivery(
  app: Pick<App, 'onAksEvent'> & { readonly deps: Pick<AppDeps, 'log'> },
  raw: unknown,
): Promise<EventOutcome> {
  const parsed = parseAksEvent(raw);
  if (parsed.kind === 'unknown') {
    app.deps.log.info(`ignored event type ${parsed.type}`, {
      step: 'aksEvents',
      instanceId: parsed.id,
    });
    return { action: 'ignored', reason: `not an AKS event winshift handles: ${parsed.type}` };
  }
  return app.onAksEvent(parsed.event);
}
