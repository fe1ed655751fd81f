// `npm start` (after `npm run build`): the embedded cloud with the demo seeded, then the POS connected to
// it — in Electron where a binary can be had, otherwise the same app served to the browser (docs/operator.md).
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { startCloud } from '../cloud/start';
import { demoSupplierDelayFromEnv } from '../cloud/virtual/fulfilment';
import { demoCodesHelp } from '../cloud/payments/demo/outcomes';
import { DEMO } from '../cloud/seed/demo';
import { fundDemoOutlet } from '../cloud/seed/demo-funds';
import { findElectronBinary, tryInstallElectron } from '../electron/electron-binary';
import { startWebHost } from '../electron/web-host';
import { feedUpdater } from '../electron/web-updater';
import pkg from '../package.json' with { type: 'json' };

const root = resolve(import.meta.dirname, '..');
const cloudPort = Number(process.env.PORT ?? 8787);
const cloudDataDir = resolve(process.env.CLOUD_DATA_DIR ?? '.data/cloud');

async function main() {
  const cloud = await startCloud({
    host: process.env.HOST ?? '127.0.0.1',
    port: cloudPort,
    databaseUrl: process.env.DATABASE_URL,
    dataDir: process.env.DATABASE_URL ? undefined : cloudDataDir,
    seed: true,
    supplierDelayMs: demoSupplierDelayFromEnv(),
    // the demo payment provider answers like one across the internet (DEMO_PAY_LATENCY_MS, default 600 ms)
    demoPay: process.env.DEMO_PAY === 'off' ? false : { latencyMs: Number(process.env.DEMO_PAY_LATENCY_MS ?? 600) },
  });
  await fundDemoOutlet(cloud.db); // opening prepaid balance, once, so top-ups sell at once
  console.log(
    `☁  cloud: ${cloud.url}  (${process.env.DATABASE_URL ? 'PostgreSQL from DATABASE_URL' : `PGlite in ${cloudDataDir}`})`,
  );
  if (cloud.demoPay) for (const line of demoCodesHelp()) console.log(`   ${line}`);
  const stops: (() => Promise<void>)[] = [() => cloud.close()];
  const stop = async (code = 0) => {
    for (const s of stops.reverse()) await s().catch(() => {});
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  let electron = findElectronBinary();
  if (!electron.found && process.env.POS_NO_ELECTRON_DOWNLOAD !== '1') {
    console.log("…  no Electron binary yet; trying electron's installer once (ELECTRON_MIRROR is honoured)");
    electron = await tryInstallElectron(Number(process.env.POS_ELECTRON_DOWNLOAD_TIMEOUT_MS ?? 120_000));
  }

  if (electron.found && process.env.POS_FORCE_BROWSER !== '1') {
    console.log(`🖥  starting the POS in Electron (${electron.path})`);
    printCredentials();
    const child = spawn(electron.path, [root], { stdio: 'inherit', env: { ...process.env, POS_CLOUD_URL: cloud.url } });
    child.on('exit', (code) => void stop(code ?? 0));
    return;
  }

  const dataDir = resolve(process.env.POS_DATA_DIR ?? '.data/pos');
  const web = await startWebHost({
    dataDir,
    cloudUrl: cloud.url,
    // the update policy runs in the browser too: it downloads what the cloud offers (it cannot install itself)
    updater: feedUpdater({
      appVersion: pkg.version,
      downloadDir: resolve(dataDir, 'updates'),
      onInstall: (i) => console.log(`ℹ  update ${i.version} is in ${i.path}; a browser-served till cannot install it`),
    }),
    port: Number(process.env.POS_WEB_PORT ?? 0),
    rendererDir: resolve(root, 'dist/renderer'),
  });
  stops.push(() => web.close());
  console.log('');
  console.log(
    electron.found
      ? 'ℹ  POS_FORCE_BROWSER=1: serving the POS to the browser.'
      : `⚠  Electron is not available here: ${electron.reason}.`,
  );
  if (!electron.found)
    console.log(
      '   Serving the same POS to your browser instead. (In mainland China, set ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ and run npm start again.)',
    );
  console.log('');
  console.log(`🧾 open the POS:  ${web.url}`);
  console.log(`🪧 customer display (客显), on the screen facing the customer:  ${web.displayUrl}`);
  printCredentials();
  console.log('   Ctrl+C stops both.');
}

function printCredentials() {
  console.log(`   outlet ${DEMO.outletName}`);
  console.log(`   register this PC as the owner:  ${DEMO.master.username} / ${DEMO.master.password}`);
  console.log(`   then log in as the cashier:     ${DEMO.cashier.username} / ${DEMO.cashier.password}`);
  console.log(
    `   agent (a POS registered with it shows 区代后台): ${DEMO.agentMaster.username} / ${DEMO.agentMaster.password}`,
  );
  console.log(`   try scanning ${DEMO.sampleBarcode} (${DEMO.sampleProduct.name})`);
}

main().catch((e) => {
  console.error('npm start failed:', e instanceof Error ? e.message : e);
  process.exit(1);
});
