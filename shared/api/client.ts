// The typed client the renderer (and tests) use. A transport only moves frames; this turns calls into
// frames and results back into values or thrown AppErrors.
import { AppError, type ApiError, type Result } from '../errors';
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from './contract';

export interface Transport {
  call(method: string, input: unknown): Promise<Result<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

export interface PosClient {
  /** Resolves with the value or rejects with an AppError carrying the typed code. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** Like call, but returns the Result without throwing. */
  try<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createClient(transport: Transport): PosClient {
  const tryCall = async <M extends MethodName>(method: M, input: MethodInput<M>) =>
    (await transport.call(method, input)) as Result<MethodOutput<M>>;
  return {
    try: tryCall,
    async call(method, input) {
      const r = await tryCall(method, input);
      if (r.ok) return r.value;
      throw toAppError(r.error);
    },
    on(event, listener) {
      return transport.on(event, listener as (p: unknown) => void);
    },
  };
}

function toAppError(e: ApiError): AppError {
  return new AppError(e.code, e.message, e.details);
}
