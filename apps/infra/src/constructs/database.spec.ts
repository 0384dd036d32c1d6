import { TerraformOutput } from 'cdktf';
import { Database, DatabaseProps } from './database';
import { FAKE, synthesize } from '../testing/synth-json';

const props = (overrides: Partial<DatabaseProps> = {}): DatabaseProps => ({
  identifier: 'rds-platform-dev-mysql',
  subnetIds: [...FAKE.dataSubnetIds],
  securityGroupId: FAKE.databaseSecurityGroupId,
  engineVersion: '8.0',
  instanceClass: 'db.t4g.medium',
  allocatedStorageGb: 20,
  maxAllocatedStorageGb: 100,
  multiAz: true,
  deletionProtection: false,
  backupRetentionDays: 7,
  databaseName: 'app',
  databaseKeyArn: FAKE.databaseKeyArn,
  secretsKeyArn: FAKE.secretsKeyArn,
  logsKeyArn: FAKE.logsKeyArn,
  logRetentionDays: 30,
  ...overrides,
});

const synthDatabase = (overrides: Partial<DatabaseProps> = {}) =>
  synthesize((scope) => new Database(scope, 'database', props(overrides)));

describe('Database', () => {
  it('runs MySQL 8.0 in the data subnets behind the DB security group, never publicly', () => {
    const synth = synthDatabase();
    const instance = synth.only('aws_db_instance');
    expect(instance).toMatchObject({
      engine: 'mysql',
      engine_version: '8.0',
      publicly_accessible: false,
      vpc_security_group_ids: ['sg-database'],
    });
    expect(synth.only('aws_db_subnet_group').subnet_ids).toEqual(['subnet-data-a', 'subnet-data-b']);
    expect(instance.db_subnet_group_name).toMatch(/aws_db_subnet_group\..*\.name/);
  });

  it('lets RDS manage the master password in a secret encrypted with the secrets key', () => {
    const synth = synthDatabase();
    const instance = synth.only('aws_db_instance');
    expect(instance.manage_master_user_password).toBe(true);
    expect(instance.master_user_secret_kms_key_id).toBe(FAKE.secretsKeyArn);
    expect(instance).not.toHaveProperty('password');
    expect(synth.text).not.toMatch(/password"\s*:\s*"/);
  });

  it('encrypts storage and Performance Insights with the database key', () => {
    const instance = synthDatabase().only('aws_db_instance');
    expect(instance).toMatchObject({
      storage_encrypted: true,
      kms_key_id: FAKE.databaseKeyArn,
      performance_insights_enabled: true,
      performance_insights_kms_key_id: FAKE.databaseKeyArn,
    });
    expect(synthDatabase().commentOf('aws_db_instance')).not.toHaveProperty('review_suppress');
  });

  it('leaves Performance Insights off on the small burstable classes that lack it, rather than fail the apply', () => {
    const instance = synthDatabase({ instanceClass: 'db.t4g.micro' }).only('aws_db_instance');
    expect(instance.performance_insights_enabled).toBe(false);
    expect(instance).not.toHaveProperty('performance_insights_kms_key_id');
  });

  it('declares why the plan review may accept Performance Insights being off, only where it is off', () => {
    const comment = synthDatabase({ instanceClass: 'db.t4g.micro' }).commentOf('aws_db_instance');
    expect(comment.review_suppress).toEqual([
      {
        rule: 'CKV_AWS_353',
        reason: expect.stringMatching(/^RDS for MySQL offers no Performance Insights on db\.t4g\.micro /),
      },
    ]);
  });

  it('requires TLS through a mysql8.0 parameter group and uses the current CA', () => {
    const synth = synthDatabase();
    const parameterGroup = synth.only('aws_db_parameter_group');
    expect(parameterGroup.family).toBe('mysql8.0');
    expect(parameterGroup.parameter).toContainEqual({ name: 'require_secure_transport', value: '1' });
    expect(synth.only('aws_db_instance').ca_cert_identifier).toBe('rds-ca-rsa2048-g1');
  });

  it('keeps backups, copies tags to snapshots and upgrades minor versions automatically', () => {
    const instance = synthDatabase({ backupRetentionDays: 14 }).only('aws_db_instance');
    expect(instance).toMatchObject({
      backup_retention_period: 14,
      copy_tags_to_snapshot: true,
      auto_minor_version_upgrade: true,
    });
  });

  it('follows the Multi-AZ setting', () => {
    expect(synthDatabase({ multiAz: true }).only('aws_db_instance').multi_az).toBe(true);
    expect(synthDatabase({ multiAz: false }).only('aws_db_instance').multi_az).toBe(false);
  });

  it('protects a prod database from deletion and keeps a final snapshot', () => {
    const instance = synthDatabase({ deletionProtection: true }).only('aws_db_instance');
    expect(instance).toMatchObject({
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: 'rds-platform-dev-mysql-final',
    });
  });

  it('lets a dev database be destroyed without a snapshot', () => {
    const instance = synthDatabase({ deletionProtection: false }).only('aws_db_instance');
    expect(instance).toMatchObject({ deletion_protection: false, skip_final_snapshot: true });
    expect(instance).not.toHaveProperty('final_snapshot_identifier');
  });

  it('exports error and slowquery logs into encrypted log groups created before the instance', () => {
    const synth = synthDatabase();
    const instance = synth.only('aws_db_instance');
    expect(instance.enabled_cloudwatch_logs_exports).toEqual(['error', 'slowquery']);
    const logGroups = Object.values(synth.resources('aws_cloudwatch_log_group'));
    expect(logGroups.map((group) => group.name).sort()).toEqual([
      '/aws/rds/instance/rds-platform-dev-mysql/error',
      '/aws/rds/instance/rds-platform-dev-mysql/slowquery',
    ]);
    logGroups.forEach((group) => expect(group).toMatchObject({ kms_key_id: FAKE.logsKeyArn, retention_in_days: 30 }));
    expect(instance.depends_on).toHaveLength(2);
  });

  it('exposes the master secret ARN from the RDS-managed secret and the host name as endpoint', () => {
    const synth = synthesize((scope) => {
      const database = new Database(scope, 'database', props());
      new TerraformOutput(scope, 'master_secret', { value: database.masterSecretArn });
      new TerraformOutput(scope, 'endpoint', { value: database.endpoint });
    });
    expect(synth.json.output.master_secret.value).toMatch(
      /^\$\{aws_db_instance\.\S+\.master_user_secret\[0\]\.secret_arn\}$/,
    );
    expect(synth.json.output.endpoint.value).toMatch(/^\$\{aws_db_instance\.\S+\.address\}$/);
  });

  it('rejects an engine version that is not a MySQL version', () => {
    expect(() => synthDatabase({ engineVersion: 'latest' })).toThrow(
      'engineVersion: "latest" is not a MySQL version like "8.0" or "8.0.40".',
    );
  });
});
