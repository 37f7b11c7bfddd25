import { Cron } from 'croner';
import { resolveSettingReferences } from '../settings.js';

/** A timer's NCRONTAB schedule: six fields, seconds first, in the host's time zone. */
export interface TimerSchedule {
  expression: string;
  /** The first occurrence strictly after `after`. */
  nextAfter(after: Date): Date;
  /** The next `count` occurrences after `after` (the host logs five at start). */
  nextOccurrences(count: number, after: Date): Date[];
}

/**
 * Resolves `%NAME%` references against app settings and compiles the NCRONTAB expression with
 * croner. NCRONTAB requires day-of-month AND day-of-week to match (croner's `domAndDow`), and the
 * Functions host accepts only the six-field form. Throws a `code`d error the host reports as an
 * indexing error, as the real host does for a bad or unresolved schedule.
 */
export function compileSchedule(
  raw: string,
  settings: Record<string, string>,
  timezone?: string,
): TimerSchedule {
  const unresolved = [...raw.matchAll(/%([^%]+)%/g)]
    .map((m) => m[1]!)
    .filter((name) => settings[name] === undefined);
  if (unresolved.length > 0) {
    throw scheduleError(`'%${unresolved[0]}%' does not resolve to a value.`);
  }
  const expression = resolveSettingReferences(raw, settings).trim();
  let cron: Cron;
  try {
    cron = new Cron(expression, { mode: '6-part', domAndDow: true, paused: true, timezone });
  } catch (error) {
    throw scheduleError(
      `The schedule expression '${expression}' was not recognized as a valid cron expression: ${
        (error as Error).message
      }`,
    );
  }
  const nextAfter = (after: Date): Date => {
    const next = cron.nextRun(after);
    if (!next) throw scheduleError(`The schedule expression '${expression}' never occurs.`);
    return next;
  };
  return {
    expression,
    nextAfter,
    nextOccurrences: (count, after) => {
      const dates: Date[] = [];
      let from = after;
      for (let i = 0; i < count; i++) dates.push((from = nextAfter(from)));
      return dates;
    },
  };
}

function scheduleError(message: string): Error {
  return Object.assign(new Error(message), { code: 'INVALID_TIMER_SCHEDULE' });
}
