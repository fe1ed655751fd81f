// Runtime: Node. Opening money for the demo outlet, so `npm start` can sell top-ups at once: a deposit
// (加款) from the platform's bank account into the outlet's prepaid account, recorded in the ledger like
// any other. Idempotent: the transfer id is fixed, so running it again changes nothing.
import type { CloudDb } from '../db/types';
import { ensureOrgAccount, outletPrepaidId, transfer } from '../ledger';
import { DEMO } from './demo';
import { demoId } from './catalog-build';

export const DEMO_OPENING_DEPOSIT_FEN = 500_000; // ¥5,000.00

export async function fundDemoOutlet(db: CloudDb, now = Date.now(), amount = DEMO_OPENING_DEPOSIT_FEN): Promise<void> {
  await db.tx(async (q) => {
    const bank = await ensureOrgAccount(q, 'platform', DEMO.platformId, now, 'bank');
    await ensureOrgAccount(q, 'outlet_prepaid', DEMO.outletId, now);
    await ensureOrgAccount(q, 'supplier_receivable', DEMO.supplierId, now);
    await ensureOrgAccount(q, 'agent_commission', DEMO.agentId, now);
    await transfer(
      q,
      {
        id: demoId('transfer:opening-deposit'),
        debitAccountId: bank.id,
        creditAccountId: outletPrepaidId(DEMO.outletId),
        amount,
        code: 'deposit',
      },
      now,
    );
  });
}
