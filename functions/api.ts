// The HTTP API (DESIGN section 3): every route of src/api/routes.ts, with `authLevel: function` (the
// OpenAPI document excepted) and the Durable client binding. Handlers never see the Functions types.
import {
  app,
  type HttpRequest,
  type HttpResponseInit,
  type InvocationContext,
} from '@azure/functions';
import * as df from 'durable-functions';
import { durableOrchestrationClient } from '../src/api/client.js';
import type { ApiDeps } from '../src/api/deps.js';
import { problem } from '../src/api/problem.js';
import { ROUTES, type ApiRoute } from '../src/api/routes.js';
import { composition } from '../src/composition.js';
import { fleetStore } from '../src/fleet/wiring.js';

const clientInput = df.input.durableClient();

function register(route: ApiRoute): void {
  app.http(route.name, {
    route: route.route,
    methods: [route.method],
    authLevel: route.anonymous ? 'anonymous' : 'function',
    extraInputs: [clientInput],
    handler: async (
      request: HttpRequest,
      context: InvocationContext,
    ): Promise<HttpResponseInit> => {
      // Built per call from the binding; the store and config come from the shared composition, so
      // the API reads the same tables the activities write. A bad configuration throws here.
      const load = (): ApiDeps => {
        const { store, config } = composition();
        return {
          client: durableOrchestrationClient(df.getClient(context)),
          store,
          config,
          now: () => new Date(),
          fleetReport: () => fleetStore().latest(),
        };
      };
      try {
        const answer = await route.handle(load, request);
        return { status: answer.status, headers: { ...answer.headers }, jsonBody: answer.jsonBody };
      } catch (error) {
        // The details go to the log only: an answer never carries a stack or an SDK's raw text.
        context.error(`${route.name} failed`, error);
        const answer = problem(500, `${route.name} failed; the function log has the details`, {
          invocationId: context.invocationId,
        });
        return { status: answer.status, headers: { ...answer.headers }, jsonBody: answer.jsonBody };
      }
    },
  });
}

for (const route of ROUTES) register(route);
