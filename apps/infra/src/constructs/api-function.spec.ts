import { Construct } from 'constructs';
import { ApiFunction, ApiFunctionProps } from './api-function';
import { AppSecret } from './app-secret';
import { DatabaseProxy } from './database-proxy';
import { fakeBundleDirectory, FAKE, synthesize } from '../testing/synth-json';

const bundle = fakeBundleDirectory();

function buildApiFunction(scope: Construct, overrides: Partial<ApiFunctionProps> = {}): ApiFunction {
  const appSecret = new AppSecret(scope, 'app-secret', {
    name: 'rdsp-dev/db/app',
    secretsKeyArn: FAKE.secretsKeyArn,
    region: FAKE.region,
  });
  const proxy = new DatabaseProxy(scope, 'proxy', {
    name: 'rdsp-dev',
    region: FAKE.region,
    subnetIds: [...FAKE.dataSubnetIds],
    securityGroupId: FAKE.proxySecurityGroupId,
    dbInstanceIdentifier: 'rdsp-dev-mysql',
    authSecretArn: appSecret.secretArn,
    secretsKeyArn: FAKE.secretsKeyArn,
    authMode: overrides.authMode ?? 'secret',
    maxConnectionsPercent: 30,
    callerTimeoutSeconds: 10,
  });
  return new ApiFunction(scope, 'api', {
    name: 'rdsp-dev-api',
    subnetIds: [...FAKE.appSubnetIds],
    securityGroupId: FAKE.lambdaSecurityGroupId,
    region: FAKE.region,
    accountId: FAKE.accountId,
    memoryMb: 256,
    timeoutSeconds: 10,
    reservedConcurrency: 10,
    dbConnectTimeoutMs: 2000,
    dbQueryTimeoutMs: 3000,
    proxy,
    databaseName: 'app',
    authMode: 'secret',
    appSecret,
    databaseUser: 'serverless',
    proxyIdleClientTimeoutSeconds: 1800,
    environmentKeyArn: FAKE.secretsKeyArn,
    logsKeyArn: FAKE.logsKeyArn,
    logRetentionDays: 14,
    codeDirectory: bundle,
    ...overrides,
  });
}

const synthApi = (overrides: Partial<ApiFunctionProps> = {}) =>
  synthesize((scope) => buildApiFunction(scope, overrides));
const apiPolicyStatements = (synth: ReturnType<typeof synthApi>) =>
  Object.values(synth.resources('aws_iam_role_policy'))
    .filter((policy) => policy.role.includes('aws_iam_role.api_'))
    .flatMap((policy) => JSON.parse(policy.policy).Statement);

describe('ApiFunction', () => {
  it('runs the api-lambda bundle on nodejs22.x arm64 with a source code hash', () => {
    const lambda = synthApi().only('aws_lambda_function');
    expect(lambda).toMatchObject({ runtime: 'nodejs22.x', architectures: ['arm64'], handler: 'index.handler' });
    expect(lambda.filename).toMatch(/^assets\/.+\/lambda\.zip$/);
    expect(lambda.source_code_hash).toBe(`\${filebase64sha256("${lambda.filename}")}`);
  });

  it('sits in the app subnets behind the Lambda security group', () => {
    expect(synthApi().only('aws_lambda_function').vpc_config).toEqual({
      subnet_ids: ['subnet-app-a', 'subnet-app-b'],
      security_group_ids: ['sg-lambda'],
    });
  });

  it('takes memory, timeout and reserved concurrency from its props', () => {
    const lambda = synthApi({ memoryMb: 512, timeoutSeconds: 8, reservedConcurrency: 25 }).only('aws_lambda_function');
    expect(lambda).toMatchObject({ memory_size: 512, timeout: 8, reserved_concurrent_executions: 25 });
  });

  it('passes its database connect and statement timeouts to db-client through the environment', () => {
    const lambda = synthApi({ dbConnectTimeoutMs: 1500, dbQueryTimeoutMs: 2500 }).only('aws_lambda_function');
    expect(lambda.environment.variables).toMatchObject({ DB_CONNECT_TIMEOUT_MS: '1500', DB_QUERY_TIMEOUT_MS: '2500' });
  });

  it('traces with X-Ray and logs JSON to its own encrypted log group with retention', () => {
    const synth = synthApi();
    const lambda = synth.only('aws_lambda_function');
    expect(lambda.tracing_config).toEqual({ mode: 'Active' });
    expect(synth.only('aws_cloudwatch_log_group')).toMatchObject({
      name: '/aws/lambda/rdsp-dev-api',
      retention_in_days: 14,
      kms_key_id: FAKE.logsKeyArn,
    });
    expect(lambda.logging_config).toMatchObject({ log_format: 'JSON' });
    expect(lambda.logging_config.log_group).toMatch(/aws_cloudwatch_log_group\.\S+\.name/);
    expect(lambda.kms_key_arn).toBe(FAKE.secretsKeyArn);
  });

  it('in secret mode points at the proxy and the app secret and may read only that secret', () => {
    const synth = synthApi({ authMode: 'secret' });
    const variables = synth.only('aws_lambda_function').environment.variables;
    expect(variables).toMatchObject({
      DB_PORT: '3306',
      DB_NAME: 'app',
      DB_AUTH_MODE: 'secret',
      POWERTOOLS_SERVICE_NAME: 'rdsp-dev-api',
      SECRET_CACHE_TTL_SECONDS: '300',
    });
    expect(variables.DB_HOST).toMatch(/^\$\{aws_db_proxy\.\S+\.endpoint\}$/);
    expect(variables.DB_SECRET_ARN).toMatch(/^\$\{aws_secretsmanager_secret\.\S+\.arn\}$/);
    expect(variables).not.toHaveProperty('DB_USER');
    const statements = apiPolicyStatements(synth);
    expect(statements.find((s) => s.Action.includes('secretsmanager:GetSecretValue')).Resource).toBe(
      variables.DB_SECRET_ARN,
    );
    expect(statements.flatMap((s) => s.Action)).not.toContain('rds-db:connect');
  });

  it('in iam mode connects as the app user with rds-db:connect on that user behind this proxy only', () => {
    const synth = synthApi({ authMode: 'iam' });
    const variables = synth.only('aws_lambda_function').environment.variables;
    expect(variables).toMatchObject({ DB_AUTH_MODE: 'iam', DB_USER: 'serverless' });
    expect(variables).not.toHaveProperty('DB_SECRET_ARN');
    const statements = apiPolicyStatements(synth);
    const connect = statements.find((s) => s.Action.includes('rds-db:connect'));
    expect(connect.Resource).toMatch(/:dbuser:\$\{element\(local\.\S+, 6\)\}\/serverless$/);
    expect(statements.flatMap((s) => s.Action)).not.toContain('secretsmanager:GetSecretValue');
  });

  it('writes logs only to its own log group and uses "*" only for X-Ray and the EC2 Describe calls', () => {
    const statements = apiPolicyStatements(synthApi());
    const logs = statements.find((s) => s.Action.includes('logs:PutLogEvents'));
    expect(logs.Action.sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(logs.Resource).toMatch(/^\$\{aws_cloudwatch_log_group\.\S+\.arn\}:\*$/);
    const wildcards = statements.filter((s) => [s.Resource].flat().includes('*'));
    expect(wildcards.flatMap((s) => s.Action).sort()).toEqual([
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeSubnets',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });

  it('creates network interfaces only in its own subnets and security group, and manages them in its account and region', () => {
    const statements = apiPolicyStatements(synthApi());
    const resourcesOf = (action: string) =>
      statements.filter((s) => s.Action.includes(action)).flatMap((s) => s.Resource);
    const interfaces = 'arn:aws:ec2:eu-west-1:123456789012:network-interface/*';
    expect(resourcesOf('ec2:CreateNetworkInterface').sort()).toEqual([
      interfaces,
      'arn:aws:ec2:eu-west-1:123456789012:security-group/sg-lambda',
      'arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-app-a',
      'arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-app-b',
    ]);
    for (const action of [
      'ec2:DeleteNetworkInterface',
      'ec2:AssignPrivateIpAddresses',
      'ec2:UnassignPrivateIpAddresses',
    ]) {
      expect({ action, resources: resourcesOf(action) }).toEqual({ action, resources: [interfaces] });
    }
  });

  it('has a role only Lambda can assume, with no managed policy attached', () => {
    const synth = synthApi();
    const role = Object.values(synth.resources('aws_iam_role')).find((r) => r.name === 'rdsp-dev-api');
    expect(JSON.parse(role?.assume_role_policy).Statement[0].Principal).toEqual({ Service: 'lambda.amazonaws.com' });
    expect(synth.resources('aws_iam_role_policy_attachment')).toEqual({});
  });

  it('refuses to synthesize without a built bundle and says how to build it', () => {
    expect(() => synthApi({ codeDirectory: '/nonexistent/dist/apps/api-lambda' })).toThrow(
      '/nonexistent/dist/apps/api-lambda/lambda.zip is missing: run `npx nx run api-lambda:build` first.',
    );
  });
});
