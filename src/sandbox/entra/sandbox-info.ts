/**
 * Where a running sandbox can be reached from another terminal (`npm run token`): its host map,
 * CA file and the client id of winshift's API in it. `npm start` and `npm run sandbox` write the
 * file and remove it when they stop.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Relative to the repository (the working directory of npm scripts). */
export const SANDBOX_INFO_FILE = '.winshift/sandbox.json';

/** The client id winshift's API registration has in the sandbox (`npm start -- --auth entra`). */
export const SANDBOX_API_CLIENT_ID = 'a9f1c0de-5a1d-4b0c-9e7f-3c2b1a0f9e8d';

export interface SandboxInfo {
  readonly hostMap: string;
  readonly caFile: string;
  readonly issuer: string;
  readonly apiClientId?: string;
}

export async function writeSandboxInfo(file: string, info: SandboxInfo): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(info, null, 2)}\n`);
}

export async function readSandboxInfo(file: string): Promise<SandboxInfo | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as SandboxInfo;
  } catch {
    return undefined;
  }
}

export async function removeSandboxInfo(file: string): Promise<void> {
  await rm(file, { force: true });
}
