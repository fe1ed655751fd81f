// update.* (shared/api/update-methods.ts): the update policy's status and the cashier's and owner's choices.
import type { HandlerGroup } from '../api';
import type { App } from '../context';

export function updateHandlers(app: App): HandlerGroup {
  return {
    // a look at the status is also a look at the clock: the screen's poll moves the policy on promptly
    'update.status': () => {
      app.updates.tick();
      return app.updates.status();
    },
    'update.install': () => app.updates.accept(),
    'update.postpone': () => app.updates.postpone(),
    // A person asked: ask the cloud what it offers now, then the updater.
    'update.check': async () => {
      if (app.device.record()?.status === 'active' && !app.device.mismatch())
        await app.handshake.refresh().catch((e: unknown) => app.log('update check: the handshake failed', e));
      return app.updates.checkNow();
    },
    'update.settings': (settings) => app.updates.setSettings(settings),
  };
}
