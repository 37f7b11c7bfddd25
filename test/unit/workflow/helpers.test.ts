// The orchestrator's pure helpers: pacing, failure text, chunking.
import { describe, expect, it } from '@jest/globals';
import { WinshiftError } from '../../../src/domain/errors.js';
import { dotnetExceptionDetails } from '../../../src/local/durable/activities.js';
import { chunk, clip, failureOf } from '../../../src/workflow/calls.js';
import {
  DEFAULT_TIMING,
  pollDelayInSeconds,
  resolveTiming,
  retryDelayInMilliseconds,
} from '../../../src/workflow/timing.js';

describe('workflow pacing', () => {
  it.each([
    [0, 2],
    [19, 2],
    [45, 4.5],
    [100, 10],
    [150, 15],
    [2_700, 15],
  ])(
    'after %d s waited, polls again in %d s (a tenth of it, from 2 s up to 15 s)',
    (waited, seconds) => {
      expect(pollDelayInSeconds(DEFAULT_TIMING, waited)).toBeCloseTo(seconds);
    },
  );

  it.each([
    [1, 5_000],
    [2, 10_000],
    [4, 40_000],
    [5, 60_000],
  ])('retry %i waits %i ms (first 5 s, backoff 2, capped at 60 s)', (retry, ms) => {
    expect(retryDelayInMilliseconds(DEFAULT_TIMING.retry, retry)).toBe(ms);
  });

  it('merges partial overrides, retry fields included', () => {
    const timing = resolveTiming({
      pollMaxInSeconds: 1,
      retry: { maxNumberOfAttempts: 2 },
    });
    expect(timing).toMatchObject({ pollInitialInSeconds: 2, pollMaxInSeconds: 1 });
    expect(timing.retry).toEqual({ ...DEFAULT_TIMING.retry, maxNumberOfAttempts: 2 });
  });
});

describe('failureOf', () => {
  it.each([
    [
      'Durable task failure text',
      new Error('WinshiftError: [POOL_CONFLICT] pool w22a exists with other settings'),
      { code: 'POOL_CONFLICT', message: 'pool w22a exists with other settings' },
    ],
    [
      'a WinshiftError',
      new WinshiftError('ROLLOUT_TIMEOUT', '2 of 9 workloads not rolled out'),
      { code: 'ROLLOUT_TIMEOUT', message: '2 of 9 workloads not rolled out' },
    ],
    [
      'an unknown error (never transient)',
      new Error('socket hang up'),
      { code: 'INTERNAL', message: 'socket hang up' },
    ],
    [
      'a string',
      "Activity function 'x' failed: [TRANSIENT] 503",
      { code: 'TRANSIENT', message: '503' },
    ],
    [
      // durable-functions 3.5 throws `${Reason} \n ${Details}` for a TaskFailed without
      // FailureDetails, as the real extension sends it (Azure/azure-functions-durable-extension#3049).
      "the extension's Reason and Details",
      new Error(
        `Activity function 'createPool' failed: [POOL_CONFLICT] pool w22a exists with other settings \n ${dotnetExceptionDetails(
          '[POOL_CONFLICT] pool w22a exists with other settings',
          'Error: [POOL_CONFLICT] pool w22a\n    at createPool (create-pool.js:20:11)',
        )}`,
      ),
      { code: 'POOL_CONFLICT', message: 'pool w22a exists with other settings' },
    ],
    [
      'a multi-line message (a Kubernetes Status text)',
      new Error('[FORBIDDEN] Kubernetes: patch payments/api: forbidden\nUser cannot patch'),
      { code: 'FORBIDDEN', message: 'Kubernetes: patch payments/api: forbidden' },
    ],
  ])('reads %s', (_what, error, expected) => {
    expect(failureOf(error)).toEqual(expected);
  });

  it('keeps messages short enough for the custom status', () => {
    const { message } = failureOf(new Error(`[DRAIN_TIMEOUT] ${'x'.repeat(5000)}`));
    expect(message.length).toBe(500);
    expect(clip('abc', 5)).toBe('abc');
  });
});

describe('chunk', () => {
  it.each([
    [0, 5, []],
    [5, 5, [5]],
    [12, 5, [5, 5, 2]],
  ])('%i items by %i', (count, size, sizes) => {
    const items = Array.from({ length: count }, (_, i) => i);
    const chunks = chunk(items, size);
    expect(chunks.map((c) => c.length)).toEqual(sizes);
    expect(chunks.flat()).toEqual(items);
  });
});
