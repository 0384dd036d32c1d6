import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { startRdsProxyLocal, type RdsProxyLocal } from './proxy';
import { startProxyFixture, type ProxyFixture } from './testing/proxy-fixture';

// TLS with RDS Proxy: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.howitworks.html#rds-proxy-security.tls
describe('rds-proxy-local with TLS', () => {
  let fixture: ProxyFixture;
  let proxy: RdsProxyLocal;
  let ca: Buffer;

  beforeAll(async () => {
    fixture = await startProxyFixture('first-password', { tls: true });
    ca = readFileSync(fixture.server.caFile!);
    // The throwaway server's certificate (127.0.0.1, signed by its CA) serves the proxy as well.
    const dir = path.dirname(fixture.server.caFile!);
    proxy = await startRdsProxyLocal({
      target: { host: fixture.server.host, port: fixture.server.port },
      secretFile: fixture.secretFile,
      requireTls: true,
      tls: {
        cert: readFileSync(path.join(dir, 'server-cert.pem')),
        key: readFileSync(path.join(dir, 'server-key.pem')),
      },
      targetCa: ca,
      log: () => undefined,
    });
  }, 60_000);
  afterEach(() => fixture.cleanUp());
  afterAll(async () => {
    await proxy?.close();
    await fixture?.destroy();
  });

  it('serves a client that verifies the proxy certificate, and speaks TLS to the target', async () => {
    const client = await fixture.connect(proxy, { ssl: { ca } });

    const [rows] = await client.query<RowDataPacket[]>("SHOW SESSION STATUS LIKE 'Ssl_version'");

    // The session status is the DB connection's: TLS between the proxy and the target.
    expect(rows[0].Value).toMatch(/^TLS/);
    expect(proxy.metrics()).toMatchObject({ ClientConnectionsTls: 1, ClientConnectionsNoTls: 0 });
    expect(proxy.metrics().DatabaseConnectionRequestsWithTLS).toBeGreaterThan(0);
  });

  it('refuses a client without TLS when TLS is required', async () => {
    await expect(fixture.connect(proxy)).rejects.toMatchObject({ errno: 3159 });
  });
});
