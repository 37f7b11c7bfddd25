import { createWriteStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Zip, ZipDeflate } from 'fflate';

/** A fixed entry time, so the same files always give the same zip. */
const ENTRY_TIME = new Date('2000-01-01T00:00:00Z');

export interface ZipDirectoryOptions {
  /** Paths (relative, `/`-separated) to leave out. */
  skip?: (relativePath: string) => boolean;
}

/**
 * Zips every regular file under `dir` (sorted, relative `/` paths, symlinks skipped) into `zipPath`,
 * streaming entry by entry so a large node_modules never sits in memory at once. Returns the number
 * of files written.
 */
export async function zipDirectory(
  dir: string,
  zipPath: string,
  options: ZipDirectoryOptions = {},
): Promise<number> {
  const files = (await listFiles(dir)).filter((rel) => !options.skip?.(rel));
  const out = createWriteStream(zipPath);
  const closed = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('error', reject);
  });
  let failure: Error | undefined;
  const zip = new Zip((error, chunk, final) => {
    if (error) {
      failure = error;
      out.destroy(error);
      return;
    }
    out.write(chunk);
    if (final) out.end();
  });
  for (const rel of files) {
    if (failure) break;
    const entry = new ZipDeflate(rel, { level: 6 });
    entry.mtime = ENTRY_TIME;
    zip.add(entry);
    entry.push(await readFile(path.join(dir, rel)), true);
  }
  zip.end();
  await closed;
  if (failure) throw failure;
  return files.length;
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(dir, rel)));
    else if (entry.isFile()) files.push(rel);
  }
  return files;
}
