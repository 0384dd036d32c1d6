import { review } from '../../review';
import {
  addSynthResource,
  fixturePlan,
  fixtureSynth,
  planModel,
  synthModel,
  synthResource,
  type SynthJson,
} from '../../testing/fixtures';
import { planOf, type PlannedInstance } from '../../testing/plan-builder';
import { addSafeBucket } from './fixture-edits';

function statusOf(ruleId: string, synth: SynthJson, environment: string) {
  const result = review(synthModel(synth, environment)).results.find((candidate) => candidate.rule.id === ruleId);
  if (!result) throw new Error(`no rule ${ruleId}`);
  return result;
}

const db = (synth: SynthJson) => synthResource(synth, 'aws_db_instance');
const protectedDb = (synth: SynthJson) =>
  Object.assign(db(synth), {
    skip_final_snapshot: false,
    final_snapshot_identifier: 'rds-platform-prod-mysql-final',
    delete_automated_backups: false,
  });

describe('the data-protection rules in prod', () => {
  it('fail a KMS key whose deletion window is shorter than 30 days', () => {
    const synth = fixtureSynth();
    synthResource(synth, 'aws_kms_key', 'kms/logs').deletion_window_in_days = 29;
    const result = statusOf('kms-key-deletion-window', synth, 'prod');
    expect(result.status).toBe('fail');
    expect(result.findings.find((found) => !found.passed)?.message).toContain('deletion_window_in_days=29');
  });

  it('fail a KMS key whose deletion window is an expression the review cannot read, showing it as written', () => {
    const synth = fixtureSynth();
    synthResource(synth, 'aws_kms_key', 'kms/logs').deletion_window_in_days = '${var.window}';
    const result = statusOf('kms-key-deletion-window', synth, 'prod');
    expect(result.status).toBe('fail');
    expect(result.findings.find((found) => !found.passed)?.message).toContain('deletion_window_in_days=${var.window}');
  });

  it('pass a KMS key without deletion_window_in_days (KMS waits 30 days)', () => {
    expect(statusOf('kms-key-deletion-window', fixtureSynth(), 'prod').status).toBe('pass');
  });

  it('fail a database that skips no snapshot but names none', () => {
    const synth = fixtureSynth();
    protectedDb(synth);
    delete db(synth).final_snapshot_identifier;
    expect(statusOf('rds-final-snapshot-in-prod', synth, 'prod').status).toBe('fail');
  });

  it('fail an Aurora cluster that skips its final snapshot', () => {
    const synth = fixtureSynth();
    protectedDb(synth);
    addSynthResource(synth, 'aws_rds_cluster', 'cluster', { engine: 'aurora-mysql', skip_final_snapshot: true });
    const result = statusOf('rds-final-snapshot-in-prod', synth, 'prod');
    expect(result.findings.filter((found) => !found.passed).map((found) => found.address)).toEqual([
      'aws_rds_cluster.cluster',
    ]);
  });

  it('fail a database that deletes its automated backups explicitly', () => {
    const synth = fixtureSynth();
    protectedDb(synth).delete_automated_backups = true;
    const result = statusOf('rds-keeps-automated-backups-in-prod', synth, 'prod');
    expect(result.status).toBe('fail');
    expect(result.findings[0].message).toContain('delete_automated_backups=true');
  });

  it.each(['rds-final-snapshot-in-prod', 'rds-keeps-automated-backups-in-prod'])(
    '%s does not apply to dev, which may drop its database',
    (rule) => {
      expect(statusOf(rule, fixtureSynth(), 'dev').status).toBe('not-applicable');
    },
  );

  it('fail nothing about buckets when the stack has none', () => {
    expect(statusOf('s3-bucket-public-access-blocked', fixtureSynth(), 'prod').status).toBe('not-applicable');
    const synth = fixtureSynth();
    addSafeBucket(synth);
    expect(statusOf('s3-bucket-public-access-blocked', synth, 'prod').status).toBe('pass');
  });
});

describe('the CMK rules on a plan', () => {
  it('fail a DB instance the plan encrypts with alias/aws/rds, naming the alias', () => {
    const plan = fixturePlan();
    const change = plan.resource_changes.find(
      (candidate: { address: string }) => candidate.address === 'aws_db_instance.database_instance_D7FC2283',
    ).change;
    change.after.kms_key_id = 'alias/aws/rds';
    change.after_unknown.kms_key_id = false;
    const result = review(planModel(plan)).results.find((candidate) => candidate.rule.id === 'rds-encrypted-with-cmk');
    expect(result?.status).toBe('fail');
    expect(result?.findings[0].message).toContain('kms_key_id is the AWS-managed key alias/aws/rds');
  });
});

/**
 * Buckets made with `for_each` or `count` (checkov CKV_AWS_21 and CKV2_AWS_6 fixtures): their versioning and public
 * access block name them `aws_s3_bucket.this[each.key]` or `aws_s3_bucket.this[0]`, and the plan lists each bucket by
 * its instance address, `aws_s3_bucket.this["a"]` or `aws_s3_bucket.this[0]`
 * (https://developer.hashicorp.com/terraform/language/meta-arguments/for_each#referring-to-instances,
 * https://developer.hashicorp.com/terraform/language/meta-arguments/count#referring-to-instances). Terraform records
 * `aws_s3_bucket.this[each.key].id` as a reference to `aws_s3_bucket.this` (its key is known only per instance), and
 * the configuration declares `aws_s3_bucket_versioning.this` once for all its instances.
 */
describe('the bucket rules on count and for_each instances in a plan', () => {
  const ALL_BLOCKED = {
    block_public_acls: true,
    block_public_policy: true,
    ignore_public_acls: true,
    restrict_public_buckets: true,
  };
  const statusOn = (ruleId: string, ...instances: PlannedInstance[]) =>
    review(planModel(planOf(...instances))).results.find((candidate) => candidate.rule.id === ruleId);
  const byEachKey = (key: string): PlannedInstance[] => [
    { address: `aws_s3_bucket.this["${key}"]`, after: { bucket: `logs-${key}`, force_destroy: false } },
    {
      address: `aws_s3_bucket_versioning.this["${key}"]`,
      after: { versioning_configuration: [{ status: 'Enabled' }] },
      references: { bucket: ['aws_s3_bucket.this', 'each.key'] },
    },
    {
      address: `aws_s3_bucket_public_access_block.this["${key}"]`,
      after: ALL_BLOCKED,
      references: { bucket: ['aws_s3_bucket.this', 'each.key'] },
    },
  ];

  it.each(['s3-bucket-versioned-no-force-destroy', 's3-bucket-public-access-blocked'])(
    '%s passes buckets whose versioning and block name them by each.key',
    (ruleId) => {
      const result = statusOn(ruleId, ...byEachKey('a'), ...byEachKey('b'));
      expect(result?.status).toBe('pass');
      expect(result?.findings.map((found) => found.address)).toEqual([
        'aws_s3_bucket.this["a"]',
        'aws_s3_bucket.this["b"]',
      ]);
    },
  );

  it('passes the bucket a count instance names, and fails the one nothing names', () => {
    const result = statusOn(
      's3-bucket-versioned-no-force-destroy',
      { address: 'aws_s3_bucket.this[0]', after: { bucket: 'logs-0', force_destroy: false } },
      { address: 'aws_s3_bucket.this[1]', after: { bucket: 'logs-1', force_destroy: false } },
      {
        address: 'aws_s3_bucket_versioning.first',
        after: { versioning_configuration: [{ status: 'Enabled' }] },
        references: { bucket: ['aws_s3_bucket.this[0].id', 'aws_s3_bucket.this[0]', 'aws_s3_bucket.this'] },
      },
    );
    expect(result?.findings.map(({ address, passed }) => [address, passed])).toEqual([
      ['aws_s3_bucket.this[0]', true],
      ['aws_s3_bucket.this[1]', false],
    ]);
  });
});
