import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { TLSSocket, connect as tlsConnect, type SecureContextOptions } from 'node:tls';
import { FrameReader, type Frame } from './protocol';

/**
 * A socket that speaks in MySQL frames: read one at a time (`next()`, for the handshakes) or hand each to a
 * listener (`onFrame`, for relaying). Closing either way ends it once.
 */
export class PacketSocket {
  private reader = new FrameReader();
  private queued: Frame[] = [];
  private waiting: { resolve: (frame: Frame) => void; reject: (error: Error) => void } | undefined;
  private frameListener: ((frame: Frame) => void) | undefined;
  private closeListeners: ((error?: Error) => void)[] = [];
  private closedWith: Error | undefined;
  closed = false;

  constructor(public socket: Socket) {
    this.attach(socket);
  }

  private attach(socket: Socket): void {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      for (const frame of this.reader.push(chunk)) this.deliver(frame);
    });
    socket.on('error', (error) => this.markClosed(error));
    socket.on('close', () => this.markClosed());
  }

  private deliver(frame: Frame): void {
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve(frame);
    } else if (this.frameListener) {
      this.frameListener(frame);
    } else {
      this.queued.push(frame);
    }
  }

  private markClosed(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.closedWith = error ?? new Error('connection closed');
    this.waiting?.reject(this.closedWith);
    this.waiting = undefined;
    for (const listener of this.closeListeners) listener(error);
  }

  next(timeoutMs?: number): Promise<Frame> {
    const queued = this.queued.shift();
    if (queued) return Promise.resolve(queued);
    if (this.closed) return Promise.reject(this.closedWith);
    return new Promise((resolve, reject) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              this.waiting = undefined;
              reject(new Error(`no answer within ${timeoutMs} ms`));
            }, timeoutMs);
      this.waiting = {
        resolve: (frame) => {
          if (timer) clearTimeout(timer);
          resolve(frame);
        },
        reject: (error) => {
          if (timer) clearTimeout(timer);
          reject(error);
        },
      };
    });
  }

  /** Hands every later frame (and any already queued) to `listener`; undefined queues them again. */
  onFrame(listener: ((frame: Frame) => void) | undefined): void {
    this.frameListener = listener;
    while (listener && this.queued.length > 0 && this.frameListener === listener) listener(this.queued.shift()!);
  }

  onClose(listener: (error?: Error) => void): void {
    this.closeListeners.push(listener);
  }

  write(data: Buffer): void {
    if (!this.closed) this.socket.write(data);
  }

  end(data?: Buffer): void {
    if (this.closed) return;
    if (data) this.socket.end(data);
    else this.socket.end();
    // A peer that never closes its side must not keep the socket (and the process) alive.
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  destroy(): void {
    this.socket.destroy();
    this.markClosed();
  }

  /** Server side: wraps the socket in TLS after an SSLRequest; later frames arrive decrypted. */
  async upgradeToServerTls(context: SecureContextOptions): Promise<void> {
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    plain.removeAllListeners('error');
    // The client may send its TLS ClientHello in the same chunk as the SSLRequest: those bytes are already read, so
    // TLS runs over a stream fed with them first, then with whatever the socket reads next.
    const leftover = this.reader.takeBuffered();
    const carrier = new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, callback) {
        plain.write(chunk, callback);
      },
      final(callback) {
        plain.end();
        callback();
      },
    });
    if (leftover.length > 0) carrier.push(leftover);
    plain.on('data', (chunk: Buffer) => carrier.push(chunk));
    plain.on('end', () => carrier.push(null));
    plain.on('error', (error) => carrier.destroy(error));
    plain.on('close', () => carrier.destroy());
    const secure = new TLSSocket(carrier as unknown as Socket, { isServer: true, ...context });
    this.socket = secure;
    this.reader = new FrameReader();
    this.attach(secure);
    await new Promise<void>((resolve, reject) => {
      secure.once('secure', () => resolve());
      secure.once('error', reject);
    });
  }

  /** Client side: TLS to the target after our SSLRequest, verifying it against `ca`. */
  async upgradeToClientTls(options: { ca: Buffer; servername: string }): Promise<void> {
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    plain.removeAllListeners('error');
    const secure = await new Promise<TLSSocket>((resolve, reject) => {
      const socket = tlsConnect(
        {
          socket: plain,
          ca: options.ca,
          // Node checks `host` against the certificate's names (IP SANs for an address); SNI takes names only.
          host: options.servername,
          servername: /^[\d.]+$/.test(options.servername) ? undefined : options.servername,
        },
        () => resolve(socket),
      );
      socket.once('error', reject);
    });
    this.socket = secure;
    this.reader = new FrameReader();
    this.attach(secure);
  }
}
