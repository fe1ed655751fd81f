// Test stand-in for the cloud, speaking shared/sync/protocol.ts (and every record kind of shared/sync/records.ts)
// over real HTTP with real signature checks.
// Unit tests use it to drive the whole backend; the integration test uses the real cloud (cloud/start.ts).
import { createHash, createPublicKey, randomBytes, randomUUID, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PATHS, type CatalogChange, type Product } from '../../../shared/sync/protocol';
import { clientIdOf, RECORD_KIND_NAMES, RECORDS, type RecordKind } from '../../../shared/sync/records';
import {
  canonicalRequest,
  REGISTRATION_CHALLENGE_TTL_MS,
  registrationProofText,
  SIGNATURE_HEADERS,
} from '../../../shared/sync/signing';
import type { Fen } from '../../../shared/money';

export const OUTLET = { id: '0190a000-0000-7000-8000-000000000001', name: '测试网点', timezone: 'Asia/Shanghai' };
export const CASHIER_ID = '0190a000-0000-7000-8000-0000000000c1';
/** 'boss' (password boss123): a supervisor who may approve discounts up to ¥50 / 30 % and returns up to ¥500 */
export const SUPERVISOR_ID = '0190a000-0000-7000-8000-0000000000b1';
/** 'helper' (password helper123): a second cashier of their own, who sells but may not manage shifts */
export const HELPER_ID = '0190a000-0000-7000-8000-0000000000c2';
export const SUPERVISOR = {
  id: SUPERVISOR_ID,
  username: 'boss',
  name: '店长',
  isMaster: false,
  permissions: ['sale.sell', 'sale.discount', 'sale.refund', 'sale.refund_no_receipt', 'shift.manage'],
  limits: { maxDiscountFen: 5000, maxDiscountBps: 3000, maxRefundFen: 50000 },
};

let n = 0;
export function product(p: Partial<Product> & { name: string }): Product {
  n++;
  return {
    id: `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`,
    sku: `SKU${String(n).padStart(5, '0')}`,
    barcode: `69${String(n).padStart(11, '0')}`,
    categoryId: null,
    kind: 'physical',
    unit: '件',
    price: 350 as Fen,
    faceValue: null,
    carrier: null,
    active: true,
    ...p,
  };
}

export const SAMPLE_PRODUCTS: Product[] = [
  product({ name: '农夫山泉饮用天然水 550ml', price: 200 as Fen, barcode: '6921168509256', sku: 'NFSQ550' }),
  product({ name: '乐事薯片 原味 70g', price: 750 as Fen }),
  product({ name: '乐事薯片 黄瓜味 70g', price: 750 as Fen }),
  product({ name: '可口可乐 330ml', price: 300 as Fen }),
  product({ name: '康师傅红烧牛肉面', price: 450 as Fen }),
  product({ name: '重庆小面', price: 1200 as Fen }),
  product({ name: '停售的薯片', price: 100 as Fen, active: false }),
  product({
    name: '中国移动话费 100元',
    kind: 'topup',
    price: 10000 as Fen,
    faceValue: 10000 as Fen,
    carrier: 'cmcc',
    barcode: null,
  }),
];

type Held = Map<string, { payload: string; serverId: string }>;

export interface FakeCloud {
  url: string;
  /** every record pushed by the till, by kind and client id */
  records: Record<RecordKind, Held>;
  /** records.order */
  orders: Held;
  /** records.shift: closed shifts pushed by the till, by clientShiftId */
  shifts: Held;
  products: Product[];
  /** when set, every request is answered with a socket reset (the cloud is "down") */
  down: boolean;
  /** the outlet's till rules handed out at login (抹零, the void window) */
  policy: { rounding?: 'none' | 'jiao' | 'yuan'; voidWindowMinutes?: number };
  requests: string[];
  close(): Promise<void>;
}

export async function startFakeCloud(products: Product[] = SAMPLE_PRODUCTS): Promise<FakeCloud> {
  const devices = new Map<string, string>(); // deviceId → SPKI base64
  const challenges = new Set<string>();
  const records = Object.fromEntries(RECORD_KIND_NAMES.map((k) => [k, new Map()])) as Record<RecordKind, Held>;
  const state: FakeCloud = {
    url: '',
    records,
    orders: records.order,
    shifts: records.shift,
    products,
    down: false,
    policy: {},
    requests: [],
    close: async () => {},
  };
  const changes = (): CatalogChange[] =>
    state.products.map((p, i) => ({ seq: i + 1, entity: 'product', op: 'upsert', data: p }));

  const server: Server = createServer(async (req, res) => {
    if (state.down) return req.socket.destroy();
    const body = await readBody(req);
    const url = req.url ?? '/';
    state.requests.push(`${req.method} ${url}`);
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    const fail = (status: number, code: string, message: string) => send(status, { error: { code, message } });
    const path = url.split('?')[0];
    if (path === PATHS.registerChallenge) {
      const challenge = randomBytes(32).toString('base64url');
      challenges.add(challenge);
      return send(200, { challenge, expiresAt: Date.now() + REGISTRATION_CHALLENGE_TTL_MS });
    }
    if (path === PATHS.register) {
      const r = JSON.parse(body);
      // proof of possession, as the cloud checks it: a challenge it gave (once), signed by the new key
      const proof = r.proof as { challenge?: string; signature?: string } | undefined;
      if (!proof?.challenge || !challenges.delete(proof.challenge))
        return fail(401, 'BAD_SIGNATURE', 'unknown or used registration challenge');
      const proven = verify(
        null,
        Buffer.from(registrationProofText({ challenge: proof.challenge, ...r.device })),
        createPublicKey({ key: Buffer.from(r.device.publicKey, 'base64'), format: 'der', type: 'spki' }),
        Buffer.from(proof.signature ?? '', 'base64'),
      );
      if (!proven) return fail(401, 'BAD_SIGNATURE', 'the registration is not signed by the new key');
      if (r.username !== 'owner' || r.password !== 'owner888')
        return fail(401, 'BAD_CREDENTIALS', 'wrong username or password');
      const deviceId = randomUUID();
      devices.set(deviceId, r.device.publicKey);
      return send(200, {
        deviceId,
        status: 'active',
        outlet: OUTLET,
        policy: { offlineWindowHours: 72, offlineSalesCapFen: 500000 },
      });
    }
    // Everything else is signed.
    const h = (k: string) => String(req.headers[k] ?? '');
    const pub = devices.get(h(SIGNATURE_HEADERS.device));
    if (!pub) return fail(401, 'DEVICE_NOT_REGISTERED', 'unknown device');
    const canonical = canonicalRequest({
      deviceId: h(SIGNATURE_HEADERS.device),
      method: req.method ?? 'GET',
      pathWithQuery: url,
      timestamp: Number(h(SIGNATURE_HEADERS.timestamp)),
      nonce: h(SIGNATURE_HEADERS.nonce),
      bodySha256Hex: createHash('sha256').update(body).digest('hex'),
    });
    const key = createPublicKey({ key: Buffer.from(pub, 'base64'), format: 'der', type: 'spki' });
    if (!verify(null, Buffer.from(canonical), key, Buffer.from(h(SIGNATURE_HEADERS.signature), 'base64'))) {
      return fail(401, 'BAD_SIGNATURE', 'bad signature');
    }
    if (path === PATHS.login) {
      const r = JSON.parse(body);
      if (r.password !== `${r.username}123`) return fail(401, 'BAD_CREDENTIALS', 'wrong username or password');
      if (r.username === 'boss')
        return send(200, {
          token: 'tok_' + randomUUID(),
          expiresAt: Date.now() + 8 * 3600_000,
          employee: SUPERVISOR,
          policy: { offlineWindowHours: 72, offlineSalesCapFen: 500000, ...state.policy },
        });
      if (r.username === 'helper')
        return send(200, {
          token: 'tok_' + randomUUID(),
          expiresAt: Date.now() + 8 * 3600_000,
          employee: {
            id: HELPER_ID,
            username: 'helper',
            name: '小张',
            isMaster: false,
            permissions: ['sale.sell'],
            limits: { maxDiscountFen: 0, maxDiscountBps: 0, maxRefundFen: 0 },
          },
          policy: { offlineWindowHours: 72, offlineSalesCapFen: 500000, ...state.policy },
        });
      return send(200, {
        token: 'tok_' + randomUUID(),
        expiresAt: Date.now() + 8 * 3600_000,
        employee: {
          id: CASHIER_ID,
          username: r.username,
          name: '收银员',
          isMaster: false,
          permissions:
            r.username === 'nobody'
              ? []
              : r.username === 'manager'
                ? ['sale.sell', 'device.manage']
                : r.username === 'clerk'
                  ? ['sale.sell', 'shift.manage']
                  : r.username === 'disc'
                    ? ['sale.sell', 'sale.discount']
                    : ['sale.sell'],
          // 'disc' may give up to ¥5 and 10 % of a sale by their own choice
          limits: { maxDiscountFen: r.username === 'disc' ? 500 : 0, maxDiscountBps: 1000, maxRefundFen: 0 },
        },
        policy: { offlineWindowHours: 72, offlineSalesCapFen: 500000, ...state.policy },
      });
    }
    if (path === PATHS.override) {
      const r = JSON.parse(body);
      if (r.username !== 'boss' || r.password !== 'boss123')
        return fail(401, 'BAD_CREDENTIALS', 'wrong username or password');
      return send(200, { employee: SUPERVISOR, policy: { offlineWindowHours: 72, offlineSalesCapFen: 500000 } });
    }
    if (path === PATHS.catalogChanges) {
      const q = new URL(url, 'http://x').searchParams;
      const cursor = Number(q.get('cursor') ?? 0);
      const limit = Number(q.get('limit') ?? 1000);
      const page = changes()
        .filter((c) => c.seq > cursor)
        .slice(0, limit);
      const nextCursor = page.at(-1)?.seq ?? cursor;
      return send(200, { changes: page, nextCursor, hasMore: changes().some((c) => c.seq > nextCursor) });
    }
    // Every kind of the record-kind registry, judged as the cloud does: schema, then idempotency on the id.
    const kind = RECORD_KIND_NAMES.find((k) => RECORDS[k].route === path);
    if (kind) {
      const spec = RECORDS[kind];
      const raws = (JSON.parse(body) as Record<string, unknown[]>)[spec.batchKey] ?? [];
      const held = state.records[kind];
      const results = raws.map((x) => {
        const id = clientIdOf(kind, x);
        const verdict = (status: string, more: object = {}) => ({ [spec.clientIdKey]: id, status, ...more });
        const parsed = spec.wire.safeParse(x);
        if (!parsed.success) return verdict('rejected', { error: { code: 'VALIDATION', message: `bad ${spec.noun}` } });
        const text = JSON.stringify(parsed.data);
        const prev = held.get(id);
        if (prev)
          return prev.payload === text
            ? verdict('duplicate', { [spec.serverIdKey]: prev.serverId })
            : verdict('conflict', { error: { code: 'CONFLICT', message: 'different payload' } });
        const serverId = randomUUID();
        held.set(id, { payload: text, serverId });
        return verdict('accepted', { [spec.serverIdKey]: serverId });
      });
      return send(200, { results });
    }
    return fail(404, 'NOT_FOUND', 'no route');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return state;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
