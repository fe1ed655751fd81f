// Runtime: Node (Vitest). The one clock: a moment is shown in the outlet's zone whatever zone the process
// runs in (here New York, set before anything is formatted), for every style; day keys and date filters
// follow the outlet's midnight; an unknown zone falls back to Asia/Shanghai rather than to the PC's.
import { describe, expect, it } from 'vitest';
import { dayKey, dayStartInZone, formatInZone, isTimeZone, zonedEpoch, zTimeZone } from './time';

process.env.TZ = 'America/New_York';

// 2025-03-05 23:30:09 in Shanghai = 15:30:09 UTC = 10:30:09 in New York (EST)
const T = Date.UTC(2025, 2, 5, 15, 30, 9);

describe('one clock on screen and on paper', () => {
  it('the process really runs in another zone (what a careless formatter would print)', () => {
    expect(new Date(T).getHours()).toBe(10);
  });

  it('formats in the outlet’s zone, in every style', () => {
    expect(formatInZone(T, 'Asia/Shanghai')).toBe('2025-03-05 23:30:09');
    expect(formatInZone(T, 'Asia/Shanghai', 'dateTimeMinute')).toBe('2025-03-05 23:30');
    expect(formatInZone(T, 'Asia/Shanghai', 'time')).toBe('23:30:09');
    expect(formatInZone(T, 'Asia/Shanghai', 'date')).toBe('2025-03-05');
    expect(formatInZone(T, 'Asia/Shanghai', 'monthDayTime')).toBe('03-05 23:30');
    // an outlet in another zone is shown on its own clock
    expect(formatInZone(T, 'Asia/Tokyo')).toBe('2025-03-06 00:30:09');
    // midnight is 00, never 24
    expect(formatInZone(Date.UTC(2025, 2, 5, 16, 0, 0), 'Asia/Shanghai', 'time')).toBe('00:00:00');
  });

  it('an unknown zone falls back to Asia/Shanghai, and the schema refuses it', () => {
    expect(formatInZone(T, 'Mars/Olympus')).toBe('2025-03-05 23:30:09');
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(zTimeZone.safeParse('Europe/Berlin').success).toBe(true);
    expect(zTimeZone.safeParse('GMT+8; DROP').success).toBe(false);
  });

  it('the shop’s day: order-number day keys and date filters start at the outlet’s midnight', () => {
    expect(dayKey(T, 'Asia/Shanghai')).toBe('20250305');
    expect(dayKey(T, 'Asia/Tokyo')).toBe('20250306');
    expect(dayStartInZone('2025-03-05', 'Asia/Shanghai')).toBe(Date.UTC(2025, 2, 4, 16, 0));
    expect(dayStartInZone('', 'Asia/Shanghai')).toBeUndefined();
    // across a DST change (New York, 2025-03-09 02:00 → 03:00)
    expect(zonedEpoch(2025, 3, 9, 12, 0, 'America/New_York')).toBe(Date.UTC(2025, 2, 9, 16, 0));
    expect(zonedEpoch(2025, 3, 8, 12, 0, 'America/New_York')).toBe(Date.UTC(2025, 2, 8, 17, 0));
  });
});
