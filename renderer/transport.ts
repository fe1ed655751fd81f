// Runtime: DOM. Picks how the renderer reaches the POS backend, at run time:
//  - Electron: the preload exposes `window.pos` (a MessagePort bridge to the backend utilityProcess);
//  - web (web-host, e2e, browser fallback): a WebSocket to ws(s)://<host>/ws with the per-run token.
// Both move the same frames (shared/api/wire.ts) and are wrapped by the same typed client, so nothing
// above this file knows which one it is on.
import { createClient, type PosClient, type Transport } from '../shared/api/client';
import type { Result } from '../shared/errors';
import type { CallFrame, ServerFrame } from '../shared/api/wire';

/** What preload.ts exposes through contextBridge; nothing else of Electron is visible here. */
export interface PosBridge {
  call(method: string, input: unknown): Promise<Result<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    pos?: PosBridge;
  }
}

const TOKEN_KEY = 'pos.token';

/** Reads `?token=` once, keeps it in sessionStorage (survives reloads of this tab) and removes it from the URL. */
export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

type Pending = { resolve: (r: Result<unknown>) => void };

/**
 * WebSocket transport. Calls made while the socket is (re)connecting wait in a queue; calls in flight when
 * the socket drops resolve to an OFFLINE error (the backend may or may not have run them: every mutating
 * method is idempotent or re-readable, e.g. the cart is fetched again).
 */
export function webSocketTransport(url: string): Transport {
  let ws: WebSocket | null = null;
  let nextId = 1;
  let retryMs = 250;
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  const connect = () => {
    const sock = new WebSocket(url);
    ws = sock;
    sock.onopen = () => {
      retryMs = 250;
      for (const frame of queue.splice(0)) sock.send(frame);
    };
    sock.onmessage = (ev) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(ev.data)) as ServerFrame;
      } catch {
        return;
      }
      if (frame.type === 'result') {
        const p = pending.get(frame.id);
        pending.delete(frame.id);
        p?.resolve(frame.result as Result<unknown>);
      } else if (frame.type === 'event') {
        for (const l of listeners.get(frame.event) ?? []) l(frame.payload);
      }
    };
    sock.onclose = () => {
      ws = null;
      for (const [id, p] of pending) {
        pending.delete(id);
        p.resolve({ ok: false, error: { code: 'OFFLINE', message: 'connection to the POS backend lost' } });
      }
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  };
  connect();

  return {
    call(method, input) {
      const id = nextId++;
      const frame: CallFrame = { type: 'call', id, method, input: input ?? {} };
      const text = JSON.stringify(frame);
      return new Promise((resolve) => {
        pending.set(id, { resolve });
        if (ws && ws.readyState === WebSocket.OPEN) ws.send(text);
        else queue.push(text);
      });
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}

export function createPosClient(): PosClient {
  if (window.pos) return createClient(window.pos);
  const token = takeToken() ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return createClient(webSocketTransport(`${scheme}://${window.location.host}/ws?token=${encodeURIComponent(token)}`));
}
