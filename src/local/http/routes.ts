/**
 * ASP.NET-style route templates as Azure Functions uses them: `upgrades/{id}`, optional `{id?}`,
 * catch-all `{*rest}`, and constraints such as `{id:int}` or `{name:alpha}`.
 */
export interface CompiledRoute {
  template: string;
  match(path: string): Record<string, string> | undefined;
}

const CONSTRAINTS: Record<string, RegExp> = {
  int: /^-?\d+$/,
  long: /^-?\d+$/,
  alpha: /^[a-z]+$/i,
  bool: /^(true|false)$/i,
  guid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};

interface Segment {
  literal?: string;
  param?: string;
  optional?: boolean;
  catchAll?: boolean;
  constraint?: RegExp;
}

export function compileRoute(template: string): CompiledRoute {
  const segments = template
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .filter((s) => s.length > 0)
    .map(parseSegment);
  return { template, match: (path) => matchSegments(segments, splitPath(path)) };
}

function parseSegment(raw: string): Segment {
  const param = /^\{(\*)?([A-Za-z_][A-Za-z0-9_]*)(?::([a-z]+))?(\?)?\}$/.exec(raw);
  if (!param) return { literal: raw.toLowerCase() };
  const [, star, name, constraint, optional] = param;
  return {
    param: name,
    catchAll: star === '*',
    optional: optional === '?' || star === '*',
    constraint: constraint ? CONSTRAINTS[constraint] : undefined,
  };
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment.catchAll && segment.param) {
      params[segment.param] = parts.slice(i).map(decodeURIComponent).join('/');
      return params;
    }
    const part = parts[i];
    if (part === undefined) {
      if (segment.optional) continue;
      return undefined;
    }
    if (segment.literal !== undefined) {
      if (segment.literal !== part.toLowerCase()) return undefined;
      continue;
    }
    const value = decodeURIComponent(part);
    if (segment.constraint && !segment.constraint.test(value)) return undefined;
    params[segment.param!] = value;
  }
  return parts.length > segments.length ? undefined : params;
}
