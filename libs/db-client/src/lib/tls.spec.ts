import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DbConfigError } from './errors';
import { sslOptions } from './tls';
import { RDS_PROXY_ROOTS } from './trusted-roots';

const work = mkdtempSync(path.join(tmpdir(), 'tls-options-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('sslOptions', () => {
  it('passes the chosen roots, one PEM each, and always verifies', () => {
    expect(sslOptions({ mode: 'verify', roots: RDS_PROXY_ROOTS })).toEqual({
      ca: RDS_PROXY_ROOTS.certificates.map((pem) => pem.trim()),
      rejectUnauthorized: true,
    });
  });

  // Node treats an empty `ca` as "use the default root store" (tls.createSecureContext): any public CA would do.
  it.each([
    ['an empty CA file', ''],
    ['a CA file without a certificate (a failed download)', '<html>Not Found</html>\n'],
  ])('refuses %s instead of falling back to the default trust store', (_, contents) => {
    const caFile = path.join(work, `ca-${contents.length}.pem`);
    writeFileSync(caFile, contents);
    expect(() => sslOptions({ mode: 'ca-file', caFile })).toThrow(DbConfigError);
    expect(() => sslOptions({ mode: 'ca-file', caFile })).toThrow('holds no PEM certificate');
  });

  it('refuses an empty set of trusted roots', () => {
    expect(() => sslOptions({ mode: 'verify', roots: { name: 'none', source: 'spec', certificates: [] } })).toThrow(
      'holds no PEM certificate',
    );
  });
});
