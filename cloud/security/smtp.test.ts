// The real e-mail provider (nodemailer over SMTP, selected by SMTP_URL) delivers a security alert end to
// end: the security context is built from an environment with SMTP_URL, an alert to the owner's verified
// address arrives at a local SMTP listener (cloud/test-support/smtp-listener.ts) with its UTF-8 subject
// intact, and nothing is written to the recording table.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, DEMO } from '../seed/demo';
import { hashPassword } from '../auth/passwords';
import { startSmtpListener, type SmtpListener } from '../test-support/smtp-listener';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db';
import { securityContext } from './index';
import { sendAlert } from './alerts';

describe('SMTP provider (nodemailer) end to end', () => {
  let smtp: SmtpListener;
  let database: TestDatabase;
  beforeAll(async () => {
    smtp = await startSmtpListener();
    database = await createTestDatabase();
  }, 60_000);
  afterAll(async () => {
    await smtp?.close();
    await database?.drop();
  });

  it('SMTP_URL selects nodemailer; an alert reaches the mail server, not the recording table', async () => {
    const db = await database.open();
    const now = Date.now();
    await seedDemo(db, now);
    await db.query('UPDATE employees SET email = $1, email_verified_at = 1, super_password_hash = $2 WHERE id = $3', [
      'boss@example.com',
      await hashPassword('x-super-1'),
      DEMO.master.id,
    ]);
    const sctx = securityContext({ db, now: () => now }, {}, { SMTP_URL: smtp.url, SMTP_FROM: 'alerts@pos.example' });
    const arrived = smtp.next();
    await sendAlert(
      sctx,
      {
        orgId: DEMO.outletId,
        kind: 'money_movement',
        subject: '预付款转出 ¥2000.00',
        body: `员工 小张 转出 ¥2000.00 到账户 ${randomUUID()}`,
      },
      (e) => {
        throw e;
      },
    );
    const mail = await arrived;
    expect(mail.from).toBe('alerts@pos.example');
    expect(mail.to).toEqual(['boss@example.com']);
    const subject = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(mail.data)![1]!;
    // nodemailer encodes the UTF-8 subject (RFC 2047); decode it back
    const decoded = subject
      .replace(/\r\n[ \t]/g, '')
      .replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
        enc.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64').toString('utf8')
          : decodeURIComponent(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, '%$1')),
      )
      .replace(/\s+/g, '');
    expect(decoded).toContain('预付款转出¥2000.00');
    expect(decoded).toContain('安全提醒');
    const { rows } = await db.query('SELECT 1 FROM email_messages');
    expect(rows).toHaveLength(0);
  });
});
