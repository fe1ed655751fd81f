// Logging in and out at the till (online through the cloud, or offline from a remembered login).
// Handlers: electron/backend/auth/handlers.ts.
import { z } from 'zod';
import { zEmployee, zPassword, zUsername } from '../sync/protocol';
import { empty, method, type MethodSpec } from './method';

export const zSession = z.object({ employee: zEmployee, expiresAt: z.number().int(), offline: z.boolean() });
export type Session = z.infer<typeof zSession>;

export const AUTH_METHODS = {
  'auth.login': method({
    input: z.object({ username: zUsername, password: zPassword }).strict(),
    output: zSession,
    auth: 'device',
  }),
  'auth.logout': method({ input: empty, output: z.object({}), auth: 'session' }),
} as const satisfies Record<string, MethodSpec>;
