// Test setup shared by the owner back-office tests (backend and e2e): the demo outlet's opening ¥5,000
// deposit (the seed's own fundDemoOutlet) and a second outlet whose prepaid account receives transfers —
// the cloud only moves prepaid money to ANOTHER outlet's prepaid account.
import { randomUUID } from 'node:crypto';
import type { CloudDb } from '../../../cloud/db/types';
import { ensureOrgAccount } from '../../../cloud/ledger';
import { DEMO } from '../../../cloud/seed/demo';
import { fundDemoOutlet } from '../../../cloud/seed/demo-funds';

/** Funds the demo outlet and returns the ledger account id of a foreign outlet's prepaid account. */
export async function prepareMoneyStory(db: CloudDb, now = Date.now()): Promise<{ foreignAccountId: string }> {
  await fundDemoOutlet(db, now);
  const foreign = randomUUID();
  await db.query(
    "INSERT INTO organizations (id, type, name, parent_id, created_at) VALUES ($1, 'outlet', '外店', $2, $3)",
    [foreign, DEMO.agentId, now],
  );
  const account = await db.tx((q) => ensureOrgAccount(q, 'outlet_prepaid', foreign, now));
  return { foreignAccountId: account.id };
}

/** The 6-digit code in the newest recorded e-mail to an address / SMS to a phone (recording providers). */
export async function lastEmailCode(db: CloudDb, to: string): Promise<string> {
  const { rows } = await db.query<{ body: string }>(
    'SELECT body FROM email_messages WHERE to_address = $1 ORDER BY id DESC LIMIT 1',
    [to],
  );
  return /(\d{6})/.exec(rows[0]?.body ?? '')?.[1] ?? '';
}
export async function lastSmsCode(db: CloudDb, phone: string): Promise<string> {
  const { rows } = await db.query<{ body: string }>(
    'SELECT body FROM sms_messages WHERE phone = $1 ORDER BY id DESC LIMIT 1',
    [phone],
  );
  return /(\d{6})/.exec(rows[0]?.body ?? '')?.[1] ?? '';
}
