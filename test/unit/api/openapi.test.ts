import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { openApiDocument } from '../../../src/api/openapi.js';
import { ROUTES } from '../../../src/api/routes.js';
import { upgradeStartBody } from '../../../src/app/requests.js';

type Doc = {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        operationId: string;
        parameters: { name: string; in: string }[];
        requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
        responses: Record<string, unknown>;
        security?: unknown[];
      }
    >
  >;
};

describe('OpenAPI document', () => {
  const doc = openApiDocument(ROUTES, 'http://localhost:7071/api/openapi.json') as unknown as Doc;

  it('is OpenAPI 3.1 with the caller as server', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc).toMatchObject({ servers: [{ url: 'http://localhost:7071' }] });
  });

  it.each([
    ['post', '/api/plans'],
    ['post', '/api/upgrades'],
    ['get', '/api/upgrades'],
    ['get', '/api/upgrades/{id}'],
    ['post', '/api/upgrades/{id}/approve'],
    ['post', '/api/upgrades/{id}/cancel'],
    ['post', '/api/upgrades/{id}/terminate'],
    ['get', '/api/plans/{id}/patches'],
    ['get', '/api/health'],
    ['get', '/api/openapi.json'],
  ])('documents %s %s', (method, path) => {
    expect(doc.paths[path]?.[method]).toBeDefined();
  });

  it('documents every registered route and nothing else', () => {
    const documented = Object.values(doc.paths).flatMap((ops) =>
      Object.values(ops).map((op) => op.operationId),
    );
    expect(documented.sort()).toEqual(ROUTES.map((r) => r.name).sort());
  });

  it('takes the request bodies from the zod schemas', () => {
    const schema =
      doc.paths['/api/upgrades']?.['post']?.requestBody?.content['application/json']?.schema;
    const expected: Record<string, unknown> = {
      ...z.toJSONSchema(upgradeStartBody, { io: 'input', target: 'draft-2020-12' }),
    };
    delete expected['$schema'];
    expect(schema).toEqual(expected);
    expect(schema).toMatchObject({
      additionalProperties: false,
      required: ['clusterResourceId', 'poolName'],
    });
    expect(JSON.stringify(schema)).toContain('Windows2025');
  });

  it('documents the patches as YAML or JSON, with their query', () => {
    const op = doc.paths['/api/plans/{id}/patches']?.['get'];
    expect(Object.keys((op?.responses['200'] as { content: object }).content)).toEqual([
      'application/yaml',
      'application/json',
    ]);
    expect(op?.parameters.map((p) => `${p.in}:${p.name}`)).toEqual([
      'path:id',
      'query:format',
      'query:managed',
    ]);
  });

  it('documents path and query parameters', () => {
    expect(doc.paths['/api/upgrades/{id}']?.['get']?.parameters).toEqual([
      expect.objectContaining({ name: 'id', in: 'path', required: true }),
    ]);
    const query = doc.paths['/api/upgrades']?.['get']?.parameters.map((p) => `${p.in}:${p.name}`);
    expect(query).toEqual([
      'query:status',
      'query:cluster',
      'query:since',
      'query:pageSize',
      'query:continuationToken',
    ]);
  });

  it('documents the 409 of a running pool and the 413 of a large body', () => {
    expect(Object.keys(doc.paths['/api/upgrades']?.['post']?.responses ?? {})).toEqual(
      expect.arrayContaining(['202', '400', '403', '409', '413']),
    );
  });

  it.each(['/api/upgrades', '/api/plans'])(
    'documents the refusals of %s: 404, 422, 502, 503',
    (path) => {
      expect(Object.keys(doc.paths[path]?.['post']?.responses ?? {})).toEqual(
        expect.arrayContaining(['404', '422', '502', '503']),
      );
    },
  );

  it('documents terminate: a required reason, no other field; 202, 404, 409', () => {
    const op = doc.paths['/api/upgrades/{id}/terminate']?.['post'];
    expect(op?.requestBody?.content['application/json']?.schema).toMatchObject({
      additionalProperties: false,
      required: ['reason'],
      properties: { reason: { type: 'string', maxLength: 500, minLength: 1 } },
    });
    expect(Object.keys(op?.responses ?? {})).toEqual(
      expect.arrayContaining(['202', '400', '404', '409']),
    );
  });

  // ADR 0013: both ways in, and each operation's app role with its 401 and 403.
  it('documents the function key and the Entra bearer token as security schemes', () => {
    const full = doc as unknown as {
      security: unknown[];
      components: { securitySchemes: Record<string, Record<string, unknown>> };
    };
    expect(full.security).toEqual([
      { functionKeyHeader: [] },
      { functionKeyQuery: [] },
      { entraBearer: [] },
    ]);
    expect(full.components.securitySchemes['entraBearer']).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
  });

  it.each(ROUTES.filter((r) => !r.anonymous).map((r) => [r.name, r] as const))(
    '%s names its app role and documents 401 and 403',
    (_name, route) => {
      const op = doc.paths[`/api/${route.route}`]?.[route.method.toLowerCase()] as unknown as {
        'x-winshift-role': string;
        responses: Record<string, { description: string }>;
      };
      expect(op['x-winshift-role']).toBe(route.role);
      expect(op.responses['401']?.description).toContain('bearer token');
      expect(op.responses['403']?.description).toContain('app role');
    },
  );

  it('documents the four-eyes refusal of approve', () => {
    const op = doc.paths['/api/upgrades/{id}/approve']?.['post'];
    expect(JSON.stringify(op?.responses['403'])).toContain('approval-separation');
  });
});
