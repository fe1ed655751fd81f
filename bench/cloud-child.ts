// Runtime: Node (child process of the bench). A local cloud on port 0 with the demo world plus N scale
// products; prints {"url","seedMs"} on one line, then serves until killed. A separate process, so the
// cloud's own work (PGlite) never runs on the thread whose latency the bench measures.
import { startCloud } from '../cloud/start';
import { DEMO } from '../cloud/seed/demo';
import { seedScaleCatalog } from '../cloud/seed/scale';

const n = Number(process.argv[2] ?? 0);
const cloud = await startCloud({ port: 0 });
const seed = n > 0 ? await seedScaleCatalog(cloud.db, DEMO.outletId, n) : { ms: 0 };
console.log(JSON.stringify({ url: cloud.url, seedMs: seed.ms }));
process.on('SIGTERM', () => void cloud.close().finally(() => process.exit(0)));
