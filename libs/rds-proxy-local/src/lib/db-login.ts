/**
 * Opens one authenticated DB connection to the target, the client side of the MySQL handshake. Written here rather
 * than borrowed from mysql2's client, because after the login the stand-in relays raw packets on the socket and must
 * choose the session's capabilities itself (mysql2 would, for example, ask a MariaDB server for extended column
 * metadata that the stand-in's clients never asked for).
 */
import { connect } from 'node:net';
import {
  cachingSha2Token,
  Capability,
  errorOf,
  frame,
  isErrorPacket,
  lengthEncodedInteger,
  nativePasswordToken,
  parseServerGreeting,
  readNullTerminated,
} from './protocol';
import { PacketSocket } from './packet-socket';

export interface DbLoginOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string | undefined;
  readonly collation: number;
  /** SESSION_SHAPING_CAPABILITIES the client asked for; the DB session gets the same. */
  readonly sessionCapabilities: number;
  /** Verify the target's certificate against this CA and speak TLS to it. */
  readonly targetCa?: Buffer;
  readonly timeoutMs: number;
}

export interface DbLogin {
  readonly link: PacketSocket;
  readonly serverVersion: string;
}

/** The DB refused the login (wrong credentials), as opposed to being unreachable. */
export class DbLoginRefused extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const BASE_CAPABILITIES =
  Capability.LONG_PASSWORD |
  Capability.LONG_FLAG |
  Capability.PROTOCOL_41 |
  Capability.TRANSACTIONS |
  Capability.SECURE_CONNECTION |
  Capability.PLUGIN_AUTH |
  Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA;

function tokenFor(plugin: string, password: string, scramble: Buffer): Buffer {
  if (plugin === 'mysql_native_password') return nativePasswordToken(password, scramble);
  if (plugin === 'caching_sha2_password') return cachingSha2Token(password, scramble);
  throw new Error(`the target asks for the ${plugin} authentication plugin, which rds-proxy-local does not speak`);
}

export async function openDbLogin(options: DbLoginOptions): Promise<DbLogin> {
  const socket = connect({ host: options.host, port: options.port });
  const link = new PacketSocket(socket);
  const timer = setTimeout(() => link.destroy(), options.timeoutMs);
  try {
    const greetingFrame = await link.next();
    if (isErrorPacket(greetingFrame.payload)) {
      const { code, message } = errorOf(greetingFrame.payload);
      throw new Error(`the target refused the connection: ${code} ${message}`);
    }
    const greeting = parseServerGreeting(greetingFrame.payload);
    let capabilities = (BASE_CAPABILITIES | options.sessionCapabilities) & greeting.capabilities;
    if (options.database) capabilities |= Capability.CONNECT_WITH_DB & greeting.capabilities;
    let sequenceId = 1;
    const fixed = Buffer.alloc(32);
    fixed.writeUInt32LE(capabilities | (options.targetCa ? Capability.SSL : 0), 0);
    fixed.writeUInt32LE(0x1000000, 4); // max packet size: 16 MB
    fixed[8] = options.collation;
    if (options.targetCa) {
      if (!(greeting.capabilities & Capability.SSL)) throw new Error('the target does not offer TLS');
      link.write(frame(sequenceId++, fixed));
      await link.upgradeToClientTls({ ca: options.targetCa, servername: options.host });
      capabilities |= Capability.SSL;
    }
    let plugin = greeting.authPlugin;
    let scramble = greeting.scramble;
    const token = tokenFor(plugin, options.password, scramble);
    const response = Buffer.concat([
      fixed,
      Buffer.from(`${options.user}\0`, 'utf8'),
      lengthEncodedInteger(token.length),
      token,
      capabilities & Capability.CONNECT_WITH_DB ? Buffer.from(`${options.database}\0`, 'utf8') : Buffer.alloc(0),
      Buffer.from(`${plugin}\0`, 'ascii'),
    ]);
    link.write(frame(sequenceId++, response));
    for (;;) {
      const answer = await link.next();
      const payload = answer.payload;
      sequenceId = answer.sequenceId + 1;
      if (payload[0] === 0x00) break;
      if (isErrorPacket(payload)) {
        const { code, message } = errorOf(payload);
        throw new DbLoginRefused(code, message);
      }
      if (payload[0] === 0xfe) {
        // AuthSwitchRequest: another plugin, a fresh scramble.
        let offset: number;
        [plugin, offset] = readNullTerminated(payload, 1);
        scramble = payload.subarray(offset, payload[payload.length - 1] === 0 ? payload.length - 1 : payload.length);
        link.write(frame(sequenceId, tokenFor(plugin, options.password, scramble)));
        continue;
      }
      if (payload[0] === 0x01 && plugin === 'caching_sha2_password') {
        if (payload[1] === 0x03) continue; // fast authentication succeeded; the OK follows
        if (payload[1] === 0x04 && options.targetCa) {
          // Full authentication: over TLS the password itself is sent.
          link.write(frame(sequenceId, Buffer.from(`${options.password}\0`, 'utf8')));
          continue;
        }
        throw new Error('caching_sha2_password full authentication needs TLS to the target (--target-ca)');
      }
      throw new Error(`unexpected packet 0x${payload[0].toString(16)} during the login to the target`);
    }
    return { link, serverVersion: greeting.serverVersion };
  } catch (error) {
    link.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
