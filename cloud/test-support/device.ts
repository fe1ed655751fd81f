// Runtime: Node (tests). A simulated POS device: an Ed25519 key, registration through the real route, and
// requests signed with the POS's own signer (electron/backend/device/signer.ts).
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { registrationProof, signRequest } from '../../electron/backend/device/signer';
import { PATHS, type RegisterResponse } from '../../shared/sync/protocol';
import { DEMO } from '../seed/demo';

export interface TestDevice {
  id: string;
  publicKey: string;
  privateKey: KeyObject;
  register: RegisterResponse;
}

export function newDeviceKey(): { publicKey: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'), privateKey };
}

export function registerBody(publicKey: string, over: { username?: string; password?: string } = {}) {
  return {
    username: over.username ?? DEMO.master.username,
    password: over.password ?? DEMO.master.password,
    device: { name: '收银台 1', fingerprint: randomBytes(32).toString('hex'), publicKey, platform: 'win32' },
  };
}

/** Where a registration challenge comes from: the app in this process, a cloud's base URL, or a function. */
export type ChallengeSource = FastifyInstance | string | (() => Promise<string>);

export async function challengeFrom(from: ChallengeSource): Promise<string> {
  if (typeof from === 'function') return from();
  if (typeof from === 'string') {
    const res = await fetch(`${from}${PATHS.registerChallenge}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    return ((await res.json()) as { challenge: string }).challenge;
  }
  const res = await from.inject({ method: 'POST', url: PATHS.registerChallenge, payload: {} });
  return (res.json() as { challenge: string }).challenge;
}

/** A registration body with its proof of possession: the key's signature over a fresh challenge from `from`. */
export async function registerPayload(
  from: ChallengeSource,
  key: { publicKey: string; privateKey: KeyObject } = newDeviceKey(),
  over: { username?: string; password?: string } = {},
) {
  const body = registerBody(key.publicKey, over);
  const challenge = await challengeFrom(from);
  return { ...body, proof: registrationProof({ challenge, ...body.device }, key.privateKey) };
}

export async function registerDevice(app: FastifyInstance): Promise<TestDevice> {
  const key = newDeviceKey();
  const res = await app.inject({ method: 'POST', url: PATHS.register, payload: await registerPayload(app, key) });
  if (res.statusCode !== 200) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  const register = res.json() as RegisterResponse;
  return { id: register.deviceId, ...key, register };
}

export interface SignedCall {
  method: 'GET' | 'POST';
  url: string;
  /** a value to JSON-encode, or the exact body text */
  body?: unknown;
  rawBody?: string;
  now?: number;
  nonce?: string;
  /** change headers after signing (tamper tests) */
  mutate?: (h: Record<string, string>) => void;
}

export function signedHeaders(
  device: Pick<TestDevice, 'id' | 'privateKey'>,
  call: SignedCall,
): { headers: Record<string, string>; payload: string | undefined } {
  const payload = call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
  const headers = signRequest({
    deviceId: device.id,
    privateKey: device.privateKey,
    method: call.method,
    pathWithQuery: call.url,
    body: payload ?? '',
    now: call.now ?? Date.now(),
    nonce: call.nonce,
  });
  if (payload !== undefined) headers['content-type'] = 'application/json';
  call.mutate?.(headers);
  return { headers, payload };
}

export async function signedInject(
  app: FastifyInstance,
  device: Pick<TestDevice, 'id' | 'privateKey'>,
  call: SignedCall,
): Promise<LightMyRequestResponse> {
  const { headers, payload } = signedHeaders(device, call);
  return app.inject({ method: call.method, url: call.url, headers, payload });
}
