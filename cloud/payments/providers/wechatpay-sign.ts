// Runtime: Node. WeChat Pay API v3 signatures (WECHATPAY2-SHA256-RSA2048), both directions, with node:crypto:
//  - a request is signed by the merchant's private key over
//      "METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n"
//    and carried as  Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"
//  - an answer is signed by the platform's private key over "TIMESTAMP\nNONCE\nBODY\n", carried in
//    Wechatpay-Timestamp / Wechatpay-Nonce / Wechatpay-Signature / Wechatpay-Serial; the merchant verifies it
//    with the platform public key whose id (PUB_KEY_ID_…) equals Wechatpay-Serial, and refuses an answer
//    older than 5 minutes (a replayed answer).
// The adapter (wechatpay.ts) and the demo provider (../demo/wechatpay.ts) use the same functions, so a test
// that passes proves both sides agree byte for byte.
import { createSign, createVerify, randomBytes } from 'node:crypto';

export const WECHATPAY_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';
export const ANSWER_WINDOW_S = 300;

export const requestMessage = (method: string, pathWithQuery: string, timestamp: string, nonce: string, body: string) =>
  `${method.toUpperCase()}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${body}\n`;
export const answerMessage = (timestamp: string, nonce: string, body: string) => `${timestamp}\n${nonce}\n${body}\n`;

export const rsaSign = (privateKeyPem: string, message: string): string =>
  createSign('RSA-SHA256').update(message, 'utf8').sign(privateKeyPem, 'base64');
export const rsaVerify = (publicKeyPem: string, message: string, signature: string): boolean => {
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKeyPem, signature, 'base64');
  } catch {
    return false;
  }
};
export const nonce = (): string => randomBytes(16).toString('hex').toUpperCase();

export interface MerchantSigner {
  mchid: string;
  serialNo: string;
  privateKeyPem: string;
}

export function authorization(
  m: MerchantSigner,
  method: string,
  pathWithQuery: string,
  body: string,
  nowMs: number,
): string {
  const timestamp = String(Math.floor(nowMs / 1000));
  const n = nonce();
  const signature = rsaSign(m.privateKeyPem, requestMessage(method, pathWithQuery, timestamp, n, body));
  return `${WECHATPAY_SCHEMA} mchid="${m.mchid}",nonce_str="${n}",signature="${signature}",timestamp="${timestamp}",serial_no="${m.serialNo}"`;
}

/** The fields of an Authorization header, or null when it is not a WECHATPAY2-SHA256-RSA2048 one. */
export function parseAuthorization(header: string | undefined): Record<string, string> | null {
  if (!header?.startsWith(`${WECHATPAY_SCHEMA} `)) return null;
  const out: Record<string, string> = {};
  for (const m of header.slice(WECHATPAY_SCHEMA.length + 1).matchAll(/(\w+)="([^"]*)"/g)) out[m[1]!] = m[2]!;
  for (const k of ['mchid', 'nonce_str', 'signature', 'timestamp', 'serial_no']) if (!out[k]) return null;
  return out;
}

export interface AnswerHeaders {
  'wechatpay-timestamp': string;
  'wechatpay-nonce': string;
  'wechatpay-signature': string;
  'wechatpay-serial': string;
  'wechatpay-signature-type': string;
}

export function signAnswer(
  platformKeyId: string,
  platformPrivateKeyPem: string,
  body: string,
  nowMs: number,
): AnswerHeaders {
  const timestamp = String(Math.floor(nowMs / 1000));
  const n = nonce();
  return {
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': n,
    'wechatpay-signature': rsaSign(platformPrivateKeyPem, answerMessage(timestamp, n, body)),
    'wechatpay-serial': platformKeyId,
    'wechatpay-signature-type': WECHATPAY_SCHEMA,
  };
}

/** Why an answer must not be trusted, or null when its signature holds. */
export function answerProblem(
  headers: Record<string, string | undefined>,
  body: string,
  platformKeyId: string,
  platformPublicKeyPem: string,
  nowMs: number,
): string | null {
  const ts = headers['wechatpay-timestamp'];
  const n = headers['wechatpay-nonce'];
  const sig = headers['wechatpay-signature'];
  const serial = headers['wechatpay-serial'];
  if (!ts || !n || !sig || !serial) return 'answer not signed';
  if (serial !== platformKeyId) return `answer signed with unknown key ${serial}`;
  if (Math.abs(nowMs / 1000 - Number(ts)) > ANSWER_WINDOW_S) return 'answer timestamp outside 5 minutes';
  if (!rsaVerify(platformPublicKeyPem, answerMessage(ts, n, body), sig)) return 'answer signature invalid';
  return null;
}
