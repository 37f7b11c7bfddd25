/** A route constraint: whether a parameter value (already URL-decoded) satisfies it. */
export type Constraint = (value: string) => boolean;

const INT32 = 2 ** 31;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

// The inline constraints of ASP.NET Core routing that the Functions host accepts in templates.
const SIMPLE: Record<string, Constraint> = {
  int: (v) => isInteger(v) && Number(v) >= -INT32 && Number(v) < INT32,
  long: (v) => isInteger(v) && isInt64(v),
  bool: (v) => /^(true|false)$/i.test(v),
  alpha: (v) => /^[a-z]+$/i.test(v),
  guid: (v) => /^[{(]?[0-9a-f]{8}-?([0-9a-f]{4}-?){3}[0-9a-f]{12}[})]?$/i.test(v),
  datetime: (v) => !Number.isNaN(Date.parse(v)),
  decimal: (v) => NUMBER.test(v),
  double: (v) => NUMBER.test(v),
  float: (v) => NUMBER.test(v),
  required: (v) => v.length > 0,
};

const WITH_ARGUMENTS: Record<string, (args: string[]) => Constraint> = {
  minlength:
    ([n]) =>
    (v) =>
      v.length >= Number(n),
  maxlength:
    ([n]) =>
    (v) =>
      v.length <= Number(n),
  length: ([a, b]) =>
    b === undefined
      ? (v) => v.length === Number(a)
      : (v) => v.length >= Number(a) && v.length <= Number(b),
  min:
    ([n]) =>
    (v) =>
      isInteger(v) && Number(v) >= Number(n),
  max:
    ([n]) =>
    (v) =>
      isInteger(v) && Number(v) <= Number(n),
  range:
    ([a, b]) =>
    (v) =>
      isInteger(v) && Number(v) >= Number(a) && Number(v) <= Number(b),
};

/** Compiles one inline constraint such as `int`, `min(3)` or `regex(^[a-z]+$)`. */
export function constraintFor(text: string): Constraint {
  const call = /^([a-z]+)\((.*)\)$/is.exec(text);
  if (!call) {
    const simple = SIMPLE[text.toLowerCase()];
    if (!simple) throw new Error(`unknown route constraint "${text}"`);
    return simple;
  }
  const name = call[1]!.toLowerCase();
  const argument = call[2]!;
  if (name === 'regex') {
    // ASP.NET matches regex constraints case-insensitively.
    const pattern = new RegExp(argument, 'i');
    return (v) => pattern.test(v);
  }
  const factory = WITH_ARGUMENTS[name];
  if (!factory) throw new Error(`unknown route constraint "${text}"`);
  return factory(argument.split(',').map((a) => a.trim()));
}

function isInteger(v: string): boolean {
  return /^[-+]?\d+$/.test(v);
}

function isInt64(v: string): boolean {
  const n = BigInt(v.replace(/^\+/, ''));
  return n >= -(2n ** 63n) && n < 2n ** 63n;
}
