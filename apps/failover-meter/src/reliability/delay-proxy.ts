import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A TCP proxy in front of the database whose answers can be held back, to play a slow or overloaded DB. */
export interface DelayProxy {
  readonly port: number;
  /** Every byte from the server reaches the client this much later (0: pass through). Order is kept. */
  setDelay(milliseconds: number): void;
  close(): Promise<void>;
}

export async function startDelayProxy(target: { host: string; port: number }): Promise<DelayProxy> {
  let delayMs = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => (socket === client ? upstream : client).destroy());
    }
    client.on('data', (chunk) => upstream.write(chunk));
    client.on('end', () => upstream.end());
    let lastReleaseAt = 0;
    upstream.on('data', (chunk) => {
      // Never earlier than the previous chunk: a shorter delay set later must not reorder the stream.
      const releaseAt = Math.max(Date.now() + delayMs, lastReleaseAt);
      lastReleaseAt = releaseAt;
      setTimeout(() => client.destroyed || client.write(chunk), releaseAt - Date.now());
    });
    upstream.on('end', () => setTimeout(() => client.end(), Math.max(0, lastReleaseAt - Date.now())));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    setDelay(milliseconds) {
      delayMs = milliseconds;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
