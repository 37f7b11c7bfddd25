import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Per-node image cache with pull times proportional to image size, as containerd's content store:
 * an image pulled once on a node starts instantly on that node again; concurrent pulls share one.
 */
export class ImagePulls {
  private readonly pulled = new Map<string, Map<string, Promise<void>>>();

  constructor(
    private readonly bytesPerSecond: number,
    private readonly signal: AbortSignal,
  ) {}

  pull(nodeName: string, imageRef: string, sizeBytes: number): Promise<void> {
    let node = this.pulled.get(nodeName);
    if (!node) this.pulled.set(nodeName, (node = new Map<string, Promise<void>>()));
    let pull = node.get(imageRef);
    if (!pull) {
      const durationInMs = (sizeBytes / this.bytesPerSecond) * 1000;
      pull = sleep(durationInMs, undefined, { signal: this.signal, ref: false });
      pull.catch(() => node.delete(imageRef)); // aborted: not cached
      node.set(imageRef, pull);
    }
    return pull;
  }

  isCached(nodeName: string, imageRef: string): boolean {
    return this.pulled.get(nodeName)?.has(imageRef) ?? false;
  }

  forgetNode(nodeName: string): void {
    this.pulled.delete(nodeName);
  }
}
