// Receipts as real ESC/POS bytes: a fake printer is a TCP listener on 127.0.0.1 that captures what a
// LAN printer on port 9100 would receive.
import { createServer, type Server } from 'node:net';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeCloud } from '../testing/fake-cloud';
import { closeTill, openPos, openRegisteredTill, type TestPos, type Till } from '../testing/harness';
import { escapeText, receiptBytes, receiptMarkup } from './receipt';

interface FakePrinter {
  port: number;
  jobs: Buffer[];
  nextJob(): Promise<Buffer>;
  close(): Promise<void>;
}

async function startFakePrinter(): Promise<FakePrinter> {
  const jobs: Buffer[] = [];
  const waiters: ((b: Buffer) => void)[] = [];
  const server: Server = createServer((socket) => {
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('end', () => {
      const job = Buffer.concat(chunks);
      const w = waiters.shift();
      if (w) w(job);
      else jobs.push(job);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    jobs,
    nextJob: () => (jobs.length ? Promise.resolve(jobs.shift()!) : new Promise((r) => waiters.push(r))),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const ESC_INIT = Buffer.from([0x1b, 0x40]);
const FS_CHINESE = Buffer.from([0x1c, 0x26]); // FS & : Chinese (double-byte) character mode
const GS_CUT = Buffer.from([0x1d, 0x56]);

let cloud: FakeCloud;
let printer: FakePrinter;
let t: TestPos;
let dir: Till['dir'];

beforeEach(async () => {
  printer = await startFakePrinter();
  ({ cloud, dir, t } = await openRegisteredTill({ login: { username: 'manager', password: 'manager123' } }));
});
afterEach(async () => {
  await printer.close();
  await closeTill(t, { cloud, dir });
});

describe('receipts', () => {
  it('prints each sale to the LAN printer as ESC/POS with GB18030 text and a cut', async () => {
    await t.pos.call('printer.set', { kind: 'network', host: '127.0.0.1', port: printer.port, paperWidth: 58 });
    await t.pos.call('cart.scan', { code: '6921168509256' });
    await t.pos.call('cart.scan', { code: '6921168509256' });
    const { order } = await t.pos.call('sale.checkout', { tendered: 1000 });

    const job = await printer.nextJob();
    expect(job.subarray(0, 2)).toEqual(ESC_INIT);
    expect(job.includes(FS_CHINESE)).toBe(true);
    expect(job.includes(GS_CUT)).toBe(true);
    // Chinese text arrives in GB18030, never UTF-8
    expect(job.includes(iconv.encode('销售小票', 'gb18030'))).toBe(true);
    expect(job.includes(iconv.encode('找零', 'gb18030'))).toBe(true);
    expect(job.includes(Buffer.from('销售小票', 'utf8'))).toBe(false);
    expect(job.includes(Buffer.from(order.number, 'ascii'))).toBe(true);
    expect(job.includes(Buffer.from('6.00', 'ascii'))).toBe(true); // change from ¥10 for 2 × ¥2.00

    // a reprint says so, and works from sales.db alone
    await t.pos.call('receipt.print', { orderId: order.id });
    expect((await printer.nextJob()).includes(iconv.encode('重打', 'gb18030'))).toBe(true);
  });

  it('a dead printer never costs the sale: it is reported, and a reprint is a typed error', async () => {
    const events: unknown[] = [];
    t.backend.on((event, payload) => event === 'printer.error' && events.push(payload));
    const port = printer.port;
    await printer.close();
    await t.pos.call('printer.set', { kind: 'network', host: '127.0.0.1', port, paperWidth: 80 });
    await t.pos.call('cart.scan', { code: '6921168509256' });
    const { order } = await t.pos.call('sale.checkout', { tendered: 200 });
    expect(order.number).toMatch(/-0001$/);
    await expect.poll(() => events.length).toBe(1);
    const r = await t.pos.try('receipt.print', { orderId: order.id });
    expect(r.ok ? null : r.error.code).toBe('PRINTER_ERROR');
    printer = await startFakePrinter(); // for afterEach
  });

  it('keeps the printer setting across restarts and validates it', async () => {
    const bad = await t.pos.try('printer.set', {
      kind: 'network',
      host: 'x; rm -rf /',
      port: 9100,
      paperWidth: 58,
    } as never);
    expect(bad.ok ? null : bad.error.code).toBe('VALIDATION');
    const badWidth = await t.pos.try('printer.set', {
      kind: 'network',
      host: '10.0.0.9',
      port: 9100,
      paperWidth: 76,
    } as never);
    expect(badWidth.ok ? null : badWidth.error.code).toBe('VALIDATION');
    await t.pos.call('printer.set', { kind: 'network', host: 'printer.local', port: 9100, paperWidth: 80 });
    await t.backend.close();
    t = await openPos({ dataDir: dir.dir, cloudUrl: cloud.url });
    await t.pos.call('auth.login', { username: 'manager', password: 'manager123' });
    expect(await t.pos.call('printer.get', {})).toEqual({
      kind: 'network',
      host: 'printer.local',
      port: 9100,
      paperWidth: 80,
    });
  });

  it('a cashier without device.manage cannot change the printer', async () => {
    await t.pos.call('auth.logout', {});
    await t.pos.call('auth.login', { username: 'cashier', password: 'cashier123' });
    const r = await t.pos.try('printer.set', { kind: 'none' });
    expect(r.ok ? null : r.error.code).toBe('FORBIDDEN');
  });

  it('the preview is an SVG of the same receipt', async () => {
    await t.pos.call('cart.scan', { code: '6921168509256' });
    const { order } = await t.pos.call('sale.checkout', { tendered: 200 });
    const { svg } = await t.pos.call('receipt.preview', { orderId: order.id });
    expect(svg.startsWith('<svg')).toBe(true);
    const text = svg.replace(/<[^>]+>/g, ''); // the SVG sets one glyph per tspan
    expect(text).toContain('销售小票');
    expect(text).toContain(order.number);
  });
});

describe('receipt markup', () => {
  it('prints product names literally, whatever characters they hold', () => {
    expect(escapeText('A|B {x} ^2 "q" ~_`\\')).toBe('A\\|B \\{x\\} \\^2 \\"q\\" \\~\\_\\`\\\\');
    expect(escapeText('-3℃ 冰')).toBe('\\-3℃ 冰');
    const m = receiptMarkup(
      {
        number: 'N1',
        createdAt: Date.UTC(2026, 10, 25, 8, 0, 0),
        lines: [{ name: '可乐|330ml', qty: 2, unitPrice: 300, lineTotal: 600 }],
        total: 600,
        tendered: 1000,
        change: 400,
      },
      { outletName: '星光网咖', timeZone: 'Asia/Shanghai', cpl: 32 },
    );
    expect(m).toContain('可乐\\|330ml');
    expect(m).toContain('2026-11-25 16:00'); // the shop's local time
    const bytes = receiptBytes(
      {
        number: 'N1',
        createdAt: 0,
        lines: [{ name: '𠮷野家', qty: 1, unitPrice: 1, lineTotal: 1 }],
        total: 1,
        tendered: 1,
        change: 0,
      },
      { outletName: 'x', timeZone: 'Asia/Shanghai', cpl: 32 },
    );
    // a four-byte GB18030 character (outside GBK) survives
    expect(bytes.includes(iconv.encode('𠮷', 'gb18030'))).toBe(true);
  });
});

describe('receipt: changed prices, discounts and the order number as a QR code', () => {
  const order = {
    number: '20250131-0007',
    createdAt: Date.UTC(2025, 0, 31, 4, 0),
    lines: [
      { name: '乐事薯片', qty: 2, unitPrice: 700, listPrice: 750, discount: 100, lineTotal: 1300 },
      { name: '农夫山泉', qty: 1, unitPrice: 200, listPrice: null, discount: 0, lineTotal: 200 },
    ],
    total: 1400,
    tendered: 2000,
    change: 600,
    discount: 0,
    orderDiscount: 50,
    rounding: 50,
  };
  const ctx = { outletName: '测试店', timeZone: 'Asia/Shanghai', cpl: 32 as const };

  it('shows the original price, each discount and 抹零', () => {
    const m = receiptMarkup(order, ctx);
    expect(m).toContain('原价 7.50 改价 7.00');
    expect(m).toContain('折扣 -1.00');
    expect(m).toContain('整单优惠 | -¥0.50|');
    expect(m).toContain('抹零 | -¥0.50|');
    expect(m).toContain('{code:20250131-0007; option:qrcode,4,m}');
  });

  it('the ESC/POS bytes carry the QR code as a raster image (GS 8 L, any ESC/POS printer prints it), made from the number', () => {
    const bytes = receiptBytes(order, ctx);
    const raster = Buffer.from([0x1d, 0x38, 0x4c]);
    const at = bytes.indexOf(raster);
    expect(at).toBeGreaterThan(0);
    expect(bytes.indexOf(iconv.encode('凭小票退换货', 'gb18030'))).toBeGreaterThan(at);
    // another number draws another code
    const other = receiptBytes({ ...order, number: '20250131-0008' }, ctx);
    expect(other.subarray(other.indexOf(raster), other.indexOf(raster) + 400)).not.toEqual(
      bytes.subarray(at, at + 400),
    );
  });
});
