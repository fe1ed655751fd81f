// Runtime: DOM (pure). Money display helpers on top of shared/money: integer fen in, text out, no floats.
import { formatFen, type Fen } from '../shared/money';

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
