// Runtime: Node. Game-card codes (卡密) at rest: AES-256-GCM, "iv.tag.ciphertext" in base64. The key comes
// from CARD_CODE_KEY (64 hex chars) in production; without it a per-process random key is used, which
// keeps codes unreadable in the database but makes them undeliverable after a restart (dev/test only).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export function cardKeyFromEnv(env: NodeJS.ProcessEnv = process.env): Buffer {
  const hex = env.CARD_CODE_KEY;
  if (hex && /^[0-9a-fA-F]{64}$/.test(hex)) return Buffer.from(hex, 'hex');
  return randomBytes(32);
}

export function encryptCardCode(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return [iv, c.getAuthTag(), data].map((b) => b.toString('base64')).join('.');
}

export function decryptCardCode(key: Buffer, sealed: string): string {
  const [iv, tag, data] = sealed.split('.').map((s) => Buffer.from(s, 'base64'));
  if (!iv || !tag || !data) throw new Error('malformed sealed card code');
  const d = createDecipheriv('aes-256-gcm', key, iv);
  d.setAuthTag(tag);
  return Buffer.concat([d.update(data), d.final()]).toString('utf8');
}
