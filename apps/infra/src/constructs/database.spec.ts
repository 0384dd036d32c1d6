import { TerraformOutput } from 'cdktf';
import { DEFAULT_ALARM_THRESHOLDS } from '../config/environment-rules';
import { maxConnections } from './alarm-definitions';
import { Database, DatabaseProps } from './database';
import type { Grantee, PolicyStatement } from './grants';
import { Network } from './network';
import { synthesize, sharedByArguments } from '../testing/synth-json';
import { TEST_DATABASE } from '../testing/foundation';

type Overrides = Partial<Omit<DatabaseProps, 'network'>>;

/** The database in a network of its own, and the references its synthesized JSON should name. */
function synthDatabaseUncached(overrides: Overrides = {}) {
  const refs = { dataSubnets: [] as string[], group: '', databaseKey: '', secretsKey: '', logsKey: '' };
  const synth = synthesize(
    (scope) => {
      const network = new Network(scope, 'network', { vpcCidr: '10.10.0.0/16', azNames: ['eu-west-1a', 'eu-west-1b'] });
      const database = new Database(scope, 'database', {
        ...TEST_DATABASE,
        instanceClass: 'db.t4g.medium',
        backupRetentionDays: 7,
        identifier: 'rds-platform-dev-mysql',
        ...overrides,
        network,
      });
      refs.dataSubnets = network.dataSubnetIds;
      refs.group = database.connections.securityGroupId;
      refs.databaseKey = scope.keys.database.arn;
      refs.secretsKey = scope.keys.secrets.arn;
      refs.logsKey = scope.keys.logs.arn;
    },
    { logRetentionDays: 30 },
  );
  return Object.assign(synth, {
    refs: {
      dataSubnets: refs.dataSubnets.map(synth.ref),
      group: synth.ref(refs.group),
      databaseKey: synth.ref(refs.databaseKey),
      secretsKey: synth.ref(refs.secretsKey),
      logsKey: synth.ref(refs.logsKey),
    },
  });
}
/** Synthesized once per distinct set of plain-data arguments for this file and shared (cases only read it). */
const synthDatabase = sharedByArguments(synthDatabaseUncached);

describe('Database', () => {
  it('runs MySQL 8.4 (the dev and prod default) in the data subnets behind the DB security group, never publicly', () => {
    const synth = synthDatabase();
    const instance = synth.only('aws_db_instance');
    expect(instance).toMatchObject({
      engine: 'mysql',
      engine_version: '8.4',
      publicly_accessible: false,
      vpc_security_group_ids: [synth.refs.group],
    });
    expect(synth.only('aws_security_group')).toMatchObject({ name: 'rdsp-dev-database' });
    expect(synth.only('aws_db_subnet_group').subnet_ids).toEqual(synth.refs.dataSubnets);
    expect(synth.refs.dataSubnets[0]).toMatch(/aws_subnet\.network_data-subnet-eu-west-1a_/);
    expect(instance.db_subnet_group_name).toMatch(/aws_db_subnet_group\..*\.name/);
  });

  it('lets RDS manage the master password in a secret encrypted with the secrets key', () => {
    const synth = synthDatabase();
    const instance = synth.only('aws_db_instance');
    expect(instance.manage_master_user_password).toBe(true);
    expect(instance.master_user_secret_kms_key_id).toBe(synth.refs.secretsKey);
    expect(instance).not.toHaveProperty('password');
    expect(synth.text).not.toMatch(/password"\s*:\s*"/);
  });

  it('encrypts storage and Performance Insights with the database key', () => {
    const synth = synthDatabase();
    expect(synth.only('aws_db_instance')).toMatchObject({
      storage_encrypted: true,
      kms_key_id: synth.refs.databaseKey,
      performance_insights_enabled: true,
      performance_insights_kms_key_id: synth.refs.databaseKey,
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

  it('requires TLS through a mysql8.4 parameter group and uses the current CA', () => {
    const synth = synthDatabase();
    const parameterGroup = synth.only('aws_db_parameter_group');
    expect(parameterGroup.family).toBe('mysql8.4');
    // RDS for MySQL 8.4 and lower leave it OFF by default, so the group must set it
    // (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.require-ssl.html).
    expect(parameterGroup.parameter).toContainEqual({ name: 'require_secure_transport', value: '1' });
    expect(synth.only('aws_db_instance').ca_cert_identifier).toBe('rds-ca-rsa2048-g1');
  });

  it('writes the slow query log to FILE, as RDS needs to publish it to the slowquery export, on 8.4 and 8.0 alike (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.MySQLDB.PublishtoCloudWatchLogs.html)', () => {
    const slowLog = [
      { name: 'slow_query_log', value: '1' },
      { name: 'long_query_time', value: '1' },
      { name: 'log_output', value: 'FILE' },
    ];
    const on84 = synthDatabase().only('aws_db_parameter_group');
    const on80 = synthDatabase({ engineVersion: '8.0', extendedSupport: true }).only('aws_db_parameter_group');
    expect(on84.parameter).toEqual(expect.arrayContaining(slowLog));
    // One list of settings for both families: only the family differs.
    expect(on80.family).toBe('mysql8.0');
    expect(on80.parameter).toEqual(on84.parameter);
  });

  it('sets max_connections to a number we control, at or below AWS’s default for the class (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html#RDS_Limits.MaxConnections)', () => {
    // AWS quotes "approximately 60" as the default on a 1 GiB class; ours must not exceed it.
    const micro = synthDatabase({ instanceClass: 'db.t4g.micro' }).only('aws_db_parameter_group');
    expect(micro.parameter).toContainEqual({ name: 'max_connections', value: '56' });
    const medium = synthDatabase().only('aws_db_parameter_group');
    expect(medium.parameter).toContainEqual({
      name: 'max_connections',
      value: String(maxConnections('db.t4g.medium')),
    });
  });

  it('alarms on connections strictly below the max_connections its parameter group sets, and on free storage with autoscaling in mind', () => {
    let database: Database | undefined;
    const synth = synthesize((scope) => {
      const network = new Network(scope, 'network', { vpcCidr: '10.10.0.0/16', azNames: ['eu-west-1a', 'eu-west-1b'] });
      database = new Database(scope, 'database', { ...TEST_DATABASE, network });
    });
    const set = Number(
      synth
        .only('aws_db_parameter_group')
        .parameter.find((parameter: { name: string }) => parameter.name === 'max_connections').value,
    );
    const alarms = Object.fromEntries(
      database!.alarmDefinitions(DEFAULT_ALARM_THRESHOLDS).map((alarm) => [alarm.name, alarm]),
    );
    expect(alarms['db-connections'].threshold).toBeLessThan(set);
    // dev grows from 20 to 100 GiB: below autoscaling's 10 % trigger on 20 GiB, above storage-full (1 %) at 100 GiB.
    expect(TEST_DATABASE).toMatchObject({ allocatedStorageGb: 20, maxAllocatedStorageGb: 100 });
    expect(alarms['db-free-storage'].threshold).toBeLessThan(2 * 1024 ** 3);
    expect(alarms['db-free-storage'].threshold).toBeGreaterThan(1024 ** 3);
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

  it('protects a prod database from deletion and keeps a final snapshot and its automated backups', () => {
    const instance = synthDatabase({ deletionProtection: true }).only('aws_db_instance');
    expect(instance).toMatchObject({
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: 'rds-platform-dev-mysql-final',
      delete_automated_backups: false,
    });
  });

  it('lets a dev database be destroyed without a snapshot', () => {
    const instance = synthDatabase({ deletionProtection: false }).only('aws_db_instance');
    expect(instance).toMatchObject({
      deletion_protection: false,
      skip_final_snapshot: true,
      delete_automated_backups: true,
    });
    expect(instance).not.toHaveProperty('final_snapshot_identifier');
  });

  it('exports error and slowquery logs into encrypted log groups created before the instance', () => {
    const synth = synthDatabase();
    const instance = synth.only('aws_db_instance');
    expect(instance.enabled_cloudwatch_logs_exports).toEqual(['error', 'slowquery']);
    const logGroups = Object.values(synth.resources('aws_cloudwatch_log_group')).filter((group) =>
      group.name.startsWith('/aws/rds/'),
    );
    expect(logGroups.map((group) => group.name).sort()).toEqual([
      '/aws/rds/instance/rds-platform-dev-mysql/error',
      '/aws/rds/instance/rds-platform-dev-mysql/slowquery',
    ]);
    logGroups.forEach((group) =>
      expect(group).toMatchObject({ kms_key_id: synth.refs.logsKey, retention_in_days: 30 }),
    );
    const logGroupIds = Object.keys(synth.resources('aws_cloudwatch_log_group')).map(
      (id) => `aws_cloudwatch_log_group.${id}`,
    );
    expect(instance.depends_on.filter((dependency: string) => logGroupIds.includes(dependency))).toHaveLength(2);
  });

  it('exposes the RDS-managed master secret, the address (host) and the endpoint (host:port) as the provider names them', () => {
    const synth = synthesize((scope) => {
      const network = new Network(scope, 'network', { vpcCidr: '10.10.0.0/16', azNames: ['eu-west-1a', 'eu-west-1b'] });
      const database = new Database(scope, 'database', { ...TEST_DATABASE, network });
      new TerraformOutput(scope, 'master_secret', { value: database.masterSecret.secretArn });
      new TerraformOutput(scope, 'address', { value: database.address });
      new TerraformOutput(scope, 'endpoint', { value: database.endpoint });
      expect(database.node.path).toBe('stack/database');
    });
    expect(synth.json.output.master_secret.value).toMatch(
      /^\$\{aws_db_instance\.\S+\.master_user_secret\[0\]\.secret_arn\}$/,
    );
    expect(synth.json.output.address.value).toMatch(/^\$\{aws_db_instance\.\S+\.address\}$/);
    expect(synth.json.output.endpoint.value).toMatch(/^\$\{aws_db_instance\.\S+\.endpoint\}$/);
  });

  it('grants reading the master secret: its value only, decrypted through Secrets Manager for that secret only', () => {
    const statements: PolicyStatement[] = [];
    const grantee: Grantee = { roleName: 'bootstrap', addToPolicy: (statement) => statements.push(statement) };
    let refs = { secret: '', key: '' };
    const synth = synthesize((scope) => {
      const network = new Network(scope, 'network', { vpcCidr: '10.10.0.0/16', azNames: ['eu-west-1a', 'eu-west-1b'] });
      const database = new Database(scope, 'database', { ...TEST_DATABASE, network });
      database.masterSecret.grantRead(grantee);
      refs = { secret: database.masterSecret.secretArn, key: scope.keys.secrets.arn };
    });
    expect(JSON.parse(synth.ref(JSON.stringify(statements)))).toEqual([
      {
        Sid: 'ReadMasterSecret',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: synth.ref(refs.secret),
      },
      {
        Sid: 'DecryptSecretsThroughSecretsManager',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: synth.ref(refs.key),
        // Only this secret: Secrets Manager puts its ARN in the encryption context ("SecretARN"):
        // https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-encryption-context
        Condition: {
          StringEquals: {
            'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com',
            'kms:EncryptionContext:SecretARN': synth.ref(refs.secret),
          },
        },
      },
    ]);
  });

  it('turns Enhanced Monitoring on with its own role, assumable by RDS monitoring for this instance only', () => {
    const synth = synthDatabase({ monitoringIntervalSeconds: 15 });
    const instance = synth.only('aws_db_instance');
    const role = Object.values(synth.resources('aws_iam_role')).find((candidate) =>
      candidate.name.endsWith('-monitoring'),
    )!;
    expect(instance.monitoring_interval).toBe(15);
    expect(instance.monitoring_role_arn).toMatch(/^\$\{aws_iam_role\.database_monitoring-role_\w+\.arn\}$/);
    expect(role.name).toBe('rds-platform-dev-mysql-monitoring');
    expect(JSON.parse(role.assume_role_policy).Statement[0]).toEqual({
      Effect: 'Allow',
      Principal: { Service: 'monitoring.rds.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'aws:SourceAccount': '123456789012' },
        ArnLike: { 'aws:SourceArn': 'arn:aws:rds:eu-west-1:123456789012:db:rds-platform-dev-mysql' },
      },
    });
    const policy = Object.values(synth.resources('aws_iam_role_policy')).find(
      (candidate) => candidate.name === 'write-os-metrics',
    )!;
    expect(
      JSON.parse(policy.policy).Statement.map((statement: { Action: string[]; Resource: string }) => [
        statement.Action,
        statement.Resource,
      ]),
    ).toEqual([
      [
        ['logs:CreateLogGroup', 'logs:PutRetentionPolicy'],
        'arn:aws:logs:eu-west-1:123456789012:log-group:RDSOSMetrics',
      ],
      [
        ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams', 'logs:GetLogEvents'],
        'arn:aws:logs:eu-west-1:123456789012:log-group:RDSOSMetrics:log-stream:*',
      ],
    ]);
    expect(synth.resources('aws_iam_role_policy_attachment')).toEqual({});
  });

  it('leaves Enhanced Monitoring off, with no role, at an interval of 0', () => {
    const synth = synthDatabase({ monitoringIntervalSeconds: 0 });
    expect(synth.only('aws_db_instance').monitoring_interval).toBe(0);
    expect(Object.values(synth.resources('aws_iam_role')).map((role) => role.name)).toEqual(['rdsp-dev-vpc-flow-logs']);
  });

  it('rejects an engine version that is not a MySQL version', () => {
    expect(() => synthDatabase({ engineVersion: 'latest' })).toThrow(
      'database.engineVersion: must be a MySQL 8.0 or 8.4 version such as "8.4" or "8.4.5", got "latest".',
    );
  });

  it('opts the default 8.4 out of paid Extended Support, and runs 8.0 on Extended Support only when the config accepts it', () => {
    // dev's settings (TEST_DATABASE): 8.4, extendedSupport false.
    expect(TEST_DATABASE).toMatchObject({ engineVersion: '8.4', extendedSupport: false });
    expect(synthDatabase().only('aws_db_instance').engine_lifecycle_support).toBe(
      'open-source-rds-extended-support-disabled',
    );
    const on845 = synthDatabase({ engineVersion: '8.4.5' });
    expect(on845.only('aws_db_instance').engine_lifecycle_support).toBe('open-source-rds-extended-support-disabled');
    expect(on845.only('aws_db_parameter_group').family).toBe('mysql8.4');

    // 8.0, past standard support: the explicit opt-in is the only way to run it.
    expect(() => synthDatabase({ engineVersion: '8.0' })).toThrow(/^database\.extendedSupport: must be true/);
    const on80 = synthDatabase({ engineVersion: '8.0', extendedSupport: true });
    expect(on80.only('aws_db_instance')).toMatchObject({
      engine_version: '8.0',
      engine_lifecycle_support: 'open-source-rds-extended-support',
    });
    expect(on80.only('aws_db_parameter_group').family).toBe('mysql8.0');
  });

  it('does not turn on blue_green_update: RDS Blue/Green Deployments refuse an instance whose master password RDS manages in Secrets Manager, and this one always has it (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/blue-green-deployments-considerations.html)', () => {
    for (const overrides of [{}, { engineVersion: '8.0', extendedSupport: true }, { deletionProtection: true }]) {
      const instance = synthDatabase(overrides).only('aws_db_instance');
      expect(instance.manage_master_user_password).toBe(true);
      // With blue_green_update the provider would send every later engine, class, storage or parameter group change
      // through CreateBlueGreenDeployment, which RDS refuses for this instance: the apply would fail.
      expect(instance).not.toHaveProperty('blue_green_update');
    }
  });

  it('exposes the engine version the proxy derives its client authentication from', () => {
    const versions: string[] = [];
    for (const overrides of [{}, { engineVersion: '8.0.40', extendedSupport: true }]) {
      synthesize((scope) => {
        const network = new Network(scope, 'network', {
          vpcCidr: '10.10.0.0/16',
          azNames: ['eu-west-1a', 'eu-west-1b'],
        });
        versions.push(new Database(scope, 'database', { ...TEST_DATABASE, ...overrides, network }).engineVersion);
      });
    }
    expect(versions).toEqual(['8.4', '8.0.40']);
  });
});
