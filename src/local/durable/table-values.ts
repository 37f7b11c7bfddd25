// Azure Tables limit a string property to 32K UTF-16 characters (64 KiB): longer values are split
// over numbered properties `<name>_0`, `<name>_1`, ... with `<name>_parts` holding the count.

export const MAX_PROPERTY_CHARS = 32 * 1024;

export type EntityProperties = Record<string, unknown>;

export function putString(
  entity: EntityProperties,
  name: string,
  value: string | undefined,
  maxChars = MAX_PROPERTY_CHARS,
): void {
  if (value === undefined) return;
  if (value.length <= maxChars) {
    entity[name] = value;
    return;
  }
  const parts = Math.ceil(value.length / maxChars);
  for (let i = 0; i < parts; i += 1) {
    entity[`${name}_${i}`] = value.slice(i * maxChars, (i + 1) * maxChars);
  }
  entity[`${name}_parts`] = parts;
}

export function getString(entity: EntityProperties, name: string): string | undefined {
  const whole = entity[name];
  if (typeof whole === 'string') return whole;
  const parts = entity[`${name}_parts`];
  if (typeof parts !== 'number') return undefined;
  let value = '';
  for (let i = 0; i < parts; i += 1) {
    const part = entity[`${name}_${i}`];
    if (typeof part !== 'string')
      throw new Error(`table entity is missing ${name}_${i} of ${parts}`);
    value += part;
  }
  return value;
}
