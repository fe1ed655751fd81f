// Runtime: Node. CLI (`npm run cloud:admin -- add <name>` | `revoke <name>`): makes or revokes a platform
// administrator's token on the cloud's own database (DATABASE_URL, else the PGlite folder CLOUD_DATA_DIR,
// default ./.data/cloud — PGlite admits one process: stop the cloud first). The token is printed once; only
// its sha256 is stored. `npm run release` sends it as QIANMI_ADMIN_TOKEN.
import { resolve } from 'node:path';
import { openCloudDb } from '../db/open';
import { createPlatformAdmin, revokePlatformAdmin } from './admins';

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  if (!name || (command !== 'add' && command !== 'revoke') || name.length > 64) {
    console.error('usage: npm run cloud:admin -- add <name> | revoke <name>');
    process.exit(2);
  }
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const db = await openCloudDb({
    databaseUrl,
    dataDir: databaseUrl ? undefined : resolve(process.env.CLOUD_DATA_DIR || './.data/cloud'),
  });
  try {
    if (command === 'add') {
      const admin = await createPlatformAdmin(db, name, Date.now());
      console.log(`platform administrator "${admin.name}" (${admin.id})`);
      console.log(`token (shown once; keep it secret): ${admin.token}`);
    } else {
      const n = await revokePlatformAdmin(db, name, Date.now());
      console.log(n ? `revoked "${name}"` : `no active administrator named "${name}"`);
      if (!n) process.exitCode = 1;
    }
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
