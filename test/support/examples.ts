import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AZURE_EXAMPLES_DIR } from './azure-examples.js';

export const EXAMPLES_DIR = AZURE_EXAMPLES_DIR;

interface ExampleFile {
  parameters: Record<string, unknown>;
  responses: Record<string, { body?: unknown; headers?: Record<string, string> }>;
}

/** The body of an example response (`containerservice/AgentPoolsGet.json`, status `200`). */
export function exampleBody(file: string, status = '200'): Record<string, unknown> {
  const example = JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as ExampleFile;
  const body = example.responses[status]?.body;
  if (!body || typeof body !== 'object') throw new Error(`${file} has no ${status} body`);
  return body as Record<string, unknown>;
}

/**
 * Keys of `example` missing from `actual`, recursively for nested objects named in `nested` (dotted
 * paths) and for the first element of arrays. Only keys the emulator is meant to serve are compared:
 * pass `ignore` for example keys that describe features the sandbox does not model.
 */
export function missingKeys(
  example: Record<string, unknown>,
  actual: Record<string, unknown>,
  ignore: readonly string[] = [],
  prefix = '',
): string[] {
  const missing: string[] = [];
  for (const [key, value] of Object.entries(example)) {
    const dotted = prefix ? `${prefix}.${key}` : key;
    if (ignore.includes(dotted)) continue;
    if (!(key in actual)) {
      missing.push(dotted);
      continue;
    }
    const inner = actual[key];
    const exampleInner = Array.isArray(value) ? (value[0] as unknown) : value;
    const actualInner = Array.isArray(inner) ? (inner[0] as unknown) : inner;
    if (isObject(exampleInner) && isObject(actualInner) && !isMap(dotted)) {
      missing.push(...missingKeys(exampleInner, actualInner, ignore, dotted));
    }
  }
  return missing;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects keyed by data (tags, patch versions, identities): their keys are values, not schema. */
function isMap(dotted: string): boolean {
  return /(^|\.)(tags|patchVersions|userAssignedIdentities)$/.test(dotted);
}
