import { parseSegment, type Parameter, type Segment } from './route-template.js';

/**
 * ASP.NET Core route templates as Azure Functions uses them: `upgrades/{id}`, optional `{id?}`,
 * defaults `{id=7}`, catch-all `{*rest}`/`{**rest}`, constraints (`{id:int}`, `{n:min(1):max(9)}`,
 * `{x:regex(^a+$)}`) and complex segments such as `files/{name}.{ext}`.
 */
export interface CompiledRoute {
  template: string;
  /**
   * Inbound precedence, one digit per segment as ASP.NET computes it (1 literal, 2 complex,
   * 3 constrained parameter, 4 parameter, 5 catch-all): the lower, the more specific.
   */
  precedence: number[];
  match(path: string): Record<string, string> | undefined;
}

export function compileRoute(template: string): CompiledRoute {
  const segments = template
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .filter((s) => s.length > 0)
    .map(parseSegment);
  return {
    template,
    precedence: segments.map(precedenceOf),
    match: (path) => matchSegments(segments, splitPath(path)),
  };
}

/** Orders routes as the real host does: the most specific first. */
export function comparePrecedence(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const difference = a[i]! - b[i]!;
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

function precedenceOf(segment: Segment): number {
  const [only] = segment.parts;
  if (segment.parts.length > 1 || !only) return 2;
  if ('literal' in only) return 1;
  if (only.param.catchAll) return 5;
  return only.param.constraints.length > 0 ? 3 : 4;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const [first] = segment.parts;
    if (first && 'param' in first && first.param.catchAll) {
      const value = parts.slice(i).map(decode).join('/');
      if (value.length > 0) {
        if (!accepts(first.param, value)) return undefined;
        params[first.param.name] = value;
      } else if (first.param.defaultValue !== undefined) {
        params[first.param.name] = first.param.defaultValue;
      }
      return params;
    }
    const part = parts[i];
    if (part === undefined) {
      if (!first || !('param' in first) || !first.param.optional) return undefined;
      if (first.param.defaultValue !== undefined)
        params[first.param.name] = first.param.defaultValue;
      continue;
    }
    if (!matchSegment(segment, decode(part), params)) return undefined;
  }
  return parts.length > segments.length ? undefined : params;
}

function matchSegment(segment: Segment, value: string, params: Record<string, string>): boolean {
  const [only] = segment.parts;
  if (!only) return false;
  if (!segment.pattern) {
    if ('literal' in only) return only.literal.toLowerCase() === value.toLowerCase();
    if (!accepts(only.param, value)) return false;
    params[only.param.name] = value;
    return true;
  }
  const found = segment.pattern.exec(value);
  if (!found) return false;
  let group = 1;
  for (const part of segment.parts) {
    if ('literal' in part) continue;
    const captured = found[group++] ?? '';
    if (!accepts(part.param, captured)) return false;
    params[part.param.name] = captured;
  }
  return true;
}

function accepts(param: Parameter, value: string): boolean {
  return param.constraints.every((constraint) => constraint(value));
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
