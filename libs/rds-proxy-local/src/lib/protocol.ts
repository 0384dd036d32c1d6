/**
 * The few pieces of the MySQL client/server protocol the stand-in needs to relay traffic without re-encoding it:
 * packet framing, the handshake packets, OK/ERR/EOF and the status flags that say whether a session is in a
 * transaction. Reference: https://dev.mysql.com/doc/dev/mysql-server/latest/PAGE_PROTOCOL.html
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Capability flags (https://dev.mysql.com/doc/dev/mysql-server/latest/group__group__cs__capabilities__flags.html). */
export const Capability = {
  LONG_PASSWORD: 0x1,
  FOUND_ROWS: 0x2,
  LONG_FLAG: 0x4,
  CONNECT_WITH_DB: 0x8,
  ODBC: 0x40,
  LOCAL_FILES: 0x80,
  IGNORE_SPACE: 0x100,
  PROTOCOL_41: 0x200,
  INTERACTIVE: 0x400,
  SSL: 0x800,
  IGNORE_SIGPIPE: 0x1000,
  TRANSACTIONS: 0x2000,
  SECURE_CONNECTION: 0x8000,
  MULTI_STATEMENTS: 0x10000,
  MULTI_RESULTS: 0x20000,
  PS_MULTI_RESULTS: 0x40000,
  PLUGIN_AUTH: 0x80000,
  CONNECT_ATTRS: 0x100000,
  PLUGIN_AUTH_LENENC_CLIENT_DATA: 0x200000,
} as const;

/**
 * What the stand-in offers clients. Left out on purpose, because the stand-in relays packets verbatim between a
 * client and a shared DB connection and these change packet formats per connection: COMPRESS, LOCAL_FILES,
 * SESSION_TRACK, DEPRECATE_EOF, QUERY_ATTRIBUTES. Clients (mysql2 included) fall back to the classic formats.
 */
export const OFFERED_CAPABILITIES =
  Capability.LONG_PASSWORD |
  Capability.FOUND_ROWS |
  Capability.LONG_FLAG |
  Capability.CONNECT_WITH_DB |
  Capability.ODBC |
  Capability.IGNORE_SPACE |
  Capability.PROTOCOL_41 |
  Capability.INTERACTIVE |
  Capability.IGNORE_SIGPIPE |
  Capability.TRANSACTIONS |
  Capability.SECURE_CONNECTION |
  Capability.MULTI_STATEMENTS |
  Capability.MULTI_RESULTS |
  Capability.PS_MULTI_RESULTS |
  Capability.PLUGIN_AUTH |
  Capability.CONNECT_ATTRS |
  Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA;

/**
 * The client capabilities that change how the server answers on that connection. A DB connection is only lent to
 * clients that asked for the same ones, so relayed packets always mean what the client expects.
 */
export const SESSION_SHAPING_CAPABILITIES =
  Capability.FOUND_ROWS |
  Capability.IGNORE_SPACE |
  Capability.MULTI_STATEMENTS |
  Capability.MULTI_RESULTS |
  Capability.PS_MULTI_RESULTS;

export const ServerStatus = {
  IN_TRANS: 0x1,
  AUTOCOMMIT: 0x2,
  MORE_RESULTS_EXISTS: 0x8,
} as const;

export const Command = {
  QUIT: 0x01,
  INIT_DB: 0x02,
  QUERY: 0x03,
  FIELD_LIST: 0x04,
  STATISTICS: 0x09,
  PING: 0x0e,
  CHANGE_USER: 0x11,
  STMT_PREPARE: 0x16,
  STMT_EXECUTE: 0x17,
  STMT_SEND_LONG_DATA: 0x18,
  STMT_CLOSE: 0x19,
  STMT_RESET: 0x1a,
  SET_OPTION: 0x1b,
  RESET_CONNECTION: 0x1f,
} as const;

/** A payload of this length continues in the next frame. */
export const MAX_FRAME_PAYLOAD = 0xffffff;

export interface Frame {
  readonly sequenceId: number;
  readonly payload: Buffer;
  /** The frame as it came off the wire, header included, to relay without copying. */
  readonly raw: Buffer;
}

/** Cuts a byte stream into frames (4-byte header: 3-byte length, 1-byte sequence id). */
export class FrameReader {
  private buffered: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const frames: Frame[] = [];
    while (this.buffered.length >= 4) {
      const length = this.buffered.readUIntLE(0, 3);
      if (this.buffered.length < 4 + length) break;
      const raw = this.buffered.subarray(0, 4 + length);
      frames.push({ sequenceId: raw[3], payload: raw.subarray(4), raw });
      this.buffered = this.buffered.subarray(4 + length);
    }
    return frames;
  }

  /** Bytes received after the last whole frame (e.g. a TLS ClientHello right behind an SSLRequest). */
  takeBuffered(): Buffer {
    const rest = this.buffered;
    this.buffered = Buffer.alloc(0);
    return rest;
  }
}

export function frame(sequenceId: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUIntLE(payload.length, 0, 3);
  header[3] = sequenceId & 0xff;
  return Buffer.concat([header, payload]);
}

export function lengthEncodedInteger(value: number): Buffer {
  if (value < 251) return Buffer.from([value]);
  if (value < 0x10000) return Buffer.from([0xfc, value & 0xff, value >> 8]);
  const buffer = Buffer.alloc(4);
  buffer[0] = 0xfd;
  buffer.writeUIntLE(value, 1, 3);
  return buffer;
}

/** Reads a length-encoded integer; returns the value and the offset after it. */
export function readLengthEncodedInteger(buffer: Buffer, offset: number): [number, number] {
  const first = buffer[offset];
  if (first < 0xfb) return [first, offset + 1];
  if (first === 0xfc) return [buffer.readUInt16LE(offset + 1), offset + 3];
  if (first === 0xfd) return [buffer.readUIntLE(offset + 1, 3), offset + 4];
  // 0xfe: 8 bytes; larger than any number the stand-in looks at is fine as a double.
  return [Number(buffer.readBigUInt64LE(offset + 1)), offset + 9];
}

export function okPacket(status = ServerStatus.AUTOCOMMIT): Buffer {
  return Buffer.from([0x00, 0x00, 0x00, status & 0xff, status >> 8, 0x00, 0x00]);
}

export function errorPacket(code: number, sqlState: string, message: string): Buffer {
  const header = Buffer.alloc(3);
  header[0] = 0xff;
  header.writeUInt16LE(code, 1);
  return Buffer.concat([header, Buffer.from(`#${sqlState}`, 'ascii'), Buffer.from(message, 'utf8')]);
}

export function isErrorPacket(payload: Buffer): boolean {
  return payload[0] === 0xff;
}

export function isOkPacket(payload: Buffer): boolean {
  return payload[0] === 0x00 && payload.length >= 7;
}

/** An EOF packet: 0xFE and shorter than 9 bytes (a row can also start with 0xFE, but is then longer). */
export function isEofPacket(payload: Buffer): boolean {
  return payload[0] === 0xfe && payload.length < 9;
}

/** The status flags of an OK packet (PROTOCOL_41). */
export function okStatus(payload: Buffer): number {
  let [, offset] = readLengthEncodedInteger(payload, 1); // affected rows
  [, offset] = readLengthEncodedInteger(payload, offset); // last insert id
  return payload.readUInt16LE(offset);
}

/** The status flags of an EOF packet (PROTOCOL_41: 0xFE, warnings, status). */
export function eofStatus(payload: Buffer): number {
  return payload.length >= 5 ? payload.readUInt16LE(3) : 0;
}

export function errorOf(payload: Buffer): { code: number; message: string } {
  const code = payload.readUInt16LE(1);
  const messageStart = payload[3] === 0x23 ? 9 : 3; // '#' + 5-character SQL state
  return { code, message: payload.subarray(messageStart).toString('utf8') };
}

function sha1(...parts: Buffer[]): Buffer {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

function sha256(...parts: Buffer[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

function xor(a: Buffer, b: Buffer): Buffer {
  const result = Buffer.alloc(a.length);
  for (let index = 0; index < a.length; index++) result[index] = a[index] ^ b[index % b.length];
  return result;
}

/** mysql_native_password: SHA1(password) XOR SHA1(scramble + SHA1(SHA1(password))); empty for an empty password. */
export function nativePasswordToken(password: string, scramble: Buffer): Buffer {
  if (password === '') return Buffer.alloc(0);
  const stage1 = sha1(Buffer.from(password, 'utf8'));
  return xor(stage1, sha1(scramble, sha1(stage1)));
}

/** caching_sha2_password's fast path: SHA256(password) XOR SHA256(SHA256(SHA256(password)) + scramble). */
export function cachingSha2Token(password: string, scramble: Buffer): Buffer {
  if (password === '') return Buffer.alloc(0);
  const stage1 = sha256(Buffer.from(password, 'utf8'));
  return xor(stage1, sha256(sha256(stage1), scramble));
}

export function tokensEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && (a.length === 0 || timingSafeEqual(a, b));
}

/** Reads a NUL-terminated string; returns it and the offset after the NUL. */
export function readNullTerminated(buffer: Buffer, offset: number): [string, number] {
  let end = buffer.indexOf(0, offset);
  if (end < 0) end = buffer.length;
  return [buffer.subarray(offset, end).toString('utf8'), end + 1];
}

export interface HandshakeResponse {
  readonly capabilities: number;
  readonly collation: number;
  readonly user: string;
  readonly authToken: Buffer;
  readonly database: string | undefined;
  readonly authPlugin: string | undefined;
}

/** The SSLRequest packet: the first 32 bytes of a HandshakeResponse41, with the SSL flag. */
export function isSslRequest(payload: Buffer): boolean {
  return payload.length === 32 && (payload.readUInt32LE(0) & Capability.SSL) !== 0;
}

export function parseHandshakeResponse(payload: Buffer): HandshakeResponse {
  const capabilities = payload.readUInt32LE(0);
  const collation = payload[8];
  const [user, afterUser] = readNullTerminated(payload, 32);
  let offset = afterUser;
  let authToken: Buffer;
  if (capabilities & Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA) {
    let length: number;
    [length, offset] = readLengthEncodedInteger(payload, offset);
    authToken = payload.subarray(offset, offset + length);
    offset += length;
  } else if (capabilities & Capability.SECURE_CONNECTION) {
    const length = payload[offset];
    authToken = payload.subarray(offset + 1, offset + 1 + length);
    offset += 1 + length;
  } else {
    let token: string;
    [token, offset] = readNullTerminated(payload, offset);
    authToken = Buffer.from(token, 'binary');
  }
  let database: string | undefined;
  if (capabilities & Capability.CONNECT_WITH_DB && offset < payload.length) {
    [database, offset] = readNullTerminated(payload, offset);
  }
  let authPlugin: string | undefined;
  if (capabilities & Capability.PLUGIN_AUTH && offset < payload.length) {
    [authPlugin, offset] = readNullTerminated(payload, offset);
  }
  return { capabilities, collation, user, authToken, database: database || undefined, authPlugin };
}

export interface ServerGreeting {
  readonly serverVersion: string;
  readonly capabilities: number;
  readonly scramble: Buffer;
  readonly authPlugin: string;
}

export function parseServerGreeting(payload: Buffer): ServerGreeting {
  if (payload[0] !== 10) throw new Error(`unsupported protocol version ${payload[0]}`);
  const [serverVersion, afterVersion] = readNullTerminated(payload, 1);
  let offset = afterVersion;
  offset += 4; // connection id
  const scramble1 = payload.subarray(offset, offset + 8);
  offset += 9; // + filler
  const capabilitiesLow = payload.readUInt16LE(offset);
  offset += 2 + 1 + 2; // + collation + status
  const capabilitiesHigh = payload.readUInt16LE(offset);
  offset += 2;
  const authDataLength = payload[offset];
  offset += 1 + 10; // + reserved (MariaDB puts extended capabilities in the last 4, which the stand-in never asks for)
  const part2Length = Math.max(13, authDataLength - 8);
  // The scramble is 20 bytes; the 13th byte of part 2 is its NUL terminator.
  const scramble2 = payload.subarray(offset, offset + part2Length - 1);
  offset += part2Length;
  const [authPlugin] = offset < payload.length ? readNullTerminated(payload, offset) : ['mysql_native_password'];
  return {
    serverVersion,
    capabilities: capabilitiesLow | (capabilitiesHigh << 16),
    scramble: Buffer.concat([scramble1, scramble2]),
    authPlugin,
  };
}

/** Initial handshake packet (protocol 10) that the stand-in sends its clients. */
export function serverGreeting(options: {
  serverVersion: string;
  connectionId: number;
  scramble: Buffer;
  capabilities: number;
}): Buffer {
  const { serverVersion, connectionId, scramble, capabilities } = options;
  const fixed = Buffer.alloc(4 + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10);
  let offset = 0;
  fixed.writeUInt32LE(connectionId, offset);
  offset += 4;
  scramble.copy(fixed, offset, 0, 8);
  offset += 8 + 1;
  fixed.writeUInt16LE(capabilities & 0xffff, offset);
  offset += 2;
  fixed[offset] = 45; // utf8mb4_general_ci
  offset += 1;
  fixed.writeUInt16LE(ServerStatus.AUTOCOMMIT, offset);
  offset += 2;
  fixed.writeUInt16LE(capabilities >>> 16, offset);
  offset += 2;
  fixed[offset] = scramble.length + 1;
  return Buffer.concat([
    Buffer.from([10]),
    Buffer.from(`${serverVersion}\0`, 'utf8'),
    fixed,
    scramble.subarray(8),
    Buffer.from([0]),
    Buffer.from('mysql_native_password\0', 'ascii'),
  ]);
}
