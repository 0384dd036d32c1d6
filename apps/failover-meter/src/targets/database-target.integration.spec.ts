import { createAppUser, startMariaDb, type MariaDbServer } from '@rds-platform/testing/mariadb';
import { createTarget } from './create-target';
import type { HeartbeatTarget } from './heartbeat-target';

const quietLogger = { warn: () => undefined, info: () => undefined };
const signal = () => AbortSignal.timeout(5000);

describe('direct-DB target', () => {
  let server: MariaDbServer;
  const targets: HeartbeatTarget[] = [];

  async function targetFor(url: string, env: NodeJS.ProcessEnv = {}): Promise<HeartbeatTarget> {
    const target = await createTarget({ kind: 'mysql-url', url }, { env, timeoutMs: 5000, logger: quietLogger });
    targets.push(target);
    return target;
  }

  beforeAll(async () => {
    server = await startMariaDb();
    await server.rootQuery('CREATE DATABASE meter');
    await createAppUser(server, { database: 'dml_only', user: 'serverless', password: 'app-pw' });
  }, 60_000);
  afterEach(async () => {
    await Promise.all(targets.splice(0).map((target) => target.close()));
  });
  afterAll(() => server?.destroy());

  it('creates the heartbeats table when missing, writes, and reads every row back with the host', async () => {
    // GIVEN a database without the table
    const target = await targetFor(server.url({ database: 'meter' }));

    // WHEN three heartbeats are written
    const acknowledgements = [];
    for (const seq of [1, 2, 3]) acknowledgements.push(await target.write('run-a', seq, signal()));
    const rows = await target.readBack('run-a', signal());

    // THEN each names the DB host and all three come back
    const [{ hostname }] = await server.rootQuery<{ hostname: string }>('SELECT @@hostname AS hostname');
    expect(acknowledgements).toEqual([{ host: hostname }, { host: hostname }, { host: hostname }]);
    expect(rows.map((row) => [row.seq, row.host])).toEqual([
      [1, hostname],
      [2, hostname],
      [3, hostname],
    ]);
    expect(rows[0].createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(target.description).toBe(`mysql 127.0.0.1:${server.port}/meter as root`);
  });

  it('reads back only the rows of its own run', async () => {
    const target = await targetFor(server.url({ database: 'meter' }));
    await target.write('run-b', 1, signal());

    expect((await target.readBack('run-c', signal())).length).toBe(0);
  });

  it('tells a DML-only user to run the migrations when the table is missing', async () => {
    const url = server.url({ user: 'serverless', password: 'app-pw', database: 'dml_only' });

    await expect(targetFor(url)).rejects.toThrow(
      /the heartbeats table is missing in dml_only and could not be created .*npx nx run db:migrate/,
    );
  });

  it('follows DB_TLS_CA_FILE as db-client does, verifying the server against that CA', async () => {
    const handshakesBefore = await server.statusValue('Ssl_accepts');

    const target = await targetFor(server.url({ database: 'meter' }), { DB_TLS_CA_FILE: server.caFile });
    await target.write('run-tls', 1, signal());

    expect(await server.statusValue('Ssl_accepts')).toBeGreaterThan(handshakesBefore);
  });
});
