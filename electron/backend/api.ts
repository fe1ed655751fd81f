// Binds the shared contract to handlers. The handler map's type comes from the contract: each handler
// receives the parsed input type of its method and must return its output type.
import type { z } from 'zod';
import { API, METHOD_NAMES, type Api, type MethodName, type MethodOutput } from '../../shared/api/contract';
import type { App } from './context';

export type Handler<M extends MethodName> = (
  input: z.output<Api[M]['input']>,
) => MethodOutput<M> | z.input<Api[M]['output']> | Promise<MethodOutput<M> | z.input<Api[M]['output']>>;
export type Handlers = { [M in MethodName]: Handler<M> };
export type HandlerGroup = Partial<Handlers>;
/** One domain's handlers, built from the app; createBackend registers each group with this one signature. */
export type HandlerGroupFactory = (app: App) => HandlerGroup;

/**
 * A cross-cutting rule applied to one method at its registration (e.g. the offline rules in
 * sync/offline-rules.ts): `check` runs first, with the parsed input, and may refuse with an AppError;
 * nothing awaits between the check and the handler's start.
 */
export function guarded<I, O>(check: (input: I) => void, handler: (input: I) => O): (input: I) => O {
  return (input) => {
    check(input);
    return handler(input);
  };
}

export class HandlerRegistrationError extends Error {
  override name = 'HandlerRegistrationError';
}

/**
 * Merges per-feature groups into the one map. A method registered twice, a method the contract does not
 * have, or a contract method without a handler is a startup error, never a runtime surprise.
 */
export function combineHandlers(
  app: App,
  factories: readonly HandlerGroupFactory[],
  api: Record<string, unknown> = API,
): Handlers {
  return checkedHandlers(
    factories.map((f) => f(app)),
    api,
  );
}

/** combineHandlers' check on groups already built (the router tests use it on their own contracts). */
export function checkedHandlers(groups: readonly HandlerGroup[], api: Record<string, unknown> = API): Handlers {
  const out: Record<string, unknown> = {};
  for (const g of groups) {
    for (const [name, h] of Object.entries(g)) {
      if (!(name in api)) throw new HandlerRegistrationError(`handler for unknown method ${name}`);
      if (name in out) throw new HandlerRegistrationError(`method ${name} registered twice`);
      out[name] = h;
    }
  }
  const missing = (api === API ? METHOD_NAMES : Object.keys(api)).filter((m) => !(m in out));
  if (missing.length) throw new HandlerRegistrationError(`no handler for ${missing.join(', ')}`);
  return out as Handlers;
}
