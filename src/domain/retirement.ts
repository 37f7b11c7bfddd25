/** Fleet-scan classification of a Windows pool against the retirement calendar. */
import { DEFAULT_CALENDAR, dayStart, osSupportOn, type RetirementCalendar } from './calendar.js';
import type { OsSku } from './os.js';

export const RETIREMENT_CLASSES = ['retired', 'retiring', 'supported'] as const;

export type PoolStatus = (typeof RETIREMENT_CLASSES)[number];

export interface PoolClassification {
  readonly status: PoolStatus;
  /** The next date that matters (retirement or image removal), if any; YYYY-MM-DD. */
  readonly deadline?: string;
  readonly reason: string;
}

export interface ClassifyPoolInput {
  readonly osSku: OsSku;
  readonly kubernetesVersion: string;
  readonly now: Date;
  /** How many days before a deadline a pool counts as `retiring`. */
  readonly windowDays: number;
}

const DAY_MS = 86_400_000;

function daysUntil(day: string, now: Date): number {
  return Math.ceil((dayStart(day) - now.getTime()) / DAY_MS);
}

/**
 * Classifies a Windows pool for the fleet scan: `retired` once its OS is past retirement or image
 * removal or unsupported on the cluster's Kubernetes version; `retiring` within `windowDays` of the
 * next of those dates; else `supported`. The deadline is the next date still ahead (image removal
 * for a retired 2019 pool: scaling breaks then), so a report can sort by urgency.
 */
export function classifyPool(
  input: ClassifyPoolInput,
  calendar: RetirementCalendar = DEFAULT_CALENDAR,
): PoolClassification {
  const { osSku, now } = input;
  const window = calendar[osSku];
  const dates = [
    { day: window.retiresOn, past: 'was retired on', future: 'retires on' },
    {
      day: window.imagesRemovedOn,
      past: 'node images were removed on',
      future: 'node images are removed on',
    },
  ].filter((d): d is { day: string; past: string; future: string } => d.day !== undefined);
  const passed = dates.filter((d) => daysUntil(d.day, now) <= 0);
  const upcoming = dates
    .filter((d) => daysUntil(d.day, now) > 0)
    .sort((a, b) => a.day.localeCompare(b.day));
  const next = upcoming[0];
  const nextText = next
    ? `${osSku} ${next.future} ${next.day} (in ${daysUntil(next.day, now)} days)`
    : undefined;
  const support = osSupportOn(osSku, input.kubernetesVersion, calendar);
  const problems = [
    ...(support.supported ? [] : [support.reason]),
    ...passed.map((d) => `${osSku} ${d.past} ${d.day}`),
  ];
  const last = passed.at(-1);
  const deadline = next?.day ?? last?.day;
  if (problems.length > 0) {
    const reason = [...problems, ...(nextText ? [nextText] : [])].join('; ');
    return deadline === undefined
      ? { status: 'retired', reason }
      : { status: 'retired', deadline, reason };
  }
  if (next && nextText) {
    const status = daysUntil(next.day, now) <= input.windowDays ? 'retiring' : 'supported';
    return { status, deadline: next.day, reason: nextText };
  }
  return { status: 'supported', reason: `${osSku} has no announced retirement` };
}
