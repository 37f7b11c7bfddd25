import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A reader for the subset of Bicep that infra/ uses, enough for structural tests: top-level
 * declarations, object entries and array items. No Bicep compiler can be installed here, so this is
 * what checks the files; it understands strings with `${}` interpolation, comments and nesting, not
 * the language's semantics.
 */
export type DeclarationKind = 'param' | 'var' | 'resource' | 'module' | 'output';

export interface Declaration {
  kind: DeclarationKind;
  name: string;
  /** Resource `Type@version`, module path, param/output type. */
  type: string;
  /** Text after `=` (the whole value), or '' for a param without a default. */
  value: string;
  /** Decorators (`@description(...)`) and the declaration line. */
  text: string;
}

export interface BicepFile {
  path: string;
  source: string;
  /** Source with comments removed (strings untouched). */
  code: string;
  declarations: Declaration[];
}

export const INFRA_DIR = path.resolve(process.cwd(), 'infra');

export function readBicep(file: string): BicepFile {
  const source = readFileSync(file, 'utf8');
  const code = stripComments(source);
  return { path: file, source, code, declarations: parseDeclarations(code) };
}

export function declarationsOf(file: BicepFile, kind: DeclarationKind): Declaration[] {
  return file.declarations.filter((d) => d.kind === kind);
}

/** Index just past the string literal starting at `start` (a `'`), following `${...}` inside it. */
function skipString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') i += 2;
    else if (c === "'") return i + 1;
    else if (c === '$' && text[i + 1] === '{') i = skipBalanced(text, i + 1);
    else i++;
  }
  throw new Error(`unterminated string at ${start}`);
}

const CLOSERS: Record<string, string> = { '{': '}', '[': ']', '(': ')' };

/** Index just past the bracket group opening at `start`. */
function skipBalanced(text: string, start: number): number {
  const stack = [CLOSERS[text[start]!]!];
  let i = start + 1;
  while (i < text.length && stack.length > 0) {
    const c = text[i]!;
    if (c === "'") {
      i = skipString(text, i);
      continue;
    }
    if (CLOSERS[c]) stack.push(CLOSERS[c]);
    else if (c === stack[stack.length - 1]) stack.pop();
    i++;
  }
  if (stack.length > 0) throw new Error(`unbalanced bracket at ${start}`);
  return i;
}

function stripComments(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === "'") {
      const end = skipString(source, i);
      out += source.slice(i, end);
      i = end;
    } else if (c === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '/' && source[i + 1] === '*') {
      i = source.indexOf('*/', i + 2) + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The expression starting at `start`: up to a newline or `terminator` outside any bracket. */
function readExpression(text: string, start: number, terminators = '\n'): string {
  let i = start;
  while (i < text.length && !terminators.includes(text[i]!)) {
    const c = text[i]!;
    if (c === "'") i = skipString(text, i);
    else if (CLOSERS[c]) i = skipBalanced(text, i);
    else i++;
  }
  return text.slice(start, i).trim();
}

const DECLARATION = /^(param|var|resource|module|output)\s+([A-Za-z_][\w]*)\s*([^=\n]*?)\s*(=|$)/gm;

function parseDeclarations(code: string): Declaration[] {
  const declarations: Declaration[] = [];
  for (const match of code.matchAll(DECLARATION)) {
    const [line, kind, name, type, equals] = match;
    const valueStart = match.index + line.length;
    const value = equals === '=' ? readExpression(code, valueStart) : '';
    declarations.push({
      kind: kind as DeclarationKind,
      name: name!,
      type: type!.trim().replace(/^'|'$/g, ''),
      value,
      text: line,
    });
  }
  return declarations;
}

/** The first object literal `{...}` of an expression, skipping `if (...)` and `[for ...:`. */
export function firstObject(expression: string): string {
  let i = 0;
  while (i < expression.length) {
    const c = expression[i]!;
    if (c === '{') return expression.slice(i, skipBalanced(expression, i));
    if (c === "'") i = skipString(expression, i);
    else if (c === '(') i = skipBalanced(expression, i);
    else i++;
  }
  throw new Error(`no object in: ${expression.slice(0, 80)}`);
}

/** Direct entries of an object literal `{ key: value ... }` (keys unquoted). */
export function objectEntries(objectText: string): Map<string, string> {
  const entries = new Map<string, string>();
  const inner = objectText.trim().slice(1, -1);
  let i = 0;
  while (i < inner.length) {
    const key = /^[\s,]*('(?:[^'\\]|\\.)*'|[A-Za-z_][\w]*)\s*:\s*/.exec(inner.slice(i));
    if (!key) break;
    i += key[0].length;
    const value = readExpression(inner, i, '\n,');
    entries.set(key[1]!.replace(/^'|'$/g, ''), value);
    i += inner.slice(i).indexOf(value) + value.length;
  }
  return entries;
}

/** String literal items of an array literal `[ 'a' 'b' ]` (other items are skipped). */
export function stringItems(arrayText: string): string[] {
  return [...arrayText.matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1]!);
}

/** Follows a dotted path of object keys (`properties.permissions`) from an object literal. */
export function entryAt(objectText: string, dotted: string): string | undefined {
  let current: string | undefined = objectText;
  for (const key of dotted.split('.')) {
    if (current === undefined) return undefined;
    const trimmed: string = current.trim();
    const object: string = trimmed.startsWith('[') ? firstObject(trimmed) : trimmed;
    current = objectEntries(object).get(key);
  }
  return current;
}

/** Every top-level object literal of an expression (both branches of `c ? {...} : {...}`). */
export function objectsIn(expression: string): string[] {
  const objects: string[] = [];
  let i = 0;
  while (i < expression.length) {
    const c = expression[i]!;
    if (c === '{') {
      const end = skipBalanced(expression, i);
      objects.push(expression.slice(i, end));
      i = end;
    } else if (c === "'") i = skipString(expression, i);
    else if (c === '(' || c === '[') i = skipBalanced(expression, i);
    else i++;
  }
  return objects;
}

/** `actions` and `dataActions` of a `roleDefinitions` resource declared in infra/main.bicep. */
export function mainRolePermissions(resourceName: string): {
  actions: string[];
  dataActions: string[];
} {
  const main = readBicep(path.join(INFRA_DIR, 'main.bicep'));
  const role = declarationsOf(main, 'resource').find((r) => r.name === resourceName);
  if (!role) throw new Error(`main.bicep declares no ${resourceName}`);
  const permissions = entryAt(firstObject(role.value), 'properties.permissions')!;
  return {
    actions: stringItems(entryAt(permissions, 'actions')!),
    dataActions: stringItems(entryAt(permissions, 'dataActions')!),
  };
}
