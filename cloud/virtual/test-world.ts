// Runtime: Node (tests). A seeded cloud with a deterministic demo supplier whose fate per order is chosen
// by the phone number's last digit, a movable clock, a registered device and a funded outlet.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { buildCloud } from '../app';
import type { CloudDb } from '../db/types';
import { ensureOrgAccount, outletPrepaidId, transfer } from '../ledger';
import { DEMO, demoCatalog, seedDemo } from '../seed/demo';
import type { DemoFate } from '../suppliers/demo';
import { registerDevice, signedInject, type TestDevice } from '../test-support/device';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db';
import { demoFulfilment, type DemoFulfilment } from './fulfilment';

/** Phone number → fate: the last digit picks it. */
export const PHONES: Record<DemoFate, string> = {
  success: '13800138001',
  failed: '13800138002',
  stuck: '13800138003',
  false_success: '13800138004',
  outright_failure: '13800138005',
  network_error: '13800138006',
};
const FATES = Object.fromEntries(Object.entries(PHONES).map(([f, p]) => [p.slice(-1), f as DemoFate]));

export interface VirtualWorld {
  database: TestDatabase;
  db: CloudDb;
  app: FastifyInstance;
  clock: { now: number };
  f: DemoFulfilment;
  device: TestDevice;
  call(method: 'GET' | 'POST', url: string, body?: unknown): Promise<LightMyRequestResponse>;
  fund(amount: number): Promise<void>;
  product(kind: 'topup' | 'gamecard', faceValue: number, carrier?: string): string;
  close(): Promise<void>;
}

export async function createVirtualWorld(): Promise<VirtualWorld> {
  const database = await createTestDatabase();
  const db = await database.open({ poolSize: 8 });
  const clock = { now: 1_750_000_000_000 };
  await seedDemo(db, clock.now);
  const f = demoFulfilment({
    seed: 7,
    latencyMs: 1_000,
    now: () => clock.now,
    slaMs: 60_000,
    queryIntervalMs: 10_000,
    maxQueries: 3,
    fateOf: (req) => (req.phone ? FATES[req.phone.slice(-1)] : 'success'),
  });
  const app = buildCloud({ db, now: () => clock.now, fulfilment: f });
  await app.ready();
  const device = await registerDevice(app);
  const catalog = demoCatalog();
  return {
    database,
    db,
    app,
    clock,
    f,
    device,
    call: (method, url, body) => signedInject(app, device, { method, url, body, now: clock.now }),
    async fund(amount) {
      const bank = await ensureOrgAccount(db, 'platform', DEMO.platformId, clock.now, 'bank');
      await ensureOrgAccount(db, 'outlet_prepaid', DEMO.outletId, clock.now);
      await ensureOrgAccount(db, 'supplier_receivable', DEMO.supplierId, clock.now);
      await ensureOrgAccount(db, 'agent_commission', DEMO.agentId, clock.now);
      await db.tx((q) =>
        transfer(
          q,
          {
            id: uuidv7(),
            debitAccountId: bank.id,
            creditAccountId: outletPrepaidId(DEMO.outletId),
            amount,
            code: 'deposit',
          },
          clock.now,
        ),
      );
    },
    product(kind, faceValue, carrier) {
      const p = catalog.products.find(
        (x) => x.kind === kind && x.faceValue === faceValue && (carrier === undefined || x.carrier === carrier),
      );
      if (!p) throw new Error(`no ${kind} ${faceValue} ${carrier ?? ''} in the demo catalog`);
      return p.id;
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
