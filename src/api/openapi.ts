/**
 * The OpenAPI 3.1 document, generated from the route table and its zod schemas (z.toJSONSchema), so
 * what is documented is what is validated. Request schemas are shown as input (defaults optional).
 */
import { z } from 'zod';
import type { ApiRoute } from './route.js';

const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    code: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    instanceId: z.string().optional(),
  })
  .describe(
    "RFC 7807 problem; `errors` names each invalid field and the rule it breaks; `code` is winshift's error code of a refused request.",
  );

type JsonSchema = Record<string, unknown>;

function schemaOf(type: z.ZodType): JsonSchema {
  // The document names the dialect once (jsonSchemaDialect); each schema does not repeat it.
  const schema: JsonSchema = { ...z.toJSONSchema(type, { io: 'input', target: 'draft-2020-12' }) };
  delete schema['$schema'];
  return schema;
}

function parametersOf(route: ApiRoute): JsonSchema[] {
  const parameters: JsonSchema[] = [];
  for (const [where, object] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (object === undefined) continue;
    const schema = schemaOf(object);
    const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
    const required = new Set((schema['required'] ?? []) as string[]);
    for (const [name, property] of Object.entries(properties)) {
      const { description, ...rest } = property;
      parameters.push({
        name,
        in: where,
        required: where === 'path' || required.has(name),
        ...(typeof description === 'string' ? { description } : {}),
        schema: rest,
      });
    }
  }
  return parameters;
}

/** A success answer's media types: JSON objects, or text (e.g. a YAML stream). */
function successContent(route: ApiRoute): Record<string, JsonSchema> {
  const types = route.produces ?? ['application/json'];
  return Object.fromEntries(
    types.map((type) => [
      type,
      { schema: { type: type === 'application/json' ? 'object' : 'string' } },
    ]),
  );
}

/** `/api/upgrades/{id}` etc.; the server URL is the caller's origin. */
export function openApiDocument(routes: readonly ApiRoute[], requestUrl?: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const responses: Record<string, JsonSchema> = {};
    for (const [status, description] of Object.entries(route.responses)) {
      const isProblem = Number(status) >= 400;
      responses[status] = {
        description,
        content: isProblem
          ? { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } }
          : successContent(route),
      };
    }
    const path = `/api/${route.route}`;
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      operationId: route.name,
      summary: route.summary,
      ...(route.anonymous ? { security: [] } : {}),
      ...(route.role
        ? {
            description: `Needs the app role ${route.role} in entra mode (any function key in keys mode).`,
            'x-winshift-role': route.role,
          }
        : {}),
      parameters: parametersOf(route),
      ...(route.body
        ? {
            requestBody: {
              required: !route.bodyOptional,
              content: { 'application/json': { schema: schemaOf(route.body) } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'winshift',
      version: '1',
      description:
        'Moves AKS Windows node pools to a newer Windows Server by blue/green pool replacement.',
    },
    ...(requestUrl ? { servers: [{ url: new URL(requestUrl).origin }] } : {}),
    // One of these, by WINSHIFT_AUTH (ADR 0013): keys mode takes a function key, entra mode a bearer
    // token that App Service Authentication validates; each operation names its app role.
    security: [{ functionKeyHeader: [] }, { functionKeyQuery: [] }, { entraBearer: [] }],
    paths,
    components: {
      schemas: { Problem: schemaOf(problemSchema) },
      securitySchemes: {
        functionKeyHeader: {
          type: 'apiKey',
          in: 'header',
          name: 'x-functions-key',
          description: 'WINSHIFT_AUTH=keys: a Functions key.',
        },
        functionKeyQuery: {
          type: 'apiKey',
          in: 'query',
          name: 'code',
          description: 'WINSHIFT_AUTH=keys: a Functions key.',
        },
        entraBearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "WINSHIFT_AUTH=entra: an Entra ID access token for scope api://<WINSHIFT_API_CLIENT_ID>/.default, validated by App Service Authentication; its roles claim holds the caller's app roles (Winshift.Read, Winshift.Operate, Winshift.Approve).",
        },
      },
    },
  };
}
