// Runtime: Electron preload (sandboxed, contextIsolation on). Exposes ONLY `window.pos = { call, on }`.
// The frames go over a MessagePort straight to the backend utilityProcess; main only hands the port over
// (after checking that this page is ours). Frames are shared/api/wire.ts frames as JSON text.
import { contextBridge, ipcRenderer } from 'electron';
import type { CallFrame, ServerFrame } from '../shared/api/wire';
import type { Result } from '../shared/errors';

/** the port's type as Electron declares it (the preload's tsconfig has no DOM lib) */
type RendererPort = Electron.IpcRendererEvent['ports'][number];

let port: RendererPort | null = null;
let nextId = 1;
const queue: string[] = [];
const pending = new Map<number, (r: Result<unknown>) => void>();
const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on('pos:port', (event) => {
  const p = event.ports[0];
  if (!p) return;
  // A second port means the backend process went away (main answers for it now): calls sent to the old
  // one will never be answered, so they end here with a typed error instead of waiting forever.
  if (port) {
    port.close();
    for (const [id, resolve] of pending) {
      pending.delete(id);
      resolve({ ok: false, error: { code: 'BACKEND_UNAVAILABLE', message: 'The POS backend stopped' } });
    }
  }
  port = p;
  p.onmessage = (msg: { data: unknown }) => {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(String(msg.data)) as ServerFrame;
    } catch {
      return;
    }
    if (frame.type === 'result') {
      const resolve = pending.get(frame.id);
      pending.delete(frame.id);
      resolve?.(frame.result as Result<unknown>);
    } else if (frame.type === 'event') {
      // Payloads are plain JSON: safe to hand across the context bridge.
      for (const l of listeners.get(frame.event) ?? []) l(frame.payload);
    }
  };
  p.start();
  for (const text of queue.splice(0)) p.postMessage(text);
});
ipcRenderer.send('pos:hello');

contextBridge.exposeInMainWorld('pos', {
  call(method: string, input: unknown): Promise<Result<unknown>> {
    const frame: CallFrame = { type: 'call', id: nextId++, method: String(method), input: input ?? {} };
    const text = JSON.stringify(frame);
    return new Promise((resolve) => {
      pending.set(frame.id, resolve);
      if (port) port.postMessage(text);
      else queue.push(text);
    });
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  },
});
