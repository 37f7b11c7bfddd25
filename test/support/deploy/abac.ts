/**
 * An evaluator for the subset of Azure ABAC condition syntax (conditionVersion 2.0) that
 * infra/app/target-subscription.bicep uses, so tests can ask what the condition allows. Syntax and
 * semantics: https://learn.microsoft.com/azure/role-based-access-control/conditions-format
 * (`!`, `AND`, `OR`, parentheses; `ActionMatches{'...'}`; `@Request[attribute] <operator> {values}`
 * with the cross-product operators `ForAnyOfAnyValues:` and `ForAnyOfAllValues:`). A missing request
 * attribute makes its expression false; `AND` binds tighter than `OR`.
 */

export interface AbacRequest {
  readonly action: string;
  /** Request attributes by their short name (`RoleDefinitionId`, `PrincipalId`, `PrincipalType`). */
  readonly attributes: Readonly<Record<string, string>>;
}

type Node =
  | { readonly kind: 'not'; readonly operand: Node }
  | { readonly kind: 'and' | 'or'; readonly left: Node; readonly right: Node }
  | { readonly kind: 'action'; readonly action: string }
  | {
      readonly kind: 'compare';
      readonly attribute: string;
      readonly quantifier: 'any' | 'all';
      readonly operator: string;
      readonly values: readonly string[];
    };

const TOKEN =
  /\s*(\(|\)|!|AND\b|OR\b|ActionMatches\{'[^']*'\}|@Request\[[^\]]+\]\s+ForAny\w+:\w+\s*\{[^}]*\})/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.trim().length) {
    const match = TOKEN.exec(text);
    if (!match?.[1]) throw new Error(`ABAC: cannot read the condition at ${TOKEN.lastIndex}`);
    tokens.push(match[1]);
  }
  return tokens;
}

function leaf(token: string): Node {
  const action = /^ActionMatches\{'([^']*)'\}$/.exec(token);
  if (action?.[1] !== undefined) return { kind: 'action', action: action[1] };
  const compare = /^@Request\[[^:\]]+:(\w+)\]\s+ForAnyOf(Any|All)Values:(\w+)\s*\{([^}]*)\}$/.exec(
    token,
  );
  if (!compare) throw new Error(`ABAC: unknown expression ${token}`);
  return {
    kind: 'compare',
    attribute: compare[1]!,
    quantifier: compare[2] === 'Any' ? 'any' : 'all',
    operator: compare[3]!,
    values: compare[4]!.split(',').map((v) => v.trim().replace(/^'|'$/g, '')),
  };
}

export function parseCondition(text: string): Node {
  const tokens = tokenize(text);
  let at = 0;
  const unary = (): Node => {
    const token = tokens[at++];
    if (token === '!') return { kind: 'not', operand: unary() };
    if (token === '(') {
      const inner = or();
      if (tokens[at++] !== ')') throw new Error('ABAC: a parenthesis is not closed');
      return inner;
    }
    if (token === undefined) throw new Error('ABAC: the condition ends early');
    return leaf(token);
  };
  const and = (): Node => {
    let left = unary();
    while (tokens[at] === 'AND') {
      at += 1;
      left = { kind: 'and', left, right: unary() };
    }
    return left;
  };
  const or = (): Node => {
    let left = and();
    while (tokens[at] === 'OR') {
      at += 1;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };
  const tree = or();
  if (at !== tokens.length) throw new Error(`ABAC: unexpected ${tokens[at]}`);
  return tree;
}

const OPERATORS: Record<string, (a: string, b: string) => boolean> = {
  GuidEquals: (a, b) => a.toLowerCase() === b.toLowerCase(),
  GuidNotEquals: (a, b) => a.toLowerCase() !== b.toLowerCase(),
  StringEqualsIgnoreCase: (a, b) => a.toLowerCase() === b.toLowerCase(),
  StringEquals: (a, b) => a === b,
};

export function evaluate(node: Node, request: AbacRequest): boolean {
  switch (node.kind) {
    case 'not':
      return !evaluate(node.operand, request);
    case 'and':
      return evaluate(node.left, request) && evaluate(node.right, request);
    case 'or':
      return evaluate(node.left, request) || evaluate(node.right, request);
    case 'action':
      return request.action.toLowerCase() === node.action.toLowerCase();
    case 'compare': {
      const value = request.attributes[node.attribute];
      const test = OPERATORS[node.operator];
      if (test === undefined) throw new Error(`ABAC: unknown operator ${node.operator}`);
      if (value === undefined) return false;
      return node.quantifier === 'any'
        ? node.values.some((v) => test(value, v))
        : node.values.every((v) => test(value, v));
    }
  }
}
