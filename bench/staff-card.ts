// Runtime: Node. What a staff-card scan costs the cashier (issue 11: a supervisor override approved by a card
// alone). Offline the till checks the scanned number against every stored card of the outlet — the cloud's salted
// scrypt hash of each (auth/staff-cards.ts), all of them in parallel — so the cost grows with the outlet's number
// of cards. Baseline, measured in the same run: one offline password check (offline-credentials.ts), the cost of
// the supervisor typing username and password instead. Both use the same scrypt parameters as the cloud makes.
import { hashPassword } from '../cloud/auth/passwords';
import { checkVerifier } from '../electron/backend/auth/offline-credentials';
import { createStaffCards } from '../electron/backend/auth/staff-cards';
import { openDatabases } from '../electron/backend/db/open';
import type { Employee } from '../shared/sync/protocol';
import { percentile, timeEachAsync, timeFigure, type Figure } from './harness';

const card = (i: number) => `STAFF${String(100_000 + i)}`;
const employee = (i: number): Employee => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  username: `sup${i}`,
  name: `主管${i}`,
  isMaster: false,
  permissions: ['sale.discount'],
});

/** p50 of `rounds` scans of the last stored card with `cards` cards stored (the whole list is checked anyway). */
export async function benchStaffCards(dir: string, counts: readonly number[], rounds: number): Promise<Figure[]> {
  const dbs = openDatabases(dir);
  try {
    const largest = Math.max(...counts);
    const verifiers = await Promise.all(Array.from({ length: largest }, (_, i) => hashPassword(card(i))));
    const password = await hashPassword('cashier123');
    const inputs = Array.from({ length: rounds }, (_, i) => i);
    const baseline = percentile(await timeEachAsync(inputs, () => checkVerifier('cashier123', password)), 50);
    const cards = createStaffCards(dbs.sales);
    const figures: Figure[] = [];
    for (const n of counts) {
      cards.replace(
        verifiers.slice(0, n).map((verifier, i) => ({ employeeId: employee(i).id, verifier, employee: employee(i) })),
        Date.now(),
      );
      const ms = percentile(
        await timeEachAsync(inputs, async () => {
          const who = await cards.verify(card(n - 1), Date.now(), 72);
          if (who.username !== `sup${n - 1}`) throw new Error('the bench scanned the wrong card');
        }),
        50,
      );
      figures.push(
        timeFigure(
          `staff-card scan judged offline, ${n} card${n === 1 ? '' : 's'} stored (p50)`,
          ms,
          { name: 'one offline password check', value: baseline },
          '≤ 1 s at the counter',
        ),
      );
    }
    return figures;
  } finally {
    dbs.close();
  }
}
