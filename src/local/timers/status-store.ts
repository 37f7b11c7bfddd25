import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The schedule monitor's record for one timer, as the host keeps it (`timers/.../status`). */
export interface ScheduleStatus {
  last: Date | undefined;
  next: Date;
  lastUpdated: Date | undefined;
}

interface StoredStatus {
  Last?: string;
  Next: string;
  LastUpdated?: string;
}

/**
 * Persists each timer's last/next occurrence in a small JSON file per function, so a restarted
 * host can tell a missed occurrence (`isPastDue`), like the real host's blob-backed monitor.
 */
export class ScheduleStatusStore {
  constructor(private readonly directory: string) {}

  async get(functionName: string): Promise<ScheduleStatus | undefined> {
    let text: string;
    try {
      text = await readFile(this.fileOf(functionName), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const stored = JSON.parse(text) as StoredStatus;
      return {
        last: stored.Last ? new Date(stored.Last) : undefined,
        next: new Date(stored.Next),
        lastUpdated: stored.LastUpdated ? new Date(stored.LastUpdated) : undefined,
      };
    } catch {
      // A corrupt record is treated as none, as the host's GetSafeStatusAsync does.
      return undefined;
    }
  }

  async set(functionName: string, status: ScheduleStatus): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    const stored: StoredStatus = {
      Last: status.last?.toISOString(),
      Next: status.next.toISOString(),
      LastUpdated: status.lastUpdated?.toISOString(),
    };
    // Write then rename, so a crash never leaves half a record.
    const file = this.fileOf(functionName);
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(stored));
    await rename(temporary, file);
  }

  private fileOf(functionName: string): string {
    return path.join(this.directory, `${functionName.toLowerCase()}.json`);
  }
}
