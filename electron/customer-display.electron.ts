// Runtime: Electron main. The customer display's window (客显 / 副屏): opened on the screen
// customer-display.ts chooses, moved or closed as screens come and go. Thin on purpose: every decision is in
// customer-display.ts (tested without the binary); main.ts hardens its webContents like the till's and gives
// its page a port of role 'display'.
import { BrowserWindow, screen, type WebContents } from 'electron';
import { DISPLAY_VIEW } from '../shared/api/display';
import { chooseCustomerDisplay, customerWindowOptions, type CustomerDisplayMode } from './customer-display';

export interface CustomerDisplayWindow {
  /** the display page's webContents while it is open (main.ts tells its pos:hello from the till's) */
  webContents(): WebContents | null;
  close(): void;
}

export function openCustomerDisplay(o: {
  preloadPath: string;
  rendererFile: string;
  devTools: boolean;
  mode: CustomerDisplayMode;
  harden: (wc: WebContents) => void;
}): CustomerDisplayWindow {
  let win: BrowserWindow | null = null;
  let closed = false;
  const place = () => {
    if (closed) return;
    const target = chooseCustomerDisplay(screen.getAllDisplays(), screen.getPrimaryDisplay().id, o.mode);
    if (!target) {
      win?.close();
      return;
    }
    if (win) return win.setBounds(target.bounds);
    const w = new BrowserWindow(customerWindowOptions(o.preloadPath, target, { devTools: o.devTools }));
    win = w;
    o.harden(w.webContents);
    w.once('ready-to-show', () => w.showInactive());
    w.on('closed', () => {
      if (win === w) win = null;
    });
    void w.loadFile(o.rendererFile, { query: { view: DISPLAY_VIEW } });
  };
  screen.on('display-added', place);
  screen.on('display-removed', place);
  screen.on('display-metrics-changed', place);
  place();
  return {
    webContents: () => win?.webContents ?? null,
    close() {
      closed = true;
      screen.off('display-added', place);
      screen.off('display-removed', place);
      screen.off('display-metrics-changed', place);
      win?.close();
    },
  };
}
