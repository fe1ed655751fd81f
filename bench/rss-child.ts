// Runtime: Node (child process of the bench). Serves searches over an existing catalog.db — either our
// way (catalog store) or the all-in-JS baseline — and prints the peak RSS in MB.
import Database from 'better-sqlite3';
import { createCatalogStore } from '../electron/backend/catalog/store';
import { SEARCH_QUERIES } from './catalog';

const [, , path, mode] = process.argv;
const db = new Database(path!, { readonly: true });
let peak = 0;
const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
if (mode === 'js') {
  const all = db
    .prepare('SELECT id, sku, barcode, name, pinyin, initials_all AS ia, price, stock FROM products WHERE active = 1')
    .all() as { name: string; pinyin: string; ia: string }[];
  for (let r = 0; r < 20; r++)
    for (const q of SEARCH_QUERIES) {
      all.filter((x) => x.name.includes(q) || x.pinyin.includes(q) || x.ia.includes(q)).slice(0, 30);
      sample();
    }
} else {
  const store = createCatalogStore(db);
  for (let r = 0; r < 200; r++)
    for (const q of SEARCH_QUERIES) {
      store.search(q, 30);
      sample();
    }
}
console.log(JSON.stringify({ rssMb: peak / 1024 / 1024 }));
