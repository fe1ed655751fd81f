// Runtime: both (pure). The one clock every time on screen and on paper is read from: a moment (UTC epoch
// ms) shown in the OUTLET's time zone — Asia/Shanghai unless the outlet says otherwise — never in the
// zone of the PC, the browser or the server that happens to format it. Fixed layout ("2025-03-05 14:03"),
// the same in every language, so a receipt, a shift report and the back office agree to the minute.
import { z } from 'zod';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** An IANA time zone this runtime knows ("Asia/Shanghai"). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(tz);
  } catch {
    return false;
  }
}

export const zTimeZone = z.string().min(1).max(64).refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai');

/**
 * - dateTime        2025-03-05 14:03:09   (back-office tables, the audit log)
 * - dateTimeMinute  2025-03-05 14:03      (receipts, slips, shift reports: fits 58 mm paper)
 * - time            14:03:09              (the header's last sync)
 * - date            2025-03-05
 * - monthDayTime    03-05 14:03           (short lists: 最近充值, member history)
 */
export type ClockStyle = 'dateTime' | 'dateTimeMinute' | 'time' | 'date' | 'monthDayTime';

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(epochMs: number, timeZone: string): Record<string, string> {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(epochMs)) out[p.type] = p.value;
  return out;
}

/** A moment as the outlet's wall clock shows it. An unknown zone falls back to Asia/Shanghai. */
export function formatInZone(epochMs: number, timeZone: string, style: ClockStyle = 'dateTime'): string {
  const p = partsIn(epochMs, isTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE);
  const date = `${p.year}-${p.month}-${p.day}`;
  const hm = `${p.hour}:${p.minute}`;
  switch (style) {
    case 'dateTime':
      return `${date} ${hm}:${p.second}`;
    case 'dateTimeMinute':
      return `${date} ${hm}`;
    case 'time':
      return `${hm}:${p.second}`;
    case 'date':
      return date;
    case 'monthDayTime':
      return `${p.month}-${p.day} ${hm}`;
  }
}

/** "20250131": the outlet's calendar day of a moment (order numbers count per shop day). */
export function dayKey(epochMs: number, timeZone: string): string {
  return formatInZone(epochMs, timeZone, 'date').replaceAll('-', '');
}

/**
 * The moment a wall-clock time happens in a zone: 2025-03-05 00:00 in Shanghai → its epoch ms. A date
 * filter's "from 2025-03-05" is the outlet's midnight, not the browser's. (DST gaps resolve forward.)
 */
export function zonedEpoch(y: number, mo: number, d: number, h: number, mi: number, timeZone: string): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  let guess = wall;
  // Two corrections settle it: the zone's offset at the guess, then at the corrected moment.
  for (let i = 0; i < 2; i++) {
    const p = partsIn(guess, timeZone);
    const seen = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
    guess += wall - seen;
  }
  return guess;
}

/** "2025-03-05" (a date input's value) → the outlet's midnight starting that day, or undefined when empty. */
export function dayStartInZone(isoDate: string, timeZone: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return undefined;
  return zonedEpoch(+m[1]!, +m[2]!, +m[3]!, 0, 0, timeZone);
}
