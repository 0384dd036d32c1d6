import mysql from 'mysql2/promise';
import { Signer } from '@aws-sdk/rds-signer';
import { createAppUser, startMariaDb, type MariaDbServer } from '@rds-platform/testing/mariadb';
import { createDbClient } from '../index';

jest.mock('@aws-sdk/rds-signer');
jest.setTimeout(60_000);

const MockSigner = Signer as jest.MockedClass<typeof Signer>;
let server: MariaDbServer;

beforeAll(async () => {
  server = await startMariaDb({ tls: true });
  // The server accepts the "token" as a password: RDS Proxy would check it with IAM instead.
  await createAppUser(server, { database: 'app', user: 'iam_user', password: 'signed-token' });
  MockSigner.prototype.getAuthToken.mockResolvedValue('signed-token');
});

afterAll(async () => {
  await server?.destroy();
});

describe('IAM mode against a TLS server', () => {
  it('connects with the signed token over verified TLS, with the cleartext plugin enabled', async () => {
    const createConnection = jest.spyOn(mysql, 'createConnection');
    const db = createDbClient({
      auth: { mode: 'iam', user: 'iam_user', region: 'eu-west-1' },
      host: server.host,
      port: server.port,
      database: 'app',
      tls: { mode: 'ca-file', caFile: server.caFile as string },
    });

    const rows = await db.query('SELECT CURRENT_USER() AS user');
    await db.close();

    expect(rows).toEqual([{ user: 'iam_user@%' }]);
    expect(MockSigner).toHaveBeenCalledWith(
      expect.objectContaining({ hostname: server.host, port: server.port, username: 'iam_user' }),
    );
    expect(createConnection).toHaveBeenCalledWith(
      expect.objectContaining({
        password: 'signed-token',
        enableCleartextPlugin: true,
        ssl: expect.objectContaining({ rejectUnauthorized: true }),
      }),
    );
  });
});
