// Parsing of ASP.NET Core route template segments into literals and parameters.
import { constraintFor, type Constraint } from './route-constraints.js';

export interface Parameter {
  name: string;
  optional: boolean;
  catchAll: boolean;
  defaultValue: string | undefined;
  constraints: Constraint[];
}

export type Part = { literal: string } | { param: Parameter };

export interface Segment {
  parts: Part[];
  /** For complex segments: the regex that splits the segment into its parameters. */
  pattern?: RegExp;
}

/** Parses one `/`-separated segment of a route template. */
export function parseSegment(raw: string): Segment {
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
