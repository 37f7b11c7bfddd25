import type { ScheduleStatus } from './status-store.js';

/** .NET's `default(DateTime)`, which the host writes for a `Last` that never happened. */
const DEFAULT_DATE_TIME = '0001-01-01T00:00:00';

/**
 * The trigger value the host sends for a timer (`TimerInfo`, PascalCase JSON); `@azure/functions`
 * camel-cases it into the `Timer` the handler receives. `ScheduleStatus` is null without a monitor.
 */
export function timerInfoJson(status: ScheduleStatus | undefined, isPastDue: boolean): string {
  return JSON.stringify({
    Schedule: { AdjustForDST: true },
    ScheduleStatus: status
      ? {
          Last: status.last ? formatLocal(status.last) : DEFAULT_DATE_TIME,
          Next: formatLocal(status.next),
          LastUpdated: status.lastUpdated ? formatLocal(status.lastUpdated) : DEFAULT_DATE_TIME,
        }
      : null,
    IsPastDue: isPastDue,
  });
}

/** A local DateTime as Newtonsoft writes it: `2026-11-28T12:00:05.123+00:00` (zero fractions dropped). */
export function formatLocal(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const local = new Date(date.getTime() + offset * 60_000);
  const base = local
    .toISOString()
    .slice(0, 23)
    .replace(/\.?0+$/, '');
  const sign = offset >= 0 ? '+' : '-';
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${base}${sign}${hours}:${minutes}`;
}
