// The fleet scan (DESIGN section 3): the timer, the fleetScan orchestration and its activities;
// GET /api/fleet lives with the other API routes (src/api/routes.ts). The logic lives in src/fleet.
import { app, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { config } from '../src/config.js';
import { FLEET_ACTIVITY } from '../src/fleet/contracts.js';
import { createFleetActivities } from '../src/fleet/activities.js';
import { fleetScan } from '../src/fleet/orchestrator.js';
import { scanInputOf, startFleetScan } from '../src/fleet/start-scan.js';
import { composition } from '../src/composition.js';
import { upgradeStarter } from '../src/fleet/starter.js';
import { fleetDeps } from '../src/fleet/wiring.js';
import { ORCHESTRATOR } from '../src/workflow/contracts.js';

const client = df.input.durableClient();

df.app.orchestration(ORCHESTRATOR.fleetScan, fleetScan);

for (const name of Object.values(FLEET_ACTIVITY)) {
  df.app.activity(name, {
    extraInputs: [client],
    handler: (input: unknown, context: InvocationContext) => {
      const activities = createFleetActivities(
        fleetDeps(upgradeStarter(df.getClient(context), composition())),
      );
      return activities[name]!(input);
    },
  });
}

app.timer('fleetScanTimer', {
  // An app setting (default in README/infra: daily at 06:00 UTC): the host resolves %NAME%.
  schedule: '%WINSHIFT_FLEET_SCAN_SCHEDULE%',
  extraInputs: [client],
  handler: async (_timer: Timer, context: InvocationContext): Promise<void> => {
    const outcome = await startFleetScan(
      df.getClient(context),
      ORCHESTRATOR.fleetScan,
      scanInputOf(config()),
    );
    context.log(
      JSON.stringify({ level: 'info', message: `fleet scan ${outcome}`, step: 'fleetScan' }),
    );
  },
});
