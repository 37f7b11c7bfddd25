import type { DurableStore, InstanceRecord } from './store.js';
import type { WorkTracker } from './work-tracker.js';

/**
 * Keeps the Instances table (what status queries and listings read) up to date after each commit,
 * off the episode's critical path: per instance one write at a time, the latest state winning.
 */
export class IndexWriter {
  private readonly queue = new Map<string, InstanceRecord>();
  private readonly writers = new Map<string, Promise<void>>();

  constructor(
    private readonly store: DurableStore,
    private readonly work: WorkTracker,
    private readonly warn: (message: string) => void,
  ) {}

  /** Queues the record; with `wait`, resolves once it (or a later one) is written. */
  async write(record: InstanceRecord, wait: boolean): Promise<void> {
    const id = record.instanceId;
    this.queue.set(id, record);
    let writer = this.writers.get(id);
    if (!writer) {
      writer = this.drain(id);
      this.writers.set(id, writer);
      this.work.track(writer);
    }
    if (wait) await writer;
  }

  private async drain(id: string): Promise<void> {
    try {
      for (let record = this.queue.get(id); record; record = this.queue.get(id)) {
        this.queue.delete(id);
        await this.store.putInstance(record);
      }
    } catch (error) {
      // The state row in the History table stays the truth; the index catches up on the next write.
      this.warn(`durable: the Instances row of ${id} could not be written: ${String(error)}`);
    } finally {
      this.writers.delete(id);
    }
  }
}
