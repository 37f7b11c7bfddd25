/** What the e2e tests read of the audit (GET /api/upgrades/{id}/audit) and of the sandbox's topic. */
import type { Stack } from './stack.js';

export interface Entry {
  readonly id: string;
  readonly kind: 'request' | 'write';
  readonly operation: string;
  readonly target: string;
  readonly outcome: string;
  readonly activity?: string;
  readonly errorCode?: string;
  readonly actor?: { readonly kind: string; readonly id: string };
}

export async function auditOf(stack: Stack, id: string): Promise<Entry[]> {
  const response = await stack.api(`/api/upgrades/${id}/audit`);
  if (response.status !== 200) throw new Error(`audit of ${id}: ${response.status}`);
  return (response.body as { entries: Entry[] }).entries;
}

/** RFC 4180 records (quoted fields may hold commas, quotes doubled, CR and LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const next = text[i + 1];
    if (quoted && c === '"' && next === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted || (c !== '"' && c !== ',' && !(c === '\r' && next === '\n'))) {
      field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    }
  }
  if (field !== '' || row.length > 0) throw new Error('the CSV does not end with CRLF');
  return rows;
}

/** The position of the first entry from `from` on that matches; -1 when none does. */
export function indexFrom(
  entries: readonly Entry[],
  from: number,
  match: (e: Entry) => boolean,
): number {
  const found = entries.slice(from).findIndex(match);
  return found < 0 ? -1 : from + found;
}

/** The lifecycle events the sandbox's topic received about an upgrade: type -> distinct ids. */
export function eventIdsByType(stack: Stack, id: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const event of stack.sandbox.arm.topic.received()) {
    if ((event.data as { id?: string } | undefined)?.id !== id) continue;
    const ids = (out[event.type] ??= []);
    if (!ids.includes(event.id)) ids.push(event.id);
  }
  return out;
}
