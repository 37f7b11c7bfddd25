import { constraintFor, type Constraint } from './route-constraints.js';

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

interface Parameter {
  name: string;
  optional: boolean;
  catchAll: boolean;
  defaultValue: string | undefined;
  constraints: Constraint[];
}

type Part = { literal: string } | { param: Parameter };

interface Segment {
  parts: Part[];
  /** For complex segments: the regex that splits the segment into its parameters. */
  pattern?: RegExp;
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

function parseSegment(raw: string): Segment {
  const parts: Part[] = [];
  for (const token of tokenize(raw)) {
    parts.push(
      token.param === undefined ? { literal: token.text } : { param: parseParameter(token.param) },
    );
  }
  if (parts.length <= 1) return { parts };
  const source = parts
    .map((part) => ('literal' in part ? escapeRegExp(part.literal) : '(.+?)'))
    .join('');
  return { parts, pattern: new RegExp(`^${source}$`, 'i') };
}

/** Splits a segment into literals and `{...}` parameters; `{{` and `}}` escape braces, as in ASP.NET. */
function tokenize(raw: string): { text: string; param?: string }[] {
  const tokens: { text: string; param?: string }[] = [];
  let literal = '';
  let i = 0;
  while (i < raw.length) {
    const c = raw[i]!;
    if (isEscapedBrace(raw, i)) {
      literal += c;
      i += 2;
    } else if (c === '{') {
      if (literal) tokens.push({ text: literal });
      literal = '';
      const [body, end] = readParameter(raw, i + 1);
      tokens.push({ text: '', param: body });
      i = end + 1;
    } else if (c === '}') {
      throw new Error(`unbalanced "}" in route segment "${raw}"`);
    } else {
      literal += c;
      i++;
    }
  }
  if (literal) tokens.push({ text: literal });
  return tokens;
}

/** Reads a parameter body from `start` up to its closing `}`; returns the body and that index. */
function readParameter(raw: string, start: number): [string, number] {
  let body = '';
  let i = start;
  while (i < raw.length) {
    if (isEscapedBrace(raw, i)) {
      body += raw[i];
      i += 2;
    } else if (raw[i] === '}') {
      return [body, i];
    } else {
      body += raw[i];
      i++;
    }
  }
  throw new Error(`unterminated route parameter in "${raw}"`);
}

function isEscapedBrace(raw: string, i: number): boolean {
  const c = raw[i];
  return (c === '{' || c === '}') && raw[i + 1] === c;
}

function parseParameter(body: string): Parameter {
  let rest = body;
  const catchAll = rest.startsWith('*');
  rest = rest.replace(/^\*{1,2}/, '');
  const optional = rest.endsWith('?');
  if (optional) rest = rest.slice(0, -1);
  const [nameAndConstraints, defaultValue] = splitDefault(rest);
  const pieces = splitConstraints(nameAndConstraints);
  const name = pieces.shift() ?? '';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new Error(`invalid route parameter "{${body}}"`);
  }
  return {
    name,
    optional: optional || catchAll || defaultValue !== undefined,
    catchAll,
    defaultValue,
    constraints: pieces.map(constraintFor),
  };
}

/** `name:c1:c2(x)=default`: the default follows the first `=` outside parentheses. */
function splitDefault(text: string): [string, string | undefined] {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '=' && depth === 0) return [text.slice(0, i), text.slice(i + 1)];
  }
  return [text, undefined];
}

function splitConstraints(text: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ':' && depth === 0) {
      pieces.push(text.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(text.slice(start));
  return pieces;
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
