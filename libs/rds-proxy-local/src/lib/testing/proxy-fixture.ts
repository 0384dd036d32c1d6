/**
 * What the stand-in's integration specs share: a throwaway MariaDB with an application user that may do everything
 * the pinning conditions need (temporary tables, LOCK TABLES), a secret file for it, and mysql2 clients that are
 * closed after each spec.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startMariaDb, type MariaDbServer } from '@rds-platform/testing/mariadb';
import { createConnection, type Connection, type ConnectionOptions } from 'mysql2/promise';
import type { RdsProxyLocal } from '../proxy';

export const APP_USER = 'app';
export const APP_DATABASE = 'app';

export interface ProxyFixture {
  readonly server: MariaDbServer;
  readonly secretFile: string;
  /** Writes the secret file as a rotation would. */
  writeSecret(password: string): void;
  /** A mysql2 client through the proxy, closed in `cleanUp`. */
  connect(proxy: RdsProxyLocal, options?: Partial<ConnectionOptions>): Promise<Connection>;
  /** Closes the clients of the spec. */
  cleanUp(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startProxyFixture(
  password = 'first-password',
  { tls = false }: { tls?: boolean } = {},
): Promise<ProxyFixture> {
  const server = await startMariaDb({ tls });
  await server.rootQuery(`CREATE DATABASE ${APP_DATABASE}`);
  await server.rootQuery(`CREATE USER ?@'%' IDENTIFIED BY ?`, [APP_USER, password]);
  await server.rootQuery(`GRANT ALL PRIVILEGES ON ${APP_DATABASE}.* TO ?@'%'`, [APP_USER]);
  const dir = mkdtempSync(path.join(tmpdir(), 'rds-proxy-local-'));
  const secretFile = path.join(dir, 'secret.json');
  const clients: Connection[] = [];
  const fixture: ProxyFixture = {
    server,
    secretFile,
    writeSecret(newPassword) {
      writeFileSync(
        secretFile,
        JSON.stringify({
          username: APP_USER,
          password: newPassword,
          host: server.host,
          port: server.port,
          dbname: APP_DATABASE,
        }),
      );
    },
    async connect(proxy, options = {}) {
      const client = await createConnection({
        host: proxy.host,
        port: proxy.port,
        user: APP_USER,
        password,
        database: APP_DATABASE,
        ...options,
      });
      // A connection the proxy closes emits 'error'; the specs look at the failed query instead.
      client.on('error', () => undefined);
      clients.push(client);
      return client;
    },
    async cleanUp() {
      await Promise.all(clients.splice(0).map((client) => client.end().catch(() => client.destroy())));
    },
    async destroy() {
      await fixture.cleanUp();
      await server.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  fixture.writeSecret(password);
  return fixture;
}

export { startStandInFrontOf, type StandInFront, type StandInFrontOptions } from './in-front-of';
