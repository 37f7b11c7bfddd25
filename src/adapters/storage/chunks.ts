/**
 * Azure Tables limit a string property to 32K UTF-16 code units and an entity to 1 MiB. Long text is
 * cut into properties `<name>0`, `<name>1`, ... (`<name>Parts` counts them) and, past what one entity
 * holds, over several rows: a plan of a large cluster runs to hundreds of KB.
 */
export const MAX_PROPERTY_CHARS = 32 * 1024;
/** 12 x 32K chars x 2 bytes = 768 KiB of text per entity, leaving room under the 1 MiB limit. */
export const MAX_PROPERTIES_PER_ENTITY = 12;

/**
 * Cuts `text` into pieces of at most `size` code units, never between the two halves of a surrogate
 * pair (a lone half would not survive the round trip through UTF-8).
 */
export function cut(text: string, size: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + size, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && end - start > 1 && last >= 0xd800 && last <= 0xdbff) end -= 1;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

export type Properties = Record<string, unknown>;

/** The properties holding `text` under `name`. */
export function textProperties(name: string, text: string, size = MAX_PROPERTY_CHARS): Properties {
  const pieces = cut(text, size);
  const properties: Properties = { [`${name}Parts`]: pieces.length };
  pieces.forEach((piece, i) => (properties[`${name}${i}`] = piece));
  return properties;
}

/** The text written by `textProperties`, or undefined when the entity holds none. */
export function readText(entity: Properties, name: string): string | undefined {
  const parts = entity[`${name}Parts`];
  if (typeof parts !== 'number') return undefined;
  let text = '';
  for (let i = 0; i < parts; i += 1) {
    const piece = entity[`${name}${i}`];
    if (typeof piece !== 'string') throw new Error(`table entity lacks ${name}${i} of ${parts}`);
    text += piece;
  }
  return text;
}

/**
 * `text` spread over as many rows as needed, each holding at most `perEntity` properties: row i's
 * properties, in order. The first row also says how many rows there are (`rows`).
 */
export function textRows(
  text: string,
  size = MAX_PROPERTY_CHARS,
  perEntity = MAX_PROPERTIES_PER_ENTITY,
): Properties[] {
  const rows = cut(text, size * perEntity).map((slice) => textProperties('text', slice, size));
  const first = rows[0] ?? textProperties('text', '', size);
  rows[0] = { ...first, rows: Math.max(rows.length, 1) };
  return rows;
}

/** Joins rows written by `textRows` (ordered by their row index). */
export function readRows(rows: readonly Properties[]): string | undefined {
  const count = rows[0]?.['rows'];
  if (typeof count !== 'number') return undefined;
  if (rows.length < count) throw new Error(`text spans ${count} rows, found ${rows.length}`);
  return rows
    .slice(0, count)
    .map((row) => readText(row, 'text') ?? '')
    .join('');
}
