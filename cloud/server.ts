// Runtime: Node. CLI entry (`npm run cloud` / `tsx cloud/server.ts`). Env: PORT (8787), HOST (127.0.0.1),
// DATABASE_URL (real PostgreSQL) or CLOUD_DATA_DIR (PGlite folder, default ./.data/cloud).
import { resolve } from 'node:path';
import { DEMO } from './seed/demo';
import { DEMO_OPENING_DEPOSIT_FEN, fundDemoOutlet } from './seed/demo-funds';
import { startCloud } from './start';
import { demoSupplierDelayFromEnv } from './virtual/fulfilment';
import { demoCodesHelp } from './payments/demo/outcomes';

/** DEPOSIT_TTL_HOURS: a positive number of hours (fractions allowed); anything else stops the start. */
function depositTtlMs(v: string): number {
  const h = Number(v);
  if (!Number.isFinite(h) || h <= 0)
    throw new Error(`DEPOSIT_TTL_HOURS must be a positive number of hours, not ${JSON.stringify(v)}`);
  return Math.round(h * 3_600_000);
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const cloud = await startCloud({
    host: process.env.HOST || '127.0.0.1',
    port: Number(process.env.PORT || 8787),
    databaseUrl,
    dataDir: databaseUrl ? undefined : resolve(process.env.CLOUD_DATA_DIR || './.data/cloud'),
    seed: true,
    supplierDelayMs: demoSupplierDelayFromEnv(),
    // the demo payment provider answers like one across the internet (DEMO_PAY_LATENCY_MS, default 600 ms)
    demoPay: process.env.DEMO_PAY === 'off' ? false : { latencyMs: Number(process.env.DEMO_PAY_LATENCY_MS ?? 600) },
    logger: process.env.CLOUD_LOG === '1',
    // Unconfirmed deposits expire after this many hours (default 24).
    ...(process.env.DEPOSIT_TTL_HOURS ? { depositTtlMs: depositTtlMs(process.env.DEPOSIT_TTL_HOURS) } : {}),
  });
  await fundDemoOutlet(cloud.db);
  console.log(`千米 POS cloud listening on ${cloud.url} (${databaseUrl ? 'PostgreSQL' : 'PGlite'})`);
  console.log(`Demo outlet: ${DEMO.outletName}`);
  console.log(`  master:  ${DEMO.master.username} / ${DEMO.master.password}`);
  console.log(`  cashier: ${DEMO.cashier.username} / ${DEMO.cashier.password}`);
  console.log(`  prepaid balance opened with ¥${DEMO_OPENING_DEPOSIT_FEN / 100} (once)`);
  console.log(`  sample barcode: ${DEMO.sampleBarcode} (${DEMO.sampleProduct.name})`);
  if (cloud.demoPay) for (const line of demoCodesHelp()) console.log(`  ${line}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    cloud.close().then(
      () => process.exit(0),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e) => {
  console.error('cloud failed to start:', e);
  process.exit(1);
});
