import { describe, expect, it } from '@jest/globals';
import { compileSchedule } from '../../../src/local/timers/schedule.js';
import { formatLocal, timerInfoJson } from '../../../src/local/timers/timer-info.js';

const at = (iso: string): Date => new Date(iso);

describe('compileSchedule (NCRONTAB, six fields, seconds first)', () => {
  it.each([
    ['*/5 * * * * *', '2026-11-28T12:00:03Z', '2026-11-28T12:00:05.000Z'],
    ['0 */5 * * * *', '2026-11-28T12:01:00Z', '2026-11-28T12:05:00.000Z'],
    ['0 30 9 * * 1-5', '2026-11-28T12:00:00Z', '2026-11-30T09:30:00.000Z'],
    ['0 0 0 1 1 *', '2026-11-28T12:00:00Z', '2027-01-01T00:00:00.000Z'],
    ['0 0 2 * * Sun', '2026-11-28T12:00:00Z', '2026-11-29T02:00:00.000Z'],
    // NCRONTAB requires both day fields to match: the 13th that is a Friday.
    ['0 0 0 13 * 5', '2026-11-28T12:00:00Z', '2027-08-13T00:00:00.000Z'],
  ])('%s after %s is %s', (expression, after, next) => {
    const schedule = compileSchedule(expression, {}, 'UTC');
    expect(schedule.nextAfter(at(after)).toISOString()).toBe(next);
  });

  it('resolves %SETTING% references from app settings', () => {
    const schedule = compileSchedule('%SCAN%', { SCAN: '0 0 */6 * * *' }, 'UTC');
    expect(schedule.expression).toBe('0 0 */6 * * *');
    expect(
      schedule.nextOccurrences(2, at('2026-11-28T07:00:00Z')).map((d) => d.toISOString()),
    ).toEqual(['2026-11-28T12:00:00.000Z', '2026-11-28T18:00:00.000Z']);
  });

  it.each([
    ['%MISSING%', "'%MISSING%' does not resolve to a value."],
    ['0 */5 * * *', 'was not recognized as a valid cron expression'],
    ['0 0 25 * * *', 'was not recognized as a valid cron expression'],
  ])('refuses %s with a coded error', (expression, message) => {
    let thrown: unknown;
    try {
      compileSchedule(expression, {}, 'UTC');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'INVALID_TIMER_SCHEDULE' });
    expect((thrown as Error).message).toContain(message);
  });
});

describe('timerInfoJson', () => {
  it('is the PascalCase TimerInfo the host sends, with .NET default dates for missing values', () => {
    const next = at('2026-11-28T12:00:05Z');
    expect(
      JSON.parse(timerInfoJson({ last: undefined, next, lastUpdated: undefined }, true)),
    ).toEqual({
      Schedule: { AdjustForDST: true },
      ScheduleStatus: {
        Last: '0001-01-01T00:00:00',
        Next: formatLocal(next),
        LastUpdated: '0001-01-01T00:00:00',
      },
      IsPastDue: true,
    });
    expect(JSON.parse(timerInfoJson(undefined, false))).toMatchObject({ ScheduleStatus: null });
  });

  it('formats local times with their offset and without zero fractions', () => {
    expect(formatLocal(at('2026-11-28T12:00:05.250Z'))).toMatch(
      /^2026-11-2\dT\d\d:\d\d:05\.25[+-]\d\d:\d\d$/,
    );
    expect(formatLocal(at('2026-11-28T12:00:05Z'))).toMatch(/:05[+-]\d\d:\d\d$/);
  });
});
