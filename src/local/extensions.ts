import { DurableExtension } from './durable/extension.js';
import { EventGridExtension } from './eventgrid/eventgrid-extension.js';
import type { HostExtension } from './host-extension.js';
import { TimerExtension } from './timers/timer-extension.js';

/** The trigger extensions every local host runs, as the real host loads its extension bundle. */
export function defaultExtensions(): HostExtension[] {
  return [new DurableExtension(), new TimerExtension(), new EventGridExtension()];
}
