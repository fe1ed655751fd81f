// Runtime: DOM (pure). Money display helpers on top of shared/money: integer fen in, text out, no floats.
import { formatFen, type Fen } from '../shared/money';
import { DEFAULT_TIME_ZONE, dayStartInZone, formatInZone, type ClockStyle } from '../shared/time';

/** The outlet's zone, set by App from app.status before anything below it renders (shared/time.ts). */
let displayZone = DEFAULT_TIME_ZONE;
export function setDisplayZone(timeZone: string): void {
  displayZone = timeZone;
}

/** Every time on screen, on the outlet's clock — never the browser's (the one clock: shared/time.ts). */
export function when(epochMs: number, style: ClockStyle = 'dateTime'): string {
  return formatInZone(epochMs, displayZone, style);
}

/** A date input's "2025-03-05" → the outlet's midnight that day (a filter's bound), undefined when empty. */
export function dayStart(isoDate: string): number | undefined {
  return dayStartInZone(isoDate, displayZone);
}

/** Money is always shown as ¥ with fen precision, whatever the UI language. */
export function money(amount: Fen | number): string {
  return formatFen(amount, 'zh-CN');
}

/** "1234.50" for the tendered input (what parseYuan reads back exactly). */
export function plainYuan(amount: Fen | number): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const clock = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
/** "01/31 14:05" in Beijing time, whatever the PC's zone (the shop's day is Beijing's). */
export function clockTime(epochMs: number): string {
  return clock.format(epochMs);
}
