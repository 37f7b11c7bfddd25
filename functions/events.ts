// Event Grid `aksEvents` (DESIGN section 3): the six AKS event types in either schema. A malformed
// AKS event throws, so the delivery fails visibly and Event Grid retries then dead-letters it.
import { app, type EventGridEvent, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { composition } from '../src/composition.js';
import { onEventGridDelivery } from '../src/events/handle.js';

app.eventGrid('aksEvents', {
  extraInputs: [df.input.durableClient()],
  handler: async (event: EventGridEvent, context: InvocationContext): Promise<void> => {
    const outcome = await onEventGridDelivery(composition().app(df.getClient(context)), event);
    context.log(JSON.stringify({ level: 'info', message: 'aksEvents', id: event.id, ...outcome }));
  },
});
