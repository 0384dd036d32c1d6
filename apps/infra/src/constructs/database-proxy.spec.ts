import { TerraformOutput } from 'cdktf';
import { DatabaseProxy, DatabaseProxyProps } from './database-proxy';
import { FAKE, synthesize } from '../testing/synth-json';

const AUTH_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds-platform/dev/db/app-AbCdEf';

const props = (overrides: Partial<DatabaseProxyProps> = {}): DatabaseProxyProps => ({
  name: 'rds-platform-dev',
  region: FAKE.region,
  subnetIds: [...FAKE.dataSubnetIds],
  securityGroupId: FAKE.proxySecurityGroupId,
  dbInstanceIdentifier: 'rds-platform-dev-mysql',
  authSecretArn: AUTH_SECRET,
  secretsKeyArn: FAKE.secretsKeyArn,
  authMode: 'secret',
  maxConnectionsPercent: 30,
  callerTimeoutSeconds: 10,
  ...overrides,
});

const synthProxy = (overrides: Partial<DatabaseProxyProps> = {}) =>
  synthesize((scope) => new DatabaseProxy(scope, 'proxy', props(overrides)));

describe('DatabaseProxy', () => {
  it('is a MySQL proxy that requires TLS, in the data subnets behind the proxy security group', () => {
    expect(synthProxy().only('aws_db_proxy')).toMatchObject({
      engine_family: 'MYSQL',
      require_tls: true,
      vpc_subnet_ids: ['subnet-data-a', 'subnet-data-b'],
      vpc_security_group_ids: ['sg-proxy'],
      idle_client_timeout: 1800,
    });
  });

  it('logs in to the database with the given secret', () => {
    const [auth] = synthProxy().only('aws_db_proxy').auth;
    expect(auth).toMatchObject({ auth_scheme: 'SECRETS', secret_arn: AUTH_SECRET });
  });

  it('requires IAM auth in iam mode and disables it in secret mode', () => {
    expect(synthProxy({ authMode: 'iam' }).only('aws_db_proxy').auth[0].iam_auth).toBe('REQUIRED');
    expect(synthProxy({ authMode: 'secret' }).only('aws_db_proxy').auth[0].iam_auth).toBe('DISABLED');
  });

  it('has its own role, assumable by RDS only, reading exactly the auth secret', () => {
    const synth = synthProxy();
    const trust = JSON.parse(synth.only('aws_iam_role').assume_role_policy);
    expect(trust.Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'rds.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    expect(synth.only('aws_db_proxy').role_arn).toMatch(/aws_iam_role\.\S+\.arn/);
    const [read, decrypt] = synth.policyStatements();
    expect(read).toMatchObject({ Action: ['secretsmanager:GetSecretValue'], Resource: [AUTH_SECRET] });
    expect(decrypt).toMatchObject({
      Action: ['kms:Decrypt'],
      Resource: FAKE.secretsKeyArn,
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
    });
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

  it('targets the DB instance through the default target group', () => {
    const target = synthProxy().only('aws_db_proxy_target');
    expect(target.db_instance_identifier).toBe('rds-platform-dev-mysql');
    expect(target.target_group_name).toMatch(/aws_db_proxy_default_target_group\.\S+\.name/);
  });

  it('grants rds-db:connect on one database user behind this proxy, derived from the proxy ARN', () => {
    const synth = synthesize((scope) => {
      new DatabaseProxy(scope, 'proxy', props({ authMode: 'iam' })).grantConnect('api-role', 'app_user');
    });
    const grant = Object.values(synth.resources('aws_iam_role_policy')).find((policy) => policy.role === 'api-role');
    const [statement] = JSON.parse(grant?.policy).Statement;
    expect(statement.Action).toEqual(['rds-db:connect']);
    const arnPart = (index: number) => `\\$\\{element\\(local\\.\\S+, ${index}\\)\\}`;
    expect(statement.Resource).toMatch(
      new RegExp(`^arn:${arnPart(1)}:rds-db:${arnPart(3)}:${arnPart(4)}:dbuser:${arnPart(6)}/app_user$`),
    );
    const [arnParts] = Object.values(synth.json.locals);
    expect(arnParts).toMatch(/^\$\{split\(":", aws_db_proxy\.\S+\.arn\)\}$/);
    expect(synth.json.data).toBeUndefined();
  });

  it('exposes the proxy endpoint and the resource id', () => {
    const synth = synthesize((scope) => {
      const proxy = new DatabaseProxy(scope, 'proxy', props());
      new TerraformOutput(scope, 'endpoint', { value: proxy.endpoint });
      new TerraformOutput(scope, 'resource_id', { value: proxy.resourceId });
    });
    expect(synth.json.output.endpoint.value).toMatch(/^\$\{aws_db_proxy\.\S+\.endpoint\}$/);
    expect(synth.json.output.resource_id.value).toMatch(/^\$\{element\(local\.\S+, 6\)\}$/);
  });

  it('rejects a pool percentage outside 1..100', () => {
    expect(() => synthProxy({ maxConnectionsPercent: 0 })).toThrow(
      'maxConnectionsPercent: 0 must be a whole percentage from 1 to 100.',
    );
  });

  it('rejects more idle connections than connections', () => {
    expect(() => synthProxy({ maxConnectionsPercent: 20, maxIdleConnectionsPercent: 50 })).toThrow(
      'maxIdleConnectionsPercent: 50 must not exceed maxConnectionsPercent (20).',
    );
  });

  it('rejects a borrow timeout that is not below the caller timeout', () => {
    expect(() => synthProxy({ callerTimeoutSeconds: 10, connectionBorrowTimeoutSeconds: 10 })).toThrow(
      'connectionBorrowTimeoutSeconds: 10 s must be below the caller timeout of 10 s',
    );
  });

  it('rejects a database user name that could widen the grant', () => {
    expect(() =>
      synthesize((scope) => new DatabaseProxy(scope, 'proxy', props()).grantConnect('api-role', '*')),
    ).toThrow('dbUser: "*" must be 1-32 letters, digits or underscores.');
  });
});
