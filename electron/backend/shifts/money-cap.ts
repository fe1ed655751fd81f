// An employee's daily money-movement cap at the till (shared/limits.ts MONEY_MOVEMENT_KINDS): the cloud holds
// the caps and books transfers and member top-ups against them; pay-outs from the drawer it never sees, so
// the till holds them — offline too — with what it knows: the cap and the day's figure from the employee's
// last online login here (sales 0012 employee_money), plus what this till moved since: every pay-out of the
// day, and member top-ups after that login (before it, the cloud's figure has them). The day is the outlet's
// calendar day. An employee the cloud never told this till about (an older cloud) has no cap here.
import { AppError } from '../../../shared/errors';
import type { MoneyToday } from '../../../shared/sync/protocol';
import type { Db } from '../db/open';

const DAY_MS = 24 * 3_600_000;

export function createMoneyCap(db: Db) {
  const put = db.prepare(`INSERT INTO employee_money (employee_id, cap_fen, moved_today_fen, as_of)
    VALUES (@employeeId, @cap, @moved, @asOf) ON CONFLICT (employee_id) DO UPDATE SET cap_fen = excluded.cap_fen,
    moved_today_fen = excluded.moved_today_fen, as_of = excluded.as_of`);
  const get = db.prepare('SELECT cap_fen, moved_today_fen, as_of FROM employee_money WHERE employee_id = ?');
  // the last two days' counted movements of one employee (the day itself is cut in JS, in the outlet's zone)
  const moves = db.prepare(
    "SELECT kind, amount, at FROM cash_movements WHERE employee_id = ? AND at >= ? AND kind IN ('pay_out', 'member_topup')",
  );

  /** What the employee moved today as this till knows it, and their cap (null: none). */
  function today(employeeId: string, now: number, timeZone: string): { capFen: number | null; movedFen: number } {
    const row = get.get(employeeId) as { cap_fen: number | null; moved_today_fen: number; as_of: number } | undefined;
    if (!row) return { capFen: null, movedFen: 0 };
    const day = dayOf(now, timeZone);
    let moved = dayOf(row.as_of, timeZone) === day ? row.moved_today_fen : 0;
    for (const m of moves.all(employeeId, now - 2 * DAY_MS) as { kind: string; amount: number; at: number }[]) {
      if (dayOf(m.at, timeZone) !== day) continue;
      if (m.kind === 'pay_out') moved += -m.amount;
      else if (m.at > row.as_of) moved += m.amount;
    }
    return { capFen: row.cap_fen, movedFen: moved };
  }

  return {
    /** What the cloud said at an online login. */
    remember(employeeId: string, m: MoneyToday): void {
      put.run({ employeeId, cap: m.dailyCapFen, moved: m.movedTodayFen, asOf: m.asOf });
    },
    today,
    /** LIMIT_EXCEEDED (reason DAILY_CAP) when `amount` more would take the employee past their cap today. */
    assertWithin(employeeId: string, amount: number, now: number, timeZone: string): void {
      const { capFen, movedFen } = today(employeeId, now, timeZone);
      if (capFen !== null && movedFen + amount > capFen)
        throw new AppError('LIMIT_EXCEEDED', 'This exceeds your daily money-movement cap', {
          reason: 'DAILY_CAP',
          capFen,
          movedTodayFen: movedFen,
          amountFen: amount,
        });
    },
  };
}
export type MoneyCap = ReturnType<typeof createMoneyCap>;

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** The calendar day of `ms` in `timeZone`, as YYYY-MM-DD. */
export function dayOf(ms: number, timeZone: string): string {
  let f = dayFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, f);
  }
  return f.format(ms);
}
