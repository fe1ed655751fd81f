// A fault-injecting HTTP proxy on 127.0.0.1 between the POS and the cloud. For each request it draws one
// fault from a seeded PRNG (so a seed replays the same schedule while the POS sends one request at a time):
//   pass           forward, answer
//   dropRequest    close the connection before the cloud sees anything
//   dropResponse   forward (the cloud commits), then close the connection without an answer
//   duplicate      send the request to the cloud twice (one after the other, or both at once), answer one
//   delay          wait, then forward
//   reorder        hold the request; forward it only after the NEXT request went through (or a timeout):
//                  a stale request reaches the cloud after a newer one
//   reset          forward, send the status line and half the body, then reset the TCP connection
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Rng } from './prng';

export const FAULTS = ['pass', 'dropRequest', 'dropResponse', 'duplicate', 'delay', 'reorder', 'reset'] as const;
export type Fault = (typeof FAULTS)[number];

export const DEFAULT_WEIGHTS: Record<Fault, number> = {
  pass: 0.5,
  dropRequest: 0.08,
  dropResponse: 0.12,
  duplicate: 0.1,
  delay: 0.08,
  reorder: 0.06,
  reset: 0.06,
};

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface FaultProxy {
  url: string;
  /** how often each fault was applied */
  stats: Record<Fault, number>;
  /** status codes the cloud answered, by code ("401 CLOCK_SKEW" style for errors) */
  answers: Map<string, number>;
  /** when true every request passes untouched (the final drain) */
  calm: boolean;
  /** forwards anything still held */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'host',
  'content-length',
  'proxy-connection',
  'upgrade',
]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startFaultProxy(p: {
  target: string;
  rng: Rng;
  weights?: Record<Fault, number>;
  holdMs?: number;
  delayMs?: [number, number];
}): Promise<FaultProxy> {
  const target = new URL(p.target);
  const weights = p.weights ?? DEFAULT_WEIGHTS;
  const totalWeight = FAULTS.reduce((s, f) => s + weights[f], 0);
  const stats = Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>;
  const answers = new Map<string, number>();
  const held: { release: () => Promise<void> }[] = [];
  const sockets = new Set<Socket>();
  const pending = new Set<Promise<unknown>>();
  const track = <T>(pr: Promise<T>) => {
    pending.add(pr);
    void pr.finally(() => pending.delete(pr)).catch(() => {});
    return pr;
  };

  // Every fault with a weight happens at least once, however few requests a run makes (a 300-order run makes
  // about 70, and at 6 % a fault can miss them all — the suites assert that each kind really hurt): the first
  // faults come from a deck holding each kind once, shuffled by the seed, dealt in place of a draw half the time
  // so they land among ordinary draws early in the run; after it, draws alone.
  const deck = FAULTS.filter((f) => f !== 'pass' && weights[f] > 0);
  for (let i = deck.length - 1; i > 0; i--) {
    const j = p.rng.int(0, i);
    [deck[i], deck[j]] = [deck[j]!, deck[i]!];
  }

  function draw(): Fault {
    if (deck.length > 0 && p.rng.chance(0.5)) return deck.pop()!;
    let x = p.rng.next() * totalWeight;
    for (const f of FAULTS) {
      x -= weights[f];
      if (x < 0) return f;
    }
    return 'pass';
  }

  function forward(req: IncomingMessage, body: Buffer): Promise<Answer> {
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP.has(k)) headers[k] = v;
    headers['content-length'] = String(body.length);
    return track(
      new Promise<Answer>((resolve, reject) => {
        const up = httpRequest(
          { host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent: false },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const a = { status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) };
              const code =
                a.status >= 400
                  ? (() => {
                      try {
                        return ` ${JSON.parse(a.body.toString()).error.code}`;
                      } catch {
                        return '';
                      }
                    })()
                  : '';
              answers.set(`${a.status}${code}`, (answers.get(`${a.status}${code}`) ?? 0) + 1);
              resolve(a);
            });
            res.on('error', reject);
          },
        );
        up.on('error', reject);
        up.end(body);
      }),
    );
  }

  function reply(res: ServerResponse, a: Answer) {
    if (res.destroyed || res.writableEnded) return; // the client gave up (timeout): its loss
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(a.headers)) if (v !== undefined && !HOP.has(k)) headers[k] = v;
    headers['content-length'] = String(a.body.length);
    res.writeHead(a.status, headers);
    res.end(a.body);
  }

  async function releaseHeld() {
    while (held.length) await held.shift()!.release();
  }

  async function handle(req: IncomingMessage, res: ServerResponse, body: Buffer) {
    const fault: Fault = proxy.calm ? 'pass' : draw();
    stats[fault]++;
    switch (fault) {
      case 'pass':
        reply(res, await forward(req, body));
        break;
      case 'dropRequest':
        req.socket.destroy();
        break;
      case 'dropResponse':
        await forward(req, body);
        req.socket.destroy();
        break;
      case 'duplicate': {
        const both = p.rng.chance(0.5)
          ? await Promise.all([forward(req, body), forward(req, body)])
          : [await forward(req, body), await forward(req, body)];
        reply(res, both[p.rng.int(0, 1)]!);
        break;
      }
      case 'delay':
        await sleep(p.rng.int(...(p.delayMs ?? [20, 300])));
        reply(res, await forward(req, body));
        break;
      case 'reorder': {
        let done = false;
        const release = async () => {
          if (done) return;
          done = true;
          const a = await forward(req, body).catch(() => null);
          if (a) reply(res, a);
          else req.socket.destroy();
        };
        held.push({ release });
        // Nobody came after it: release it anyway, late.
        setTimeout(() => void track(release()), p.holdMs ?? 2500).unref();
        return; // not released by its own arrival
      }
      case 'reset': {
        const a = await forward(req, body);
        if (!res.destroyed) {
          res.writeHead(a.status, { 'content-type': 'application/json', 'content-length': String(a.body.length) });
          res.write(a.body.subarray(0, Math.floor(a.body.length / 2)));
        }
        setImmediate(() => (req.socket as Socket).resetAndDestroy());
        break;
      }
    }
    // A request went through: whatever was held before it now reaches the cloud, after it.
    await releaseHeld();
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void track(handle(req, res, Buffer.concat(chunks)).catch(() => req.socket.destroy()));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;

  const proxy: FaultProxy = {
    url: `http://127.0.0.1:${port}`,
    stats,
    answers,
    calm: false,
    async flush() {
      await releaseHeld();
      while (pending.size) await Promise.allSettled([...pending]);
    },
    async close() {
      await proxy.flush();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return proxy;
}
