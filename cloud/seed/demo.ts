// Runtime: Node. The demo world: platform, a supplier, a regional agent, one internet café outlet with its
// master and a cashier, the agent's master, and a realistic catalog (>2,000 items, top-ups, game cards) in the outlet's change
// feed. Idempotent: a database that already holds the demo outlet is left untouched.
import { CASH_HANDLER_DAILY_CAP_FEN } from '../../shared/limits';
import { ROLE_TEMPLATES } from '../../shared/permissions';
import type { CloudDb } from '../db/types';
import { hashPassword } from '../auth/passwords';
import { appendChanges, lockOutletCatalog, type ChangeInput } from '../catalog/repository';
import { buildDemoCatalog, demoId } from './catalog-build';

const outletId = demoId('org:outlet:星光网咖（徐汇店）');
const catalog = buildDemoCatalog(outletId);
const sample = catalog.products.find((p) => p.name === '农夫山泉 饮用天然水 550ml');
if (!sample || !sample.barcode) throw new Error('demo catalog lacks its sample item');

export const DEMO = {
  platformId: demoId('org:platform'),
  platformName: '千米平台',
  supplierId: demoId('org:supplier:鼎信通讯供货'),
  supplierName: '鼎信通讯供货',
  agentId: demoId('org:agent:华东区代（上海）'),
  agentName: '华东区代（上海）',
  outletId,
  outletName: '星光网咖（徐汇店）',
  timezone: 'Asia/Shanghai',
  master: { id: demoId('employee:owner'), username: 'owner', password: 'owner888', name: '王老板' },
  cashier: { id: demoId('employee:cashier'), username: 'cashier', password: 'cashier123', name: '小李' },
  /** the agent's (区代) master: registers the agent's back-office PC, sets markups and outlets' categories */
  agentMaster: { id: demoId('employee:agent-master'), username: 'agent', password: 'agent888', name: '赵区代' },
  /** a scannable item for end-to-end tests */
  sampleBarcode: sample.barcode,
  sampleProduct: {
    id: sample.id,
    sku: sample.sku,
    barcode: sample.barcode,
    name: sample.name,
    price: sample.price as number,
  },
  productCount: catalog.products.length,
  categoryCount: catalog.categories.length,
} as const;

/** The demo catalog exactly as seeded (products, categories, goods sources). */
export function demoCatalog() {
  return catalog;
}

/** Rows per INSERT: well below PostgreSQL's 65,535 bind parameters. */
const CHUNK = 500;

export async function seedDemo(db: CloudDb, now: number = Date.now()): Promise<{ seeded: boolean }> {
  const exists = await db.query('SELECT 1 FROM organizations WHERE id = $1', [DEMO.outletId]);
  if (exists.rows.length > 0) {
    // A demo database from before the agent had an account gets it now, and one from before suppliers
    // published sources gets their external ids and the newer demo sources (bills, the regional top-up);
    // the rest is left untouched.
    await ensureAgentMaster(db, now);
    await ensureDemoSources(db, now);
    await ensureCafeCashier(db);
    return { seeded: false };
  }
  const [ownerHash, cashierHash, agentHash] = await Promise.all([
    hashPassword(DEMO.master.password),
    hashPassword(DEMO.cashier.password),
    hashPassword(DEMO.agentMaster.password),
  ]);

  return db.tx(async (q) => {
    // Two processes may seed one PostgreSQL at once: serialise, then look again.
    await q.query("SELECT pg_advisory_xact_lock(hashtext('qianmi:seed-demo'))");
    const again = await q.query('SELECT 1 FROM organizations WHERE id = $1', [DEMO.outletId]);
    if (again.rows.length > 0) return { seeded: false };

    await q.query(
      `INSERT INTO organizations (id, type, name, parent_id, created_at) VALUES
        ($1, 'platform', $2, NULL, $9), ($3, 'supplier', $4, $1, $9), ($5, 'agent', $6, $1, $9), ($7, 'outlet', $8, $5, $9)`,
      [
        DEMO.platformId,
        DEMO.platformName,
        DEMO.supplierId,
        DEMO.supplierName,
        DEMO.agentId,
        DEMO.agentName,
        DEMO.outletId,
        DEMO.outletName,
        now,
      ],
    );
    await q.query(
      // the cashier handles cash (member top-ups, pay-outs): a daily money-movement cap (shared/limits.ts)
      `INSERT INTO employees (id, org_id, username, name, password_hash, is_master, permissions, created_at, daily_transfer_cap_fen) VALUES
        ($1, $2, $3, $4, $5, true, '{}', $9, 0), ($6, $2, $7, $8, $10, false, $11, $9, ${CASH_HANDLER_DAILY_CAP_FEN})`,
      [
        DEMO.master.id,
        DEMO.outletId,
        DEMO.master.username,
        DEMO.master.name,
        ownerHash,
        DEMO.cashier.id,
        DEMO.cashier.username,
        DEMO.cashier.name,
        now,
        cashierHash,
        [...ROLE_TEMPLATES.cafeCashier],
      ],
    );

    await insertAgentMaster(q, agentHash, now);
    await insertRows(
      q,
      'goods_sources',
      [
        'id',
        'supplier_id',
        'external_id',
        'kind',
        'name',
        'carrier',
        'regions',
        'biller',
        'face_value',
        'supply_price',
        'created_at',
      ],
      catalog.sources.map((s) => [
        s.id,
        DEMO.supplierId,
        s.externalId,
        s.kind,
        s.name,
        s.carrier,
        s.regions,
        s.biller,
        s.faceValue,
        s.supplyPrice,
        now,
      ]),
    );
    await insertRows(
      q,
      'agent_markups',
      ['agent_id', 'source_id', 'markup'],
      catalog.sources.map((s) => [DEMO.agentId, s.id, s.agentMarkup]),
    );
    // Parents precede children in the list, so the parent_id foreign key holds row by row.
    await insertRows(
      q,
      'categories',
      ['id', 'outlet_id', 'parent_id', 'name', 'sort', 'updated_at'],
      catalog.categories.map((c) => [c.id, DEMO.outletId, c.parentId, c.name, c.sort, now]),
    );
    await insertRows(
      q,
      'products',
      [
        'id',
        'outlet_id',
        'sku',
        'barcode',
        'name',
        'category_id',
        'kind',
        'unit',
        'price',
        'face_value',
        'carrier',
        'source_id',
        'active',
        'stock',
        'updated_at',
      ],
      catalog.products.map((p) => [
        p.id,
        DEMO.outletId,
        p.sku,
        p.barcode,
        p.name,
        p.categoryId,
        p.kind,
        p.unit,
        p.price,
        p.faceValue,
        p.carrier,
        p.sourceId,
        p.active,
        p.stock ?? null,
        now,
      ]),
    );

    await lockOutletCatalog(q, DEMO.outletId);
    const changes: ChangeInput[] = [
      ...catalog.categories.map((c): ChangeInput => ({ entity: 'category', op: 'upsert', data: c })),
      ...catalog.products.map(({ sourceId: _s, ...p }): ChangeInput => ({ entity: 'product', op: 'upsert', data: p })),
    ];
    await appendChanges(q, DEMO.outletId, changes, now);
    return { seeded: true };
  });
}

/** The agent's master account, unless it (or its username) already exists. A master holds every permission. */
async function insertAgentMaster(q: { query: CloudDb['query'] }, hash: string, now: number): Promise<void> {
  await q.query(
    `INSERT INTO employees (id, org_id, username, name, password_hash, is_master, permissions, created_at)
     SELECT $1::uuid, $2::uuid, $3::text, $4::text, $5::text, true, '{}', $6::bigint
      WHERE EXISTS (SELECT 1 FROM organizations WHERE id = $2::uuid)
        AND NOT EXISTS (SELECT 1 FROM employees WHERE id = $1::uuid OR username = $3::text)
     ON CONFLICT DO NOTHING`,
    [DEMO.agentMaster.id, DEMO.agentId, DEMO.agentMaster.username, DEMO.agentMaster.name, hash, now],
  );
}

/**
 * The demo outlet is an internet café: its cashier finds members, tops them up and takes payment from their
 * cards (member.manage). A demo database seeded with the shop cashier's role gets the café's; a cashier
 * whose permissions someone changed since is left as they are.
 */
async function ensureCafeCashier(db: CloudDb): Promise<void> {
  const shop = [...ROLE_TEMPLATES.cashier].sort();
  await db.query(
    `UPDATE employees SET permissions = $2
      WHERE id = $1 AND is_master = false AND (SELECT array_agg(p ORDER BY p) FROM unnest(permissions) p) = $3::text[]`,
    [DEMO.cashier.id, [...ROLE_TEMPLATES.cafeCashier], shop],
  );
}

async function ensureAgentMaster(db: CloudDb, now: number): Promise<void> {
  const has = await db.query('SELECT 1 FROM employees WHERE id = $1', [DEMO.agentMaster.id]);
  if (has.rows.length > 0) return;
  await insertAgentMaster(db, await hashPassword(DEMO.agentMaster.password), now);
}

/**
 * Sources the demo catalog has and the database lacks (it was seeded by an older version) are added with
 * their markups, categories and the outlet's products, and published to its feed; seeded sources without
 * the supplier's external id get it. Nothing that exists is changed.
 */
async function ensureDemoSources(db: CloudDb, now: number): Promise<void> {
  const have = await db.query<{ id: string }>('SELECT id FROM goods_sources WHERE supplier_id = $1', [DEMO.supplierId]);
  const known = new Set(have.rows.map((r) => r.id));
  const missing = catalog.sources.filter((s) => !known.has(s.id));
  const unnamed = await db.query('SELECT 1 FROM goods_sources WHERE supplier_id = $1 AND external_id IS NULL LIMIT 1', [
    DEMO.supplierId,
  ]);
  if (missing.length === 0 && unnamed.rows.length === 0) return;
  await db.tx(async (q) => {
    await q.query("SELECT pg_advisory_xact_lock(hashtext('qianmi:seed-demo'))");
    for (const s of catalog.sources)
      await q.query('UPDATE goods_sources SET external_id = $2 WHERE id = $1 AND external_id IS NULL', [
        s.id,
        s.externalId,
      ]);
    const again = new Set(
      (
        await q.query<{ id: string }>('SELECT id FROM goods_sources WHERE supplier_id = $1', [DEMO.supplierId])
      ).rows.map((r) => r.id),
    );
    const add = catalog.sources.filter((s) => !again.has(s.id));
    if (add.length === 0) return;
    const ids = new Set(add.map((s) => s.id));
    const products = catalog.products.filter((p) => p.sourceId !== null && ids.has(p.sourceId));
    const haveCats = new Set(
      (await q.query<{ id: string }>('SELECT id FROM categories WHERE outlet_id = $1', [DEMO.outletId])).rows.map(
        (r) => r.id,
      ),
    );
    const needed = new Set(products.map((p) => p.categoryId).filter((c): c is string => c !== null));
    // a needed category and its parent, parents first (as in the catalog's order)
    const cats = catalog.categories.filter(
      (c) =>
        !haveCats.has(c.id) &&
        (needed.has(c.id) || catalog.categories.some((k) => k.parentId === c.id && needed.has(k.id))),
    );
    await insertRows(
      q,
      'goods_sources',
      [
        'id',
        'supplier_id',
        'external_id',
        'kind',
        'name',
        'carrier',
        'regions',
        'biller',
        'face_value',
        'supply_price',
        'created_at',
      ],
      add.map((s) => [
        s.id,
        DEMO.supplierId,
        s.externalId,
        s.kind,
        s.name,
        s.carrier,
        s.regions,
        s.biller,
        s.faceValue,
        s.supplyPrice,
        now,
      ]),
    );
    await insertRows(
      q,
      'agent_markups',
      ['agent_id', 'source_id', 'markup'],
      add.map((s) => [DEMO.agentId, s.id, s.agentMarkup]),
    );
    if (cats.length > 0)
      await insertRows(
        q,
        'categories',
        ['id', 'outlet_id', 'parent_id', 'name', 'sort', 'updated_at'],
        cats.map((c) => [c.id, DEMO.outletId, c.parentId, c.name, c.sort, now]),
      );
    const skus = new Set(
      (
        await q.query<{ sku: string }>('SELECT sku FROM products WHERE outlet_id = $1 AND sku = ANY($2::text[])', [
          DEMO.outletId,
          products.map((p) => p.sku),
        ])
      ).rows.map((r) => r.sku),
    );
    const newProducts = products.filter((p) => !skus.has(p.sku));
    if (newProducts.length > 0) {
      await insertRows(
        q,
        'products',
        [
          'id',
          'outlet_id',
          'sku',
          'barcode',
          'name',
          'category_id',
          'kind',
          'unit',
          'price',
          'face_value',
          'carrier',
          'source_id',
          'active',
          'stock',
          'updated_at',
        ],
        newProducts.map((p) => [
          p.id,
          DEMO.outletId,
          p.sku,
          p.barcode,
          p.name,
          p.categoryId,
          p.kind,
          p.unit,
          p.price,
          p.faceValue,
          p.carrier,
          p.sourceId,
          p.active,
          p.stock ?? null,
          now,
        ]),
      );
    }
    await lockOutletCatalog(q, DEMO.outletId);
    await appendChanges(
      q,
      DEMO.outletId,
      [
        ...cats.map((c): ChangeInput => ({ entity: 'category', op: 'upsert', data: c })),
        ...newProducts.map(({ sourceId: _s, ...p }): ChangeInput => ({ entity: 'product', op: 'upsert', data: p })),
      ],
      now,
    );
  });
}

async function insertRows(
  q: { query: CloudDb['query'] },
  table: string,
  cols: string[],
  rows: unknown[][],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    const params: unknown[] = [];
    const values = part.map((r) => `(${r.map((v) => (params.push(v), `$${params.length}`)).join(',')})`);
    await q.query(`INSERT INTO ${table} (${cols.join(',')}) VALUES ${values.join(',')}`, params);
  }
}
