import type { HandlerGroup } from '../api';
import type { BackendContext } from '../context';

export function syncHandlers(ctx: BackendContext): HandlerGroup {
  return {
    'sync.status': () => ctx.sync.status(),
    // A person asked: ignore the backoff schedule and try every unparked row now.
    'sync.now': () => ctx.sync.push(true),
  };
}
