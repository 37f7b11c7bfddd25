// The HTTP API (DESIGN section 3): every route of src/api/routes.ts, with `authLevel: function` (the
// OpenAPI document excepted; every route anonymous to the host in entra mode, where App Service
// Authentication signs callers in: composition.ts httpAuthLevel, ADR 0013) and the Durable client
// binding. Handlers never see the Functions types.
import {
  app,
  type HttpRequest,
  type HttpResponseInit,
  type InvocationContext,
} from '@azure/functions';
import * as df from 'durable-functions';
import { problem } from '../src/api/problem.js';
import { ROUTES, type ApiRoute } from '../src/api/routes.js';
import { composition, httpAuthLevel } from '../src/composition.js';

const clientInput = df.input.durableClient();

function register(route: ApiRoute): void {
  app.http(route.name, {
    route: route.route,
    methods: [route.method],
    authLevel: httpAuthLevel(route),
    extraInputs: [clientInput],
    handler: async (
      request: HttpRequest,
      context: InvocationContext,
    ): Promise<HttpResponseInit> => {
      try {
        // A bad configuration throws here: the route answers 503 (GET /api/health says why).
        const answer = await route.handle(() => composition().app(df.getClient(context)), request);
        return {
          status: answer.status,
          headers: { ...answer.headers },
          ...(answer.textBody !== undefined
            ? { body: answer.textBody }
            : { jsonBody: answer.jsonBody }),
        };
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
