/** One route of the HTTP API: what functions/api.ts registers and openapi.ts documents. */
import type { z } from 'zod';
import type { AppRole } from '../domain/identity.js';
import type { LoadApp } from './deps.js';
import type { ApiResponse } from './problem.js';
import type { ApiRequest } from './request.js';

export interface ApiRoute {
  /** The function's name. */
  readonly name: string;
  readonly method: 'GET' | 'POST';
  /** The Functions route (under `/api`), with `{id}` parameters. */
  readonly route: string;
  readonly summary: string;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /** The body may be left out (it is otherwise required). */
  readonly bodyOptional?: boolean;
  /** Media types of the success answers (default JSON only). */
  readonly produces?: readonly string[];
  /** Status -> what it means (the document's responses). */
  readonly responses: Readonly<Record<number, string>>;
  /** `authLevel: function` for all but the OpenAPI document (in keys mode; composition.ts). */
  readonly anonymous?: boolean;
  /** The app role a caller needs (ADR 0013); every route but the anonymous one names one. */
  readonly role?: AppRole;
  readonly handle: (load: LoadApp, request: ApiRequest) => Promise<ApiResponse>;
}
