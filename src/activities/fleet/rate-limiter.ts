/**
 * A token bucket pacing the fleet scan's ARM requests at WINSHIFT_ARM_REQUESTS_PER_SECOND. ARM
 * throttles per principal and subscription (reads: a bucket refilled per second); keeping under a
 * configured rate spares the 429 round trips the SDK would otherwise sit out on Retry-After. One
 * limiter per worker process is shared by every scan activity running in it.
 */
export interface RateLimiterStats {
  /** Requests let through (tokens taken). */
  readonly requests: number;
  /** Throttling or transient failures reported back by callers. */
  readonly throttled: number;
  /** Total time callers waited for a token. */
  readonly waitedInMs: number;
}

export interface RateLimiter {
  /** Resolves when a request may go out (takes one token). */
  acquire(): Promise<void>;
  /** A request met a 429/TRANSIENT: counted, and the bucket is emptied so the next ones back off. */
  noteThrottled(): void;
  stats(): RateLimiterStats;
}

export interface RateLimiterOptions {
  readonly requestsPerSecond: number;
  /** Bucket size: requests allowed at once after a quiet spell (default: one second's worth). */
  readonly burst?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const rate = options.requestsPerSecond;
  if (!(rate > 0)) throw new RangeError('requestsPerSecond must be positive');
  const capacity = Math.max(1, options.burst ?? Math.ceil(rate));
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? realSleep;
  let tokens = capacity;
  let last = now();
  let requests = 0;
  let throttled = 0;
  let waitedInMs = 0;
  // Waiters are served in order: each takes the next token slot, so none starves.
  let queue: Promise<void> = Promise.resolve();

  const refill = (): void => {
    const t = now();
    tokens = Math.min(capacity, tokens + ((t - last) * rate) / 1000);
    last = t;
  };

  const take = async (): Promise<void> => {
    refill();
    while (tokens < 1) {
      const wait = Math.ceil(((1 - tokens) * 1000) / rate);
      waitedInMs += wait;
      await sleep(wait);
      refill();
    }
    tokens -= 1;
    requests += 1;
  };

  return {
    acquire: () => {
      const turn = queue.then(take);
      queue = turn.catch(() => undefined);
      return turn;
    },
    noteThrottled: () => {
      throttled += 1;
      refill();
      tokens = Math.min(tokens, 0);
    },
    stats: () => ({ requests, throttled, waitedInMs }),
  };
}
