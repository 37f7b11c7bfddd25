import { describe, expect, it } from '@jest/globals';
import { createRateLimiter } from '../../../src/activities/fleet/rate-limiter.js';

/** A virtual clock: sleeping advances it, so the test measures the limiter, not the machine. */
function clock(): { now: () => number; sleep: (ms: number) => Promise<void> } {
  let t = 0;
  return { now: () => t, sleep: (ms) => ((t += ms), Promise.resolve()) };
}

describe('ARM rate limiter (token bucket)', () => {
  it.each([
    // rate, requests, burst, expected virtual time (ms) for all of them
    [10, 10, undefined, 0],
    [10, 30, undefined, 2000],
    [20, 100, undefined, 4000],
    [5, 6, 1, 1000],
  ])('%i/s: %i requests take %i ms after a burst of %s', async (rate, count, burst, ms) => {
    const c = clock();
    const limiter = createRateLimiter({
      requestsPerSecond: rate,
      ...(burst ? { burst } : {}),
      ...c,
    });
    await Promise.all(Array.from({ length: count }, () => limiter.acquire()));
    expect(Math.abs(c.now() - ms)).toBeLessThanOrEqual(Math.ceil(1000 / rate));
    expect(limiter.stats().requests).toBe(count);
  });

  it('a throttled request empties the bucket and is counted', async () => {
    const c = clock();
    const limiter = createRateLimiter({ requestsPerSecond: 10, ...c });
    await limiter.acquire();
    limiter.noteThrottled();
    await limiter.acquire();
    expect(c.now()).toBeGreaterThanOrEqual(100);
    expect(limiter.stats()).toMatchObject({ requests: 2, throttled: 1 });
  });

  it('keeps to the real clock too', async () => {
    const limiter = createRateLimiter({ requestsPerSecond: 50, burst: 1 });
    const start = performance.now();
    for (let i = 0; i < 11; i++) await limiter.acquire();
    expect(performance.now() - start).toBeGreaterThanOrEqual(190);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => createRateLimiter({ requestsPerSecond: 0 })).toThrow(RangeError);
  });
});
