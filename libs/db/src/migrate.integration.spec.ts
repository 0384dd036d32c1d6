import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@rds-platform/testing/mariadb';

const WORKSPACE_ROOT = path.resolve(__dirname, '../../..');
const work = mkdtempSync(path.join(tmpdir(), 'db-migrate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * `db:migrate` against a database that is not there: one line naming where it tried, never the password. Built and
 * run as the target does (bundle-lambda, which loads the .sql migrations as text).
 */
describe('db:migrate', () => {
  it('names the host and port it could not reach, and not the credentials', async () => {
    const bundle = spawnSync(
      process.execPath,
      ['tools/bundle-lambda.mjs', 'libs/db/src/migrate.ts', path.join(work, 'migrate'), '--no-budget'],
      { cwd: WORKSPACE_ROOT, encoding: 'utf8' },
    );
    expect(bundle.stderr).toBe('');
    const port = await freePort();
    const result = spawnSync(process.execPath, [path.join(work, 'migrate', 'index.js')], {
      encoding: 'utf8',
      env: { ...process.env, MYSQL_URL: `mysql://admin:s3cret-pw@127.0.0.1:${port}/app`, DB_TLS: 'disabled' },
      timeout: 60_000,
    });

    expect(result.status).toBe(1);
    // The last line is the verdict (db-client warns first that TLS is off, as it does for every plain connection).
    const verdict = result.stderr.trim().split('\n').at(-1);
    expect(verdict).toMatch(
      new RegExp(`^migration on 127\\.0\\.0\\.1:${port} failed: The database could not be reached`),
    );
    expect(result.stderr).not.toContain('s3cret-pw');
  });
});
