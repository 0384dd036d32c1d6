import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { review } from '../review';
import { allRules } from '../rules';
import { FIXTURE_SYNTH_PATH, fixtureSynth, synthModel, synthResource, type SynthJson } from '../testing/fixtures';
import { runCli } from '../testing/run-cli';
import { WORKSPACE_ROOT } from '../repository/workspace';
import { renderSarif, type SarifOptions } from './sarif';

const schema = JSON.parse(readFileSync(join(__dirname, '../testing/vendor/sarif-schema-2.1.0.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

const OPTIONS: SarifOptions = {
  readmeUri: 'https://github.com/example/rds-platform/blob/0123abc/docs/plan-review.md',
  rulesUri: 'https://github.com/example/rds-platform/blob/0123abc/docs/plan-review-rules.md',
  toolVersion: '1.2.3',
  artifact: { uri: 'cdktf.out/stacks/dev/cdk.tf.json', relative: true },
};

function sarifOf(synth: SynthJson, options: SarifOptions = OPTIONS) {
  const model = synthModel(synth);
  const text = JSON.stringify(synth, null, 2);
  return JSON.parse(
    renderSarif(
      { model, review: review(model) },
      { ...options, artifact: options.artifact && { ...options.artifact, text } },
    ),
  );
}

function broken(): SynthJson {
  const synth = fixtureSynth();
  synthResource(synth, 'aws_db_proxy').require_tls = false;
  synthResource(synth, 'aws_db_instance').publicly_accessible = true;
  return synth;
}

describe('the SARIF report', () => {
  it('is valid SARIF 2.1.0 (the OASIS schema) with failures and without', () => {
    for (const synth of [broken(), fixtureSynth()]) {
      const log = sarifOf(synth);
      expect(validate(log) ? [] : validate.errors).toEqual([]);
      expect(log).toMatchObject({ version: '2.1.0', $schema: expect.stringContaining('sarif-schema-2.1.0.json') });
      // The validator does reject what the schema forbids.
      expect(validate({ ...log, version: '2.0.0' })).toBe(false);
      expect(validate({ ...log, runs: [{ ...log.runs[0], results: [{ level: 'fatal' }] }] })).toBe(false);
    }
  });

  it('lists every rule of the review in tool.driver.rules, with its README link, ids and level', () => {
    const { driver } = sarifOf(fixtureSynth()).runs[0].tool;
    expect(driver).toMatchObject({ name: 'plan-review', version: '1.2.3' });
    expect(driver.rules.map((rule: { id: string }) => rule.id)).toEqual([
      ...allRules.map((rule) => rule.id),
      'suppression-has-reason',
    ]);
    const encrypted = allRules.find((rule) => rule.id === 'rds-encrypted-with-cmk');
    expect(driver.rules.find((rule: { id: string }) => rule.id === 'rds-encrypted-with-cmk')).toEqual({
      id: 'rds-encrypted-with-cmk',
      name: 'RdsEncryptedWithCmk',
      shortDescription: { text: 'RDS storage is encrypted with a customer-managed KMS key' },
      fullDescription: { text: 'RDS storage is encrypted with a customer-managed KMS key.' },
      // The rule's description, then its remediation (rules/rds/rds-encrypted-with-cmk.ts).
      help: { text: `${encrypted?.description}\n\nRemediation: ${encrypted?.remediation}` },
      helpUri: 'https://github.com/example/rds-platform/blob/0123abc/docs/plan-review-rules.md#rds-encrypted-with-cmk',
      defaultConfiguration: { level: 'error' },
      properties: {
        tags: ['security', 'terraform', 'high'],
        // GitHub: "7.0 to 8.9 is high" (sarif-support-for-code-scanning#reportingdescriptor-object).
        'security-severity': '8.0',
        checkov: ['CKV_AWS_16'],
        trivy: ['AWS-0080'],
      },
    });
    expect(driver.rules.find((rule: { id: string }) => rule.id === 'rds-not-public').properties).toMatchObject({
      tags: ['security', 'terraform', 'critical'],
      // GitHub: "over 9.0 is critical"; 9.0 itself would show as high.
      'security-severity': '9.5',
    });
  });

  it('gives one error per failing resource, located in the reviewed file and by construct path', () => {
    const synth = broken();
    const { results, tool } = sarifOf(synth).runs[0];
    expect(results.map((result: { ruleId: string }) => result.ruleId).sort()).toEqual([
      'proxy-requires-tls',
      'rds-not-public',
    ]);
    const tls = results.find((result: { ruleId: string }) => result.ruleId === 'proxy-requires-tls');
    expect(tool.driver.rules[tls.ruleIndex].id).toBe('proxy-requires-tls');
    expect(tls).toMatchObject({
      level: 'error',
      message: { text: expect.stringMatching(/\S/) },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'cdktf.out/stacks/dev/cdk.tf.json', uriBaseId: '%SRCROOT%' },
            region: { startLine: expect.any(Number) },
          },
          logicalLocations: [
            {
              name: 'proxy/proxy',
              fullyQualifiedName: 'dev/proxy/proxy',
              decoratedName: 'aws_db_proxy.proxy_5B0EBCF1',
              kind: 'resource',
            },
          ],
        },
      ],
    });
    const line = JSON.stringify(synth, null, 2).split('\n')[tls.locations[0].physicalLocation.region.startLine - 1];
    expect(line.trim()).toBe('"proxy_5B0EBCF1": {');
  });

  it('leaves out suppressed failures and says why a refused suppression did not count', () => {
    const synth = broken();
    synthResource(synth, 'aws_db_instance')['//'].review_suppress = [
      { rule: 'rds-not-public', reason: 'demo', expires: '2000-01-01' },
    ];
    const model = synthModel(synth);
    // proxy-requires-tls (high) is waived by the reviewed file, as only it can waive a high rule.
    const reviewedSuppressions = [
      { rule: 'proxy-requires-tls', resource: 'proxy/proxy', reason: 'until the clients move' },
    ];
    const log = JSON.parse(
      renderSarif({ model, review: review(model, { today: '1999-12-01', reviewedSuppressions }) }, OPTIONS),
    );
    expect(log.runs[0].results).toEqual([
      expect.objectContaining({
        ruleId: 'rds-not-public',
        message: {
          text: expect.stringContaining('(suppression not counted: rds-not-public is critical, cannot be suppressed)'),
        },
      }),
    ]);
  });

  it('keeps a finding fingerprint stable across runs and distinct per resource', () => {
    const fingerprints = (log: { runs: { results: { partialFingerprints: Record<string, string> }[] }[] }) =>
      log.runs[0].results.map((result) => result.partialFingerprints['planReviewFinding/v1']);
    const first = fingerprints(sarifOf(broken()));
    expect(fingerprints(sarifOf(broken()))).toEqual(first);
    expect(new Set(first).size).toBe(2);
  });
});

describe('review --format sarif', () => {
  // Inside the workspace (tmp/ is git-ignored), so the location is relative to the repository root.
  mkdirSync(join(WORKSPACE_ROOT, 'tmp'), { recursive: true });
  const folder = mkdtempSync(join(WORKSPACE_ROOT, 'tmp', 'plan-review-sarif-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('exits 1 on a failure, with valid SARIF pointing at the synth relative to the repository root', () => {
    const synthPath = join(folder, 'cdk.tf.json');
    writeFileSync(synthPath, JSON.stringify(broken(), null, 2));
    const run = runCli(['--synth', synthPath, '--format', 'sarif']);
    expect(run.status).toBe(1);
    const log = JSON.parse(run.stdout);
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    expect(log.runs[0].automationDetails).toEqual({ id: 'plan-review/dev/' });
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({
      uri: relative(WORKSPACE_ROOT, synthPath).split(sep).join('/'),
      uriBaseId: '%SRCROOT%',
    });
  });

  it('exits 0 with no results when every rule passes', () => {
    const run = runCli(['--synth', FIXTURE_SYNTH_PATH, '--format', 'sarif']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).runs[0].results).toEqual([]);
  });
});
