// Typed errors that cross every boundary (IPC, WebSocket, HTTP). Codes are stable; messages are for people.
import { z } from 'zod';
import { zMultiline } from './text';

/** Every error code, declared once, with the HTTP status the cloud answers it with. */
export const ERRORS = {
  VALIDATION: 400, // input failed its schema
  UNKNOWN_METHOD: 404, // no such API method
  UNAUTHENTICATED: 401, // no session, or it expired
  FORBIDDEN: 403, // session lacks the permission
  NOT_FOUND: 404,
  CONFLICT: 409, // same idempotency key, different payload
  DEVICE_NOT_REGISTERED: 401,
  DEVICE_PENDING: 403, // registered, awaiting the owner's approval
  DEVICE_REVOKED: 403,
  DEVICE_MISMATCH: 403, // the data folder was made on another machine
  BAD_CREDENTIALS: 401,
  LOCKED_OUT: 423,
  BAD_SIGNATURE: 401,
  REPLAYED: 401, // nonce seen before
  CLOCK_SKEW: 401, // signed timestamp outside the window
  RATE_LIMITED: 429,
  OFFLINE: 503, // the cloud cannot be reached and the act needs it
  CLOUD_ERROR: 502, // the cloud answered with an error we cannot classify
  EMPTY_CART: 400,
  INSUFFICIENT_TENDER: 400, // cash tendered is less than the total
  INSUFFICIENT_FUNDS: 409, // a ledger account with no-overdraft would go below zero (prepaid, member stored value)
  UNSENT_ORDERS: 409, // refused while orders wait in the outbox
  OFFLINE_CAP_REACHED: 409, // the cloud is unreachable and unsent orders would exceed the device's offline sales cap
  PAYLOAD_TOO_LARGE: 413,
  PRINTER_ERROR: 502, // the receipt printer did not take the receipt (the sale itself is safe)
  INTERNAL: 500, // a bug: details are logged, never sent
  SUPER_PASSWORD_REQUIRED: 403, // a sensitive act or a new IP address needs the super password (超级密码)
  SUPER_PASSWORD_INVALID: 403,
  TOTP_REQUIRED: 403, // the account has a dynamic token and this act needs its code
  TOTP_INVALID: 403, // wrong, expired or already used code
  IP_NOT_ALLOWED: 403, // the account is bound to other IP addresses
  LIMIT_EXCEEDED: 403, // over the employee's discount or daily money-movement cap
  SMS_CODE_REQUIRED: 403, // the most sensitive acts (security settings, password recovery) need the code sent to the bound phone
  MEMBER_BALANCE_LOW: 409, // a member's stored value (plus, offline, their offline allowance) does not cover the payment
  MEMBER_CLOSED: 409, // the member's card was closed (销卡): no spends, top-ups or corrections
  MEMBER_HAS_BALANCE: 409, // closing refused: stored value left and the request did not say to refund it in cash
  MEMBER_OVERDRAFT_OPEN: 409, // closing refused: the member still owes an overdraft (collect or write it off first)
  DEPOSIT_EXPIRED: 409, // the deposit was not confirmed in time and expired; a late channel callback credits nothing
  PAYMENT_NOT_CONFIGURED: 409, // the outlet has no merchant account for this payment code's scheme (WeChat / Alipay / UnionPay)
  REFUND_FAILED: 409, // the provider (or the cloud) refused a return's refund to a payment code: nothing was returned
  REFUND_WAITING: 503, // a return's refund to a payment code has no answer yet: the till keeps asking, the return completes by itself
  PAYMENT_NOT_PAID: 409, // an order or top-up names a payment-code payment that is not (or no longer) paid
  BACKEND_UNAVAILABLE: 503, // the POS backend could not start (details: shared/api/startup.ts): every call gets this
  UPDATE_REQUIRED: 426, // this till is below its cloud's minimum version: it syncs nothing until the update installs
} as const satisfies Record<string, number>;

export const ERROR_CODES = Object.keys(ERRORS) as [keyof typeof ERRORS, ...(keyof typeof ERRORS)[]];

export type ErrorCode = (typeof ERROR_CODES)[number];
export const zErrorCode = z.enum(ERROR_CODES);

export const zApiError = z.object({
  code: zErrorCode,
  message: zMultiline(),
  details: z.unknown().optional(),
});
export type ApiError = z.infer<typeof zApiError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** An error we expect and can explain: thrown inside handlers, turned into `{ ok: false, error }` at the edge. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
  toJSON(): ApiError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/**
 * One input problem, serialisable for `details`: where (path), the rule broken (code, and its bound: the
 * length of a text, the size of a number, a list's count; the format) and zod's English message. The
 * screens turn it into words of their own (renderer/i18n/errors.ts) — the rule, not the English.
 */
export interface IssueDetail {
  path: string;
  message: string;
  code?: string;
  /** what was measured: 'string' (characters), 'number', 'array' (items), … */
  origin?: string;
  minimum?: number;
  maximum?: number;
  /** invalid_format: 'regex', 'uuid', 'email', … */
  format?: string;
}

/** Zod issues in a compact, serialisable form for `details`. */
export function zodIssues(error: z.ZodError): IssueDetail[] {
  return error.issues.slice(0, 20).map((i) => {
    const out: IssueDetail = { path: i.path.join('.'), message: i.message, code: i.code };
    if ('origin' in i && typeof i.origin === 'string') out.origin = i.origin;
    if ('minimum' in i && (typeof i.minimum === 'number' || typeof i.minimum === 'bigint'))
      out.minimum = Number(i.minimum);
    if ('maximum' in i && (typeof i.maximum === 'number' || typeof i.maximum === 'bigint'))
      out.maximum = Number(i.maximum);
    if ('format' in i && typeof i.format === 'string') out.format = i.format;
    return out;
  });
}

export function validationError(error: z.ZodError, what = 'input'): AppError {
  const issues = zodIssues(error);
  const first = issues[0];
  return new AppError(
    'VALIDATION',
    `Invalid ${what}${first ? `: ${first.path || '(root)'} ${first.message}` : ''}`,
    issues,
  );
}

/** HTTP status for each code, used by the cloud's single error handler. */
export const HTTP_STATUS: Record<ErrorCode, number> = ERRORS;
