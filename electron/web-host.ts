// Runtime: Node. Serves the built renderer and the same POS backend over a WebSocket on 127.0.0.1 — for
// development, the e2e tests, and as the browser fallback where no Electron binary exists.
// Invariants: binds to loopback only; every WebSocket must present this run's random token (compared in
// constant time) and come from this host's own origin — the customer display's page has a token of its own
// that reaches only the display state (shared/api/display.ts); frames are size-capped and schema-checked before
// the backend sees them.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import fastifyStatic from '@fastify/static';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_FRAME_BYTES, type EventFrame } from '../shared/api/wire';
import { DISPLAY_VIEW, roleHears, type PageRole } from '../shared/api/display';
import type { Backend } from './backend/types';
import { createBackend, nodeFileKeyStore } from './backend/index';
import { handleFrame } from './frame-bridge';
import type { UpdaterPort } from './backend/updates/service';
import { feedUpdater } from './web-updater';
import pkg from '../package.json' with { type: 'json' };

export interface WebHostOptions {
  dataDir: string;
  cloudUrl: string;
  port?: number;
  host?: '127.0.0.1' | 'localhost' | '::1';
  rendererDir?: string;
  /** per-run secret; random 32 bytes (hex) when omitted */
  token?: string;
  /** the customer display's own per-run secret (read-only: shared/api/display.ts); random when omitted */
  displayToken?: string;
  /** an existing backend (tests); otherwise one is created for dataDir/cloudUrl and closed with the host */
  backend?: Backend;
  /** the version this till says it runs (default: package.json's) */
  appVersion?: string;
  /** who downloads updates (web-updater.ts feedUpdater); default none: the update status says 'unavailable' */
  updater?: UpdaterPort | null;
}

export interface WebHost {
  /** the page to open, including `?token=` */
  url: string;
  port: number;
  token: string;
  /** the customer display's page (客显), with its own token: it can only see the display state */
  displayUrl: string;
  displayToken: string;
  backend: Backend;
  close(): Promise<void>;
}

/** Same policy as the renderer's meta tag, also sent as a header so it holds even if the HTML is altered. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time token check (hashing first makes the lengths equal, so length leaks nothing either). */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  return typeof given === 'string' && timingSafeEqual(digest(expected), digest(given));
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const host = opts.host ?? '127.0.0.1';
  const rendererDir = resolve(opts.rendererDir ?? 'dist/renderer');
  if (!existsSync(resolve(rendererDir, 'index.html'))) {
    throw new Error(`no built renderer at ${rendererDir}: run \`npm run build:renderer\` first`);
  }
  const token = opts.token ?? randomBytes(32).toString('hex');
  const displayToken = opts.displayToken ?? randomBytes(32).toString('hex');
  if (tokenMatches(token, displayToken)) throw new Error('the display token must differ from the till token');
  await mkdir(opts.dataDir, { recursive: true });
  const ownsBackend = !opts.backend;
  const backend =
    opts.backend ??
    (await createBackend({
      dataDir: opts.dataDir,
      cloudUrl: opts.cloudUrl,
      keyStore: nodeFileKeyStore(opts.dataDir),
      ...(opts.appVersion ? { appVersion: opts.appVersion } : {}),
      updater: opts.updater ?? null,
    }));

  const app = Fastify({ logger: false, bodyLimit: MAX_FRAME_BYTES });
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('Content-Security-Policy', CSP);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    // The token rides in the page URL: never let it leak through a Referer header.
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Cache-Control', 'no-store');
    return payload;
  });
  await app.register(fastifyStatic, { root: rendererDir, index: 'index.html', wildcard: false });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const clients = new Map<WebSocket, PageRole>();
  const offEvents = backend.on((event, payload) => {
    const text = JSON.stringify({ type: 'event', event, payload } satisfies EventFrame);
    for (const [ws, role] of clients) if (ws.readyState === ws.OPEN && roleHears(role, event)) ws.send(text);
  });

  let port = 0;
  const allowedOrigins = () =>
    new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`]);

  const refuse = (socket: Duplex, status: number, text: string) => {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws') return refuse(socket, 404, 'Not Found');
    const given = url.searchParams.get('token');
    // The till's token drives the till; the display's token only sees the display state (shared/api/display.ts).
    const role: PageRole | null = tokenMatches(token, given)
      ? 'till'
      : tokenMatches(displayToken, given)
        ? 'display'
        : null;
    if (!role) return refuse(socket, 401, 'Unauthorized');
    // A page from any other origin (including a DNS-rebinding one) must not drive the till.
    if (!req.headers.origin || !allowedOrigins().has(req.headers.origin)) return refuse(socket, 403, 'Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, role));
  });

  wss.on('connection', (ws: WebSocket, role: PageRole) => {
    clients.set(ws, role);
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'text frames only');
      void handleFrame(backend, data.toString('utf8'), role).then((frame) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
      });
    });
  });

  await app.listen({ host, port: opts.port ?? 0 });
  const address = app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  const hostInUrl = host === '::1' ? '[::1]' : host;

  return {
    url: `http://${hostInUrl}:${port}/?token=${token}`,
    displayUrl: `http://${hostInUrl}:${port}/?view=${DISPLAY_VIEW}&token=${displayToken}`,
    port,
    token,
    displayToken,
    backend,
    async close() {
      offEvents();
      for (const ws of clients.keys()) ws.terminate();
      wss.close();
      await app.close();
      if (ownsBackend) await backend.close();
    },
  };
}

// CLI: `tsx electron/web-host.ts` — env POS_DATA_DIR, POS_CLOUD_URL, POS_PORT.
const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const dataDir = resolve(process.env.POS_DATA_DIR ?? './.data/pos');
  const host = await startWebHost({
    dataDir,
    updater: feedUpdater({
      appVersion: pkg.version,
      downloadDir: resolve(dataDir, 'updates'),
      onInstall: (i) =>
        console.log(`update ${i.version} downloaded to ${i.path}: a browser-served till cannot install itself`),
    }),
    cloudUrl: process.env.POS_CLOUD_URL ?? 'http://127.0.0.1:8787',
    port: Number(process.env.POS_PORT ?? 0),
  });
  console.log(`POS web-host: open ${host.url}`);
  console.log(`customer display (客显): open ${host.displayUrl} on the screen facing the customer`);
  const stop = () => void host.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
