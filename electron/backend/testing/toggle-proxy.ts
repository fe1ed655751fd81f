// A TCP proxy in front of a cloud that tests can switch off and on, to play "the network dropped".
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ToggleProxy {
  url: string;
  setDown(down: boolean): void;
  /** new connections go to this cloud from now on (an upgraded cloud at another port) */
  setTarget(url: string): void;
  close(): Promise<void>;
}

export async function startToggleProxy(targetUrl: string): Promise<ToggleProxy> {
  let target = new URL(targetUrl);
  let down = false;
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  };
  const server = createServer((client) => {
    track(client);
    if (down) return client.destroy();
    const upstream = connect(Number(target.port), target.hostname);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setTarget(url) {
      target = new URL(url);
      for (const s of sockets) s.destroy();
    },
    setDown(d) {
      down = d;
      if (d) for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
