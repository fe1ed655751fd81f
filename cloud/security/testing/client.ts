// Runtime: Node (tests). A signed POS device acting as an employee against the cloud, over real HTTP
// (fetch to a listening cloud) or Fastify inject (with a chosen client address for IP tests).
import type { FastifyInstance } from 'fastify';
import { PATHS, type LoginResponse, type RegisterResponse } from '../../../shared/sync/protocol';
import { newDeviceKey, registerPayload, signedHeaders, type TestDevice } from '../../test-support/device';

export interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}
export type Send = (
  method: string,
  url: string,
  headers: Record<string, string>,
  payload: string | undefined,
  ip?: string,
) => Promise<Reply>;

export const httpSend =
  (base: string): Send =>
  async (method, url, headers, payload) => {
    const res = await fetch(base + url, { method, headers, body: payload });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

export const injectSend =
  (app: FastifyInstance): Send =>
  async (method, url, headers, payload, ip) => {
    const res = await app.inject({ method: method as 'GET', url, headers, payload, remoteAddress: ip ?? '127.0.0.1' });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
  };

export interface CallOpts {
  superPassword?: string;
  totp?: string;
  ip?: string;
  token?: string | null;
}

export class EmployeeClient {
  token: string | null = null;
  employee: LoginResponse['employee'] | null = null;
  constructor(
    readonly send: Send,
    readonly device: Pick<TestDevice, 'id' | 'privateKey'>,
    readonly now: () => number,
  ) {}

  static async register(
    send: Send,
    now: () => number,
    master = { username: 'owner', password: 'owner888' },
  ): Promise<EmployeeClient> {
    const key = newDeviceKey();
    const challenge = async () =>
      (
        (await send('POST', PATHS.registerChallenge, { 'content-type': 'application/json' }, '{}')).body as {
          challenge: string;
        }
      ).challenge;
    const r = await send(
      'POST',
      PATHS.register,
      { 'content-type': 'application/json' },
      JSON.stringify(await registerPayload(challenge, key, master)),
    );
    if (r.status !== 200) throw new Error(`register: ${r.status} ${JSON.stringify(r.body)}`);
    return new EmployeeClient(send, { id: (r.body as RegisterResponse).deviceId, privateKey: key.privateKey }, now);
  }

  /** another employee on the same device */
  fork(): EmployeeClient {
    return new EmployeeClient(this.send, this.device, this.now);
  }

  async call(method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown, o: CallOpts = {}): Promise<Reply> {
    const { headers, payload } = signedHeaders(this.device, { method: method as 'GET', url, body, now: this.now() });
    const token = o.token === undefined ? this.token : o.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (o.superPassword !== undefined) headers['x-super-password'] = encodeURIComponent(o.superPassword);
    if (o.totp !== undefined) headers['x-totp-code'] = o.totp;
    return this.send(method, url, headers, payload, o.ip);
  }

  async login(username: string, password: string, ip?: string): Promise<Reply> {
    const r = await this.call('POST', PATHS.login, { username, password }, { token: null, ip });
    if (r.status === 200) {
      this.token = r.body.token;
      this.employee = r.body.employee;
    }
    return r;
  }
}
