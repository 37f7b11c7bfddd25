/** The Azure error helpers for Table storage: failures are classified by the `storage` table. */
import type { WinshiftError } from '../../domain/errors.js';
import {
  azureCall,
  azureCallOrUndefined,
  toWinshiftError,
  type AzureErrorOptions,
} from '../errors.js';

const STORAGE: AzureErrorOptions = { service: 'storage' };

/** Runs a Table storage call, translating its failure. */
export function storageCall<T>(doing: string, call: () => Promise<T>): Promise<T> {
  return azureCall(doing, call, STORAGE);
}

/** Like `storageCall`, with 404 answered by `undefined`. */
export function storageCallOrUndefined<T>(
  doing: string,
  call: () => Promise<T>,
): Promise<T | undefined> {
  return azureCallOrUndefined(doing, call, STORAGE);
}

/** A Table storage failure as a WinshiftError naming what was being done. */
export function storageError(error: unknown, doing: string): WinshiftError {
  return toWinshiftError(error, doing, STORAGE);
}
