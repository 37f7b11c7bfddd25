// The fleet scan (DESIGN section 3): the timer, the fleetScan orchestration and its activities;
// GET /api/fleet lives with the other API routes (src/api/routes.ts). The logic lives in src/app,
// src/workflow/fleet-scan.ts and src/activities/fleet. The timer also purges old dry runs
// (src/app/purge-plans.ts): one scheduled function, already holding the Durable client.
import { app, type InvocationContext, type Timer } from '@azure/functions';
import * as df from 'durable-functions';
import { composition } from '../src/composition.js';
import { FLEET_ACTIVITY, ORCHESTRATOR } from '../src/workflow/contracts/index.js';
import { fleetScan } from '../src/workflow/fleet-scan.js';

const client = df.input.durableClient();

df.app.orchestration(ORCHESTRATOR.fleetScan, fleetScan);

for (const name of Object.values(FLEET_ACTIVITY)) {
  df.app.activity(name, {
    extraInputs: [client],
    handler: (input: unknown, context: InvocationContext) =>
      composition().fleetActivities[name](input, df.getClient(context)),
  });
}

app.timer('fleetScanTimer', {
  // An app setting (default in README/infra: daily at 06:00 UTC): the host resolves %NAME%.
  schedule: '%WINSHIFT_FLEET_SCAN_SCHEDULE%',
  extraInputs: [client],
  handler: async (_timer: Timer, context: InvocationContext): Promise<void> => {
    const app = composition().app(df.getClient(context));
    const outcome = await app.startFleetScan();
    context.log(
      JSON.stringify({ level: 'info', message: `fleet scan ${outcome}`, step: 'fleetScan' }),
    );
    // Then the housekeeping: ended dry runs past WINSHIFT_PLAN_RETENTION_HOURS. A failure here is
    // logged and never fails the scan's start (the next tick tries again).
    try {
      const { purged, failed } = await app.purgeOldPlans();
      context.log(
        JSON.stringify({
          level: failed.length > 0 ? 'warn' : 'info',
          message: `purged ${purged.length} ended dry runs${failed.length > 0 ? `, ${failed.length} failed` : ''}`,
          step: 'purgePlans',
          purged,
          failed,
        }),
      );
    } catch (error) {
      context.error('purging old dry runs failed', error);
    }
  },
});
