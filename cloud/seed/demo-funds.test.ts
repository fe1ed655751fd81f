import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balance, checkLedgerInvariants, outletPrepaidId } from '../ledger';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db';
import type { CloudDb } from '../db/types';
import { DEMO, seedDemo } from './demo';
import { DEMO_OPENING_DEPOSIT_FEN, fundDemoOutlet } from './demo-funds';

let database: TestDatabase;
let db: CloudDb;
beforeAll(async () => {
  database = await createTestDatabase();
  db = await database.open();
  await seedDemo(db);
});
afterAll(async () => {
  await database.drop();
});

describe('demo opening deposit', () => {
  it('funds the demo outlet once, through the ledger, however often it runs', async () => {
    await fundDemoOutlet(db);
    await fundDemoOutlet(db);
    const b = await balance(db, outletPrepaidId(DEMO.outletId));
    expect(b.available).toBe(DEMO_OPENING_DEPOSIT_FEN);
    expect(await checkLedgerInvariants(db)).toEqual([]);
  });
});
