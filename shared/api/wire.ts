// Frames that carry the API over either transport (Electron MessagePort or the web-host WebSocket).
import { z } from 'zod';
import { zText } from '../text';
import { type zApiError } from '../errors';

export const MAX_FRAME_BYTES = 256 * 1024;

export const zCallFrame = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  method: zText().max(64),
  input: z.unknown(),
});
export type CallFrame = z.infer<typeof zCallFrame>;

export type ResultFrame = {
  type: 'result';
  id: number;
  result: { ok: true; value: unknown } | { ok: false; error: z.infer<typeof zApiError> };
};
export type EventFrame = { type: 'event'; event: string; payload: unknown };
export type ServerFrame = ResultFrame | EventFrame;
