import { startRdsProxyLocal, type RdsProxyLocal } from './proxy';
import { startProxyFixture, type ProxyFixture } from './testing/proxy-fixture';

// "Preserving connections to a MySQL database across a failover":
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.examples.html
describe('rds-proxy-local when the target restarts', () => {
  let fixture: ProxyFixture;
  let proxy: RdsProxyLocal;

  beforeAll(async () => {
    fixture = await startProxyFixture();
    await fixture.server.rootQuery('CREATE TABLE app.writes (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(40))');
  }, 60_000);
  beforeEach(async () => {
    // The borrow timeout covers the restart: a statement sent while the target is down waits for it.
    proxy = await startRdsProxyLocal({
      target: { host: fixture.server.host, port: fixture.server.port },
      secretFile: fixture.secretFile,
      borrowTimeoutMs: 30_000,
      log: () => undefined,
    });
  });
  afterEach(async () => {
    await fixture.cleanUp();
    await proxy.close();
  });
  afterAll(() => fixture?.destroy());

  it('keeps a client connection that is not in a transaction: its next statement gets a fresh DB connection', async () => {
    const client = await fixture.connect(proxy);
    const [[before]] = await client.query<[{ id: number }] & never[]>('SELECT CONNECTION_ID() AS id');

    await fixture.server.stop();
    await fixture.server.start();
    const [[after]] = await client.query<[{ id: number }] & never[]>('SELECT CONNECTION_ID() AS id');

    // Same client connection to the proxy, a new DB session behind it.
    expect(after.id).not.toBe(before.id);
    expect(proxy.metrics()).toMatchObject({ ClientConnections: 1, ClientConnectionsClosed: 0 });
  }, 60_000);

  it('waits for the target while it is down, within the borrow timeout', async () => {
    const client = await fixture.connect(proxy);
    await client.query('SELECT 1');

    await fixture.server.stop();
    const answered = client.query('SELECT 2 AS two');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await fixture.server.start();

    await expect(answered).resolves.toEqual([[{ two: 2 }], expect.anything()]);
    expect(proxy.metrics().DatabaseConnectionsSetupFailed).toBeGreaterThan(0);
  }, 60_000);

  it('fails an in-flight transaction with an error and closes that client; nothing of it is committed', async () => {
    const client = await fixture.connect(proxy);
    await client.beginTransaction();
    await client.query('INSERT INTO writes (name) VALUES (?)', ['lost-with-the-restart']);

    await fixture.server.stop();
    await fixture.server.start();

    await expect(client.query('INSERT INTO writes (name) VALUES (?)', ['after'])).rejects.toMatchObject({
      errno: 2013,
    });
    await expect(client.query('COMMIT')).rejects.toThrow();
    const rows = await fixture.server.rootQuery('SELECT name FROM app.writes');
    expect(rows).toEqual([]);
    // Another client is served as usual.
    const other = await fixture.connect(proxy);
    await expect(other.query('SELECT 1')).resolves.toBeDefined();
  }, 60_000);
});
