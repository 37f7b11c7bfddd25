// The upgrade's activities (DESIGN section 2): each name bound to the composition's table, built once
// on first use; the logic lives in src/activities.
import * as df from 'durable-functions';
import { composition } from '../src/composition.js';
import { ACTIVITY } from '../src/workflow/contracts/index.js';

for (const name of Object.values(ACTIVITY)) {
  df.app.activity(name, { handler: (input: unknown) => composition().activities[name](input) });
}
