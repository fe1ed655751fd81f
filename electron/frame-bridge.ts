// Runtime: Node (no 'electron' import). Turns one incoming frame into a backend call and a result frame.
// Shared by both hosts — web-host (WebSocket) and backend-host (Electron MessagePort) — so validation,
// size limits and error shapes are the same whichever transport carries the frame.
import { MAX_FRAME_BYTES, zCallFrame, type ResultFrame } from '../shared/api/wire';
import { roleMayCall, type PageRole } from '../shared/api/display';
import { zodIssues } from '../shared/errors';
import type { Backend } from './backend/types';

/** The id to answer with when a frame is too broken to parse: no real call uses it. */
export const NO_ID = -1;

function reject(id: number, code: 'VALIDATION' | 'PAYLOAD_TOO_LARGE', message: string, details?: unknown): ResultFrame {
  return {
    type: 'result',
    id,
    result: { ok: false, error: details === undefined ? { code, message } : { code, message, details } },
  };
}

function idOf(raw: unknown): number {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : NO_ID;
}

/**
 * Parses a text frame (WebSocket) or takes a structured-clone frame (MessagePort), validates it with
 * zCallFrame and forwards it to the backend. Never throws: every failure becomes a result frame. A page of
 * role 'display' (the customer display) reaches only its own surface (shared/api/display.ts): anything else is
 * FORBIDDEN before the backend sees it.
 */
export async function handleFrame(
  backend: Backend,
  data: string | unknown,
  role: PageRole = 'till',
): Promise<ResultFrame> {
  let raw: unknown = data;
  if (typeof data === 'string') {
    if (Buffer.byteLength(data, 'utf8') > MAX_FRAME_BYTES)
      return reject(NO_ID, 'PAYLOAD_TOO_LARGE', `frame exceeds ${MAX_FRAME_BYTES} bytes`);
    try {
      raw = JSON.parse(data);
    } catch {
      return reject(NO_ID, 'VALIDATION', 'frame is not JSON');
    }
  }
  const parsed = zCallFrame.safeParse(raw);
  if (!parsed.success) return reject(idOf(raw), 'VALIDATION', 'malformed call frame', zodIssues(parsed.error));
  const { id, method, input } = parsed.data;
  if (!roleMayCall(role, method))
    return {
      type: 'result',
      id,
      result: { ok: false, error: { code: 'FORBIDDEN', message: `the customer display cannot call ${method}` } },
    };
  try {
    return { type: 'result', id, result: await backend.call(method, input ?? {}) };
  } catch (e) {
    // Backend.call promises never to throw; if it does, that is a bug: log it, send nothing revealing.
    console.error('backend.call threw', method, e);
    return { type: 'result', id, result: { ok: false, error: { code: 'INTERNAL', message: 'internal error' } } };
  }
}
