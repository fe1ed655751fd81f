// Runtime: both (pure). The customer display (客显 / 副屏) is a second page facing the customer: it may read
// the display state and hear it change, and nothing else — no cart edits, no sale, no session, no member or
// cashier details. Both hosts (electron/web-host.ts for the browser, electron/backend-host.ts for Electron's
// second window) give its connection this surface, declared once here.
import type { EventName, MethodName } from './contract';

export type PageRole = 'till' | 'display';

const DISPLAY_METHODS: ReadonlySet<string> = new Set(['display.get'] satisfies MethodName[]);
const DISPLAY_EVENTS: ReadonlySet<string> = new Set(['display.changed'] satisfies EventName[]);

/** May a page of this role call this method? (the till page: whatever the router then allows) */
export const roleMayCall = (role: PageRole, method: string): boolean => role === 'till' || DISPLAY_METHODS.has(method);

/** Does a page of this role receive this event? */
export const roleHears = (role: PageRole, event: string): boolean => role === 'till' || DISPLAY_EVENTS.has(event);

/** The URL query that makes the renderer draw the customer display instead of the till: `?view=display`. */
export const DISPLAY_VIEW = 'display';
