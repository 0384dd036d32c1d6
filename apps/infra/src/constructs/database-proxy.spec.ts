import { TerraformOutput } from 'cdktf';
import { DEFAULT_ALARM_THRESHOLDS } from '../config/environment-rules';
import type { DatabaseProps } from './database';
import { DatabaseProxy, DatabaseProxyProps } from './database-proxy';
import type { Grantee, PolicyStatement } from './grants';
import { foundation } from '../testing/foundation';
import { synthesize, sharedByArguments } from '../testing/synth-json';

type Overrides = Partial<Omit<DatabaseProxyProps, 'database' | 'secret' | 'network' | 'secretsEndpoint'>>;

/** A proxy over the real foundation, and the references its JSON should name. */
function synthProxyUncached(
  overrides: Overrides = {},
  more: (proxy: DatabaseProxy) => void = () => undefined,
  databaseOverrides: Partial<Omit<DatabaseProps, 'network'>> = {},
) {
  const tokens = { subnets: [] as string[], group: '', secret: '', masterSecret: '', secretsKey: '', instance: '' };
  const synth = synthesize((scope) => {
    const { network, secretsEndpoint, database, appSecret } = foundation(scope, databaseOverrides);
    const proxy = new DatabaseProxy(scope, 'proxy', {
      database,
      secret: appSecret,
      network,
      secretsEndpoint,
      authMode: 'secret',
      maxConnectionsPercent: 30,
      callerTimeoutSeconds: 10,
      ...overrides,
    });
    more(proxy);
    Object.assign(tokens, {
      subnets: network.dataSubnetIds,
      group: proxy.connections.securityGroupId,
      secret: appSecret.secretArn,
      masterSecret: database.masterSecret.secretArn,
      secretsKey: scope.keys.secrets.arn,
      instance: database.instanceId,
    });
  });
  const refs = {
    subnets: tokens.subnets.map(synth.ref),
    group: synth.ref(tokens.group),
    secret: synth.ref(tokens.secret),
    masterSecret: synth.ref(tokens.masterSecret),
    secretsKey: synth.ref(tokens.secretsKey),
    instance: synth.ref(tokens.instance),
  };
  return Object.assign(synth, { refs });
}
/** Synthesized once per distinct set of plain-data arguments for this file and shared (cases only read it). */
const synthProxy = sharedByArguments(synthProxyUncached);

const roleNamed = (synth: ReturnType<typeof synthProxy>, name: string) =>
  Object.entries(synth.resources('aws_iam_role')).find(([, role]) => role.name === name)!;

describe('DatabaseProxy', () => {
  it('is a MySQL proxy that requires TLS, in the data subnets behind its own security group', () => {
    const synth = synthProxy();
    expect(synth.only('aws_db_proxy')).toMatchObject({
      name: 'rdsp-dev-proxy',
      engine_family: 'MYSQL',
      require_tls: true,
      debug_logging: false,
      vpc_subnet_ids: synth.refs.subnets,
      vpc_security_group_ids: [synth.refs.group],
      idle_client_timeout: 1800,
    });
    expect(synth.refs.subnets[0]).toMatch(/aws_subnet\.network_data-subnet-/);
    expect(synth.refs.group).toMatch(/aws_security_group\.security-groups_proxy_/);
  });

  it('opens its own paths to the database (3306) and the Secrets Manager endpoint (443)', () => {
    const rules = Object.values(synthProxy().resources('aws_vpc_security_group_egress_rule'));
    expect(rules.map((rule) => [rule.from_port, rule.description]).sort()).toEqual([
      [3306, 'RDS Proxy to database: egress'],
      [443, 'RDS Proxy to Secrets Manager endpoint: egress'],
    ]);
  });

  it('logs in to the database with the given secret', () => {
    const synth = synthProxy();
    expect(synth.only('aws_db_proxy').auth[0]).toMatchObject({ auth_scheme: 'SECRETS', secret_arn: synth.refs.secret });
  });

  it('has clients authenticate with caching_sha2_password on MySQL 8.4, the plugin MySQL 8.4 creates accounts with (https://dev.mysql.com/doc/refman/8.4/en/caching-sha2-pluggable-authentication.html), in both auth modes', () => {
    for (const authMode of ['secret', 'iam'] as const) {
      // The foundation's database is dev's: MySQL 8.4.
      expect(synthProxy({ authMode }).only('aws_db_proxy').auth[0]).toMatchObject({
        client_password_auth_type: 'MYSQL_CACHING_SHA2_PASSWORD',
      });
    }
    // A minor version pinned in config maps the same way.
    expect(
      synthProxy({}, undefined, { engineVersion: '8.4.5' }).only('aws_db_proxy').auth[0].client_password_auth_type,
    ).toBe('MYSQL_CACHING_SHA2_PASSWORD');
  });

  it('leaves client_password_auth_type to RDS’s default on MySQL 8.0 (the provider computes it; https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_UserAuthConfig.html)', () => {
    const auth = synthProxy({}, undefined, { engineVersion: '8.0', extendedSupport: true }).only('aws_db_proxy')
      .auth[0];
    expect(auth).toMatchObject({ auth_scheme: 'SECRETS', iam_auth: 'DISABLED' });
    expect(auth).not.toHaveProperty('client_password_auth_type');
  });

  it('requires IAM auth in iam mode and disables it in secret mode', () => {
    expect(synthProxy({ authMode: 'iam' }).only('aws_db_proxy').auth[0].iam_auth).toBe('REQUIRED');
    expect(synthProxy({ authMode: 'secret' }).only('aws_db_proxy').auth[0].iam_auth).toBe('DISABLED');
  });

  it('has its own role, assumable only by RDS proxies of this account, reading and decrypting exactly the login secret through Secrets Manager', () => {
    const synth = synthProxy();
    const [roleId, role] = roleNamed(synth, 'rdsp-dev-proxy-role');
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'rds.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': '123456789012' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:rds:eu-west-1:123456789012:db-proxy:*' },
        },
      },
    ]);
    expect(synth.only('aws_db_proxy').role_arn).toBe(`\${aws_iam_role.${roleId}.arn}`);
    const policies = Object.values(synth.resources('aws_iam_role_policy')).filter(
      (policy) => policy.role === `\${aws_iam_role.${roleId}.name}`,
    );
    expect(policies).toHaveLength(1);
    expect(policies[0].name).toBe('read-auth-secret');
    expect(JSON.parse(policies[0].policy).Statement).toEqual([
      {
        Sid: 'ReadAppSecret',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: synth.refs.secret,
      },
      {
        Sid: 'DecryptSecretsThroughSecretsManager',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: synth.refs.secretsKey,
        // The login secret only, not the master secret on the same key: Secrets Manager puts the secret's ARN in
        // the encryption context ("SecretARN", https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-encryption-context).
        Condition: {
          StringEquals: {
            'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com',
            'kms:EncryptionContext:SecretARN': synth.refs.secret,
          },
        },
      },
    ]);
    expect(synth.refs.masterSecret).toMatch(/master_user_secret\[0\]\.secret_arn/);
    expect(policies[0].policy).not.toContain(synth.refs.masterSecret);
    // The proxy must be able to read its secret when it first starts.
    const [policyId] = Object.entries(synth.resources('aws_iam_role_policy')).find(
      ([, policy]) => policy === policies[0],
    )!;
    const [logGroupId] = Object.keys(synth.resources('aws_cloudwatch_log_group')).filter((id) =>
      id.startsWith('proxy_'),
    );
    expect(synth.only('aws_db_proxy').depends_on).toEqual([
      `aws_iam_role_policy.${policyId}`,
      `aws_cloudwatch_log_group.${logGroupId}`,
    ]);
  });

  it('creates its log group first, encrypted with the logs key and kept for the stack retention', () => {
    const synth = synthProxy();
    const logGroup = Object.values(synth.resources('aws_cloudwatch_log_group')).find((group) =>
      group.name.startsWith('/aws/rds/proxy/'),
    );
    expect(logGroup).toMatchObject({ name: '/aws/rds/proxy/rdsp-dev-proxy', retention_in_days: 14 });
    expect(logGroup?.kms_key_id).toMatch(/^\$\{aws_kms_key\.encryption-keys_logs_key_\w+\.arn\}$/);
  });

  it('caps the pool and gives up borrowing a connection before the caller times out', () => {
    const pool = synthProxy({ maxConnectionsPercent: 30, callerTimeoutSeconds: 10 }).only(
      'aws_db_proxy_default_target_group',
    ).connection_pool_config;
    expect(pool).toEqual({
      max_connections_percent: 30,
      max_idle_connections_percent: 15,
      connection_borrow_timeout: 5,
    });
  });

  it('accepts no idle connections at all, as AWS does', () => {
    const pool = synthProxy({ maxIdleConnectionsPercent: 0 }).only('aws_db_proxy_default_target_group');
    expect(pool.connection_pool_config.max_idle_connections_percent).toBe(0);
  });

  it('targets the DB instance through the default target group', () => {
    const synth = synthProxy();
    const target = synth.only('aws_db_proxy_target');
    expect(target.db_instance_identifier).toBe(synth.refs.instance);
    expect(target.target_group_name).toMatch(/aws_db_proxy_default_target_group\.\S+\.name/);
  });

  it('watches the availability of its target in its default target group, the dimensions AvailabilityPercentage has (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.monitoring.html)', () => {
    let dimensions: Readonly<Record<string, string>> = {};
    const synth = synthProxy({}, (proxy) => {
      const availability = proxy
        .alarmDefinitions(DEFAULT_ALARM_THRESHOLDS)
        .find((alarm) => alarm.metricName === 'AvailabilityPercentage')!;
      dimensions = availability.dimensions;
    });
    expect(Object.keys(dimensions).sort()).toEqual(['ProxyName', 'TargetGroup', 'TargetRole']);
    expect(synth.ref(dimensions.TargetGroup)).toMatch(/^\$\{aws_db_proxy_default_target_group\.[\w-]+\.name\}$/);
    expect(synth.ref(dimensions.ProxyName)).toMatch(/^\$\{aws_db_proxy\.[\w-]+\.name\}$/);
    expect(dimensions.TargetRole).toBe('READ_WRITE');
  });

  it('grants rds-db:connect on one database user behind this proxy, derived from the proxy ARN', () => {
    const statements: PolicyStatement[] = [];
    const grantee: Grantee = { roleName: 'api', addToPolicy: (statement) => statements.push(statement) };
    const synth = synthProxy({ authMode: 'iam' }, (proxy) => proxy.grantConnect(grantee, 'app_user'));
    expect(statements).toHaveLength(1);
    const [statement] = statements;
    expect(statement).toMatchObject({
      Sid: 'ConnectThroughProxyAsappuser',
      Effect: 'Allow',
      Action: ['rds-db:connect'],
    });
    const arnPart = (index: number) => `\\$\\{element\\(local\\.\\S+, ${index}\\)\\}`;
    expect(synth.ref(statement.Resource as string)).toMatch(
      new RegExp(`^arn:${arnPart(1)}:rds-db:${arnPart(3)}:${arnPart(4)}:dbuser:${arnPart(6)}/app_user$`),
    );
    const [arnParts] = Object.values(synth.json.locals);
    expect(arnParts).toMatch(/^\$\{split\(":", aws_db_proxy\.\S+\.arn\)\}$/);
    expect(synth.json.data).toBeUndefined();
  });

  it('lets one grantee connect as several users, one statement each', () => {
    const statements: PolicyStatement[] = [];
    const grantee: Grantee = { roleName: 'api', addToPolicy: (statement) => statements.push(statement) };
    synthProxy({ authMode: 'iam' }, (proxy) => {
      proxy.grantConnect(grantee, 'app_user');
      proxy.grantConnect(grantee, 'reporting');
    });
    expect(statements.map((statement) => statement.Sid)).toEqual([
      'ConnectThroughProxyAsappuser',
      'ConnectThroughProxyAsreporting',
    ]);
  });

  it('exposes the proxy endpoint and the resource id', () => {
    const synth = synthProxy({}, (proxy) => {
      new TerraformOutput(proxy, 'endpoint', { value: proxy.endpoint });
      new TerraformOutput(proxy, 'resource_id', { value: proxy.resourceId });
    });
    const outputs = Object.values(synth.json.output) as { value: string }[];
    expect(outputs.map((output) => output.value)).toEqual([
      expect.stringMatching(/^\$\{aws_db_proxy\.\S+\.endpoint\}$/),
      expect.stringMatching(/^\$\{element\(local\.\S+, 6\)\}$/),
    ]);
  });

  it('rejects a pool percentage outside 1..100', () => {
    expect(() => synthProxy({ maxConnectionsPercent: 0 })).toThrow(
      'proxy.maxConnectionsPercent: must be a whole number from 1 to 100, got 0.',
    );
  });

  it('rejects more idle connections than connections', () => {
    expect(() => synthProxy({ maxConnectionsPercent: 20, maxIdleConnectionsPercent: 50 })).toThrow(
      'proxy.maxIdleConnectionsPercent: must be a whole number from 0 to 20, got 50.',
    );
  });

  it('rejects a borrow timeout that is not below the caller timeout', () => {
    expect(() => synthProxy({ callerTimeoutSeconds: 10, connectionBorrowTimeoutSeconds: 10 })).toThrow(
      'proxy.connectionBorrowTimeoutSeconds: must be a whole number from 1 to 9 (one second below lambda.timeoutSeconds = 10), got 10.',
    );
  });

  it('rejects an idle client timeout beyond the 8 hours AWS allows', () => {
    expect(() => synthProxy({ idleClientTimeoutSeconds: 28801 })).toThrow(
      'proxy.idleClientTimeoutSeconds: must be a whole number from 1 to 28800, got 28801.',
    );
  });

  it('rejects a database user name that could widen the grant', () => {
    const grantee: Grantee = { roleName: 'api', addToPolicy: () => undefined };
    expect(() => synthProxy({}, (proxy) => proxy.grantConnect(grantee, '*'))).toThrow(
      'dbUser: must be 1-32 letters, digits or underscores, got "*".',
    );
  });
});
