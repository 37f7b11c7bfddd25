import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { HostKeys } from '../settings.js';

export type AuthLevel = 'anonymous' | 'function' | 'admin';

/** The key a caller presented: the `code` query parameter or the `x-functions-key` header. */
export function presentedKey(req: IncomingMessage, url: URL): string | undefined {
  const header = req.headers['x-functions-key'];
  if (typeof header === 'string' && header.length > 0) return header;
  return url.searchParams.get('code') ?? undefined;
}

/** Whether the presented key opens a function at this level (the master key opens every level). */
export function isAuthorized(level: AuthLevel, key: string | undefined, keys: HostKeys): boolean {
  if (level === 'anonymous') return true;
  if (key === undefined) return false;
  if (safeEqual(key, keys.master)) return true;
  return level === 'function' && safeEqual(key, keys.function);
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
