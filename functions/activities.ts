// The upgrade's activities (DESIGN section 2), each bound to the adapters the composition builds on
// first use; the logic lives in src/activities.
import * as df from 'durable-functions';
import { createActivities, type ActivityHandler } from '../src/activities/index.js';
import { createPlanUpgradeHandler } from '../src/activities/plan-upgrade.js';
import { composition } from '../src/composition.js';
import { ACTIVITY, type ActivityName } from '../src/workflow/contracts.js';

let table: Record<ActivityName, ActivityHandler> | undefined;

function activities(): Record<ActivityName, ActivityHandler> {
  if (!table) {
    const deps = composition();
    table = createActivities(deps, createPlanUpgradeHandler(deps));
  }
  return table;
}

for (const name of Object.values(ACTIVITY)) {
  df.app.activity(name, { handler: (input: unknown) => activities()[name](input) });
}
