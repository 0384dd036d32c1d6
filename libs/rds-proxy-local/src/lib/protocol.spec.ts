import { createHash } from 'node:crypto';
import {
  FrameReader,
  frame,
  nativePasswordToken,
  parseHandshakeResponse,
  Capability,
  lengthEncodedInteger,
} from './protocol';

describe('FrameReader', () => {
  it('cuts frames across chunk boundaries and keeps a partial one for later', () => {
    const reader = new FrameReader();
    const bytes = Buffer.concat([frame(0, Buffer.from('one')), frame(1, Buffer.from('second'))]);

    const first = reader.push(bytes.subarray(0, 9));
    const rest = reader.push(bytes.subarray(9));

    expect(first.map((part) => part.payload.toString())).toEqual(['one']);
    expect(rest.map((part) => [part.sequenceId, part.payload.toString()])).toEqual([[1, 'second']]);
  });
});

describe('nativePasswordToken', () => {
  it('is SHA1(password) XOR SHA1(scramble + SHA1(SHA1(password)))', () => {
    const scramble = Buffer.alloc(20, 7);
    const sha1 = (data: Buffer) => createHash('sha1').update(data).digest();
    const stage1 = sha1(Buffer.from('secret'));
    const mask = sha1(Buffer.concat([scramble, sha1(stage1)]));

    expect(nativePasswordToken('secret', scramble)).toEqual(
      Buffer.from(stage1.map((byte, index) => byte ^ mask[index])),
    );
    expect(nativePasswordToken('', scramble)).toEqual(Buffer.alloc(0));
  });
});

describe('parseHandshakeResponse', () => {
  it('reads user, token, database and plugin', () => {
    const capabilities =
      Capability.PROTOCOL_41 |
      Capability.PLUGIN_AUTH_LENENC_CLIENT_DATA |
      Capability.CONNECT_WITH_DB |
      Capability.PLUGIN_AUTH;
    const fixed = Buffer.alloc(32);
    fixed.writeUInt32LE(capabilities, 0);
    fixed[8] = 224;
    const token = Buffer.alloc(20, 9);
    const payload = Buffer.concat([
      fixed,
      Buffer.from('app\0'),
      lengthEncodedInteger(token.length),
      token,
      Buffer.from('appdb\0'),
      Buffer.from('mysql_native_password\0'),
    ]);

    expect(parseHandshakeResponse(payload)).toEqual({
      capabilities,
      collation: 224,
      user: 'app',
      authToken: token,
      database: 'appdb',
      authPlugin: 'mysql_native_password',
    });
  });
});
