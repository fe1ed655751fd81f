// Runtime: Node (tests). A minimal SMTP server (RFC 5321 subset) on 127.0.0.1 and an OS-chosen port, so
// the real nodemailer provider can be proven end to end without a mail host: EHLO/HELO, MAIL FROM,
// RCPT TO, DATA (dot-terminated, dot-unstuffed), RSET, NOOP, QUIT. No TLS, no AUTH (nodemailer is told
// `ignoreTLS` via the URL). Every accepted message is kept in `messages`.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** the raw message (headers + body) as received, dot-unstuffed, CRLF line ends */
  data: string;
}

export interface SmtpListener {
  port: number;
  url: string;
  messages: ReceivedMail[];
  /** resolves with the next message (or the first already received beyond `after`) */
  next(after?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export async function startSmtpListener(): Promise<SmtpListener> {
  const messages: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  const sockets = new Set<Socket>();

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setEncoding('utf8');
    const reply = (line: string) => socket.write(`${line}\r\n`);
    let buf = '';
    let from: string | null = null;
    let to: string[] = [];
    let inData = false;
    let data: string[] = [];
    reply('220 127.0.0.1 test SMTP ready');

    socket.on('data', (chunk: string) => {
      buf += chunk;
      let i: number;
      while ((i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            messages.push({ from: from ?? '', to, data: data.join('\r\n') });
            for (const w of waiters.splice(0)) w();
            from = null;
            to = [];
            data = [];
            reply('250 2.0.0 queued');
          } else {
            data.push(line.startsWith('..') ? line.slice(1) : line);
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') {
          socket.write('250-127.0.0.1 greets you\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n');
        } else if (verb === 'HELO') reply('250 127.0.0.1');
        else if (verb === 'MAIL') {
          const m = /^MAIL FROM:\s*<([^>]*)>/i.exec(line);
          if (!m) reply('501 5.5.4 syntax: MAIL FROM:<address>');
          else {
            from = m[1]!;
            to = [];
            reply('250 2.1.0 ok');
          }
        } else if (verb === 'RCPT') {
          const m = /^RCPT TO:\s*<([^>]+)>/i.exec(line);
          if (!from) reply('503 5.5.1 MAIL first');
          else if (!m) reply('501 5.5.4 syntax: RCPT TO:<address>');
          else {
            to.push(m[1]!);
            reply('250 2.1.5 ok');
          }
        } else if (verb === 'DATA') {
          if (!from || to.length === 0) reply('503 5.5.1 RCPT first');
          else {
            inData = true;
            reply('354 end data with <CR><LF>.<CR><LF>');
          }
        } else if (verb === 'RSET') {
          from = null;
          to = [];
          reply('250 2.0.0 ok');
        } else if (verb === 'NOOP') reply('250 2.0.0 ok');
        else if (verb === 'QUIT') {
          reply('221 2.0.0 bye');
          socket.end();
        } else reply('502 5.5.2 command not implemented');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    messages,
    next(after = messages.length) {
      return new Promise((resolve) => {
        const check = () => (messages.length > after ? resolve(messages[after]!) : waiters.push(check));
        check();
      });
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
