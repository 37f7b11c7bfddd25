import { describe, expect, it } from '@jest/globals';
import { parseCalendarOverride } from '../../../src/domain/calendar.js';
import { classifyPool, type PoolStatus } from '../../../src/domain/retirement.js';
import type { OsSku } from '../../../src/domain/os.js';

describe('classifyPool', () => {
  it.each<[string, OsSku, string, string, number, PoolStatus, string | undefined, string[]]>([
    [
      '2019 before retirement, outside the window',
      'Windows2019',
      '1.30',
      '2025-06-01',
      90,
      'supported',
      '2026-03-01',
      ['retires on 2026-03-01 (in 273 days)'],
    ],
    [
      '2019 inside the window',
      'Windows2019',
      '1.30',
      '2026-01-15',
      90,
      'retiring',
      '2026-03-01',
      ['retires on 2026-03-01 (in 45 days)'],
    ],
    [
      '2019 on the retirement day',
      'Windows2019',
      '1.30',
      '2026-03-01',
      90,
      'retired',
      '2027-04-01',
      ['was retired on 2026-03-01', 'node images are removed on 2027-04-01'],
    ],
    [
      '2019 after image removal',
      'Windows2019',
      '1.30',
      '2027-05-01',
      90,
      'retired',
      '2027-04-01',
      ['node images were removed on 2027-04-01'],
    ],
    [
      '2019 on an unsupported Kubernetes',
      'Windows2019',
      '1.33.2',
      '2025-06-01',
      30,
      'retired',
      '2026-03-01',
      ['not supported on Kubernetes 1.33', 'retires on 2026-03-01'],
    ],
    [
      '2022 far from retirement',
      'Windows2022',
      '1.32',
      '2026-11-28',
      180,
      'supported',
      '2028-06-30',
      ['retires on 2028-06-30'],
    ],
    [
      '2022 within a wide window',
      'Windows2022',
      '1.32',
      '2028-01-01',
      365,
      'retiring',
      '2028-06-30',
      ['(in 181 days)'],
    ],
    [
      '2022 on 1.37',
      'Windows2022',
      '1.37',
      '2026-11-28',
      30,
      'retired',
      '2028-06-30',
      ['not supported on Kubernetes 1.37'],
    ],
    [
      '2025 has no retirement',
      'Windows2025',
      '1.33',
      '2026-11-28',
      90,
      'supported',
      undefined,
      ['no announced retirement'],
    ],
    [
      'window 0: the day before is still supported',
      'Windows2019',
      '1.30',
      '2026-02-28',
      0,
      'supported',
      '2026-03-01',
      ['(in 1 days)'],
    ],
  ])('%s', (_name, osSku, kubernetesVersion, now, windowDays, status, deadline, reasons) => {
    const result = classifyPool({
      osSku,
      kubernetesVersion,
      now: new Date(`${now}T00:00:00Z`),
      windowDays,
    });
    expect(result.status).toBe(status);
    expect(result.deadline).toBe(deadline);
    for (const reason of reasons) expect(result.reason).toContain(reason);
  });

  it('follows an overridden calendar', () => {
    const calendar = parseCalendarOverride('{"Windows2022":{"retiresOn":"2027-01-01"}}');
    const result = classifyPool(
      {
        osSku: 'Windows2022',
        kubernetesVersion: '1.32',
        now: new Date('2026-11-28T00:00:00Z'),
        windowDays: 90,
      },
      calendar,
    );
    expect(result).toMatchObject({ status: 'retiring', deadline: '2027-01-01' });
  });
});
