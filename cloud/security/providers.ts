// Runtime: Node. The two outside channels of the security system, behind the interfaces a real gateway
// uses: e-mail (recording provider by default; SMTP through nodemailer when SMTP_URL is set) and SMS
// (recording provider; a real gateway implements SmsProvider). Recording providers write to tables so
// tests and the owner's screen can read exactly what was "sent".
import nodemailer from 'nodemailer';
import type { Queryable } from '../db/types';

export interface EmailMessage {
  orgId: string | null;
  to: string;
  subject: string;
  body: string;
  /** alert kind or 'verification' */
  kind: string;
}
export interface EmailProvider {
  send(msg: EmailMessage, now: number): Promise<void>;
}
export interface SmsProvider {
  send(phone: string, body: string, now: number): Promise<void>;
}

export function recordingEmailProvider(db: Queryable): EmailProvider {
  return {
    async send(m, now) {
      await db.query(
        'INSERT INTO email_messages (org_id, to_address, subject, body, kind, created_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [m.orgId, m.to, m.subject, m.body, m.kind, now],
      );
    },
  };
}

export function recordingSmsProvider(db: Queryable): SmsProvider {
  return {
    async send(phone, body, now) {
      await db.query('INSERT INTO sms_messages (phone, body, created_at) VALUES ($1, $2, $3)', [phone, body, now]);
    },
  };
}

/** Real SMTP delivery. smtpUrl like smtp://user:pass@host:587 (nodemailer URL syntax); from = sender. */
export function smtpEmailProvider(smtpUrl: string, from = 'security@qianmi-pos.local'): EmailProvider {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.body });
    },
  };
}

/** SMTP when SMTP_URL is configured, otherwise the recording provider. */
export function emailProviderFromEnv(db: Queryable, env: NodeJS.ProcessEnv = process.env): EmailProvider {
  return env.SMTP_URL ? smtpEmailProvider(env.SMTP_URL, env.SMTP_FROM) : recordingEmailProvider(db);
}
