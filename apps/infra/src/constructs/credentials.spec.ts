import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { Construct } from 'constructs';
import { AppSecret } from './app-secret';
import { Credentials, CredentialsProps } from './credentials';
import { fakeBundleDirectory, FAKE, synthesize, TerraformBlock } from '../testing/synth-json';

const bundle = fakeBundleDirectory();
const MASTER_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1234-AbCdEf';
const APP_SECRET = /^\$\{aws_secretsmanager_secret\.\S+\.arn\}$/;

/** `inScope` adds props that are resources of the same stack (e.g. what bootstrap depends on). */
const synthCredentials = (
  overrides: Partial<CredentialsProps> = {},
  inScope: (scope: Construct) => Partial<CredentialsProps> = () => ({}),
) =>
  synthesize((scope) => {
    const appSecret = new AppSecret(scope, 'app-secret', {
      name: 'rdsp-dev/db/app',
      secretsKeyArn: FAKE.secretsKeyArn,
      region: FAKE.region,
    });
    new Credentials(scope, 'credentials', {
      namePrefix: 'rdsp-dev',
      subnetIds: [...FAKE.appSubnetIds],
      securityGroupId: FAKE.rotationSecurityGroupId,
      region: FAKE.region,
      accountId: FAKE.accountId,
      appSecret,
      masterSecretArn: MASTER_SECRET,
      database: { endpoint: 'db.internal', port: 3306, databaseName: 'app' },
      appUsername: 'serverless',
      automaticallyAfterDays: 30,
      rotationReservedConcurrency: 2,
      environmentKeyArn: FAKE.secretsKeyArn,
      logsKeyArn: FAKE.logsKeyArn,
      logRetentionDays: 14,
      codeDirectory: bundle,
      ...overrides,
      ...inScope(scope),
    });
  });

const functionNamed = (synth: ReturnType<typeof synthCredentials>, name: string) =>
  Object.values(synth.resources('aws_lambda_function')).find(
    (lambda) => lambda.function_name === name,
  ) as TerraformBlock;
const statementsOfRole = (synth: ReturnType<typeof synthCredentials>, roleName: string): TerraformBlock[] => {
  const [roleId] = Object.entries(synth.resources('aws_iam_role')).find(([, role]) => role.name === roleName) ?? [];
  return Object.values(synth.resources('aws_iam_role_policy'))
    .filter((policy) => policy.role === `\${aws_iam_role.${roleId}.name}`)
    .flatMap((policy) => JSON.parse(policy.policy).Statement);
};
const actionsOn = (statements: TerraformBlock[], resource: string | RegExp) =>
  statements
    .filter((s) =>
      [s.Resource].flat().some((r: string) => (typeof resource === 'string' ? r === resource : resource.test(r))),
    )
    .flatMap((s) => s.Action)
    .sort();

describe('Credentials', () => {
  it('runs rotation and bootstrap from the rotation-lambda bundle in the app subnets behind the rotation SG', () => {
    const synth = synthCredentials();
    const rotation = functionNamed(synth, 'rdsp-dev-secret-rotation');
    const bootstrap = functionNamed(synth, 'rdsp-dev-db-bootstrap');
    expect(rotation.handler).toBe('index.handler');
    expect(bootstrap.handler).toBe('index.bootstrap');
    expect(bootstrap.filename).toBe(rotation.filename);
    for (const lambda of [rotation, bootstrap]) {
      expect(lambda).toMatchObject({ runtime: 'nodejs22.x', architectures: ['arm64'] });
      expect(lambda.vpc_config).toEqual({
        subnet_ids: ['subnet-app-a', 'subnet-app-b'],
        security_group_ids: ['sg-rotation'],
      });
    }
  });

  it('reserves concurrency: the configured amount for rotation, one for bootstrap', () => {
    const synth = synthCredentials({ rotationReservedConcurrency: 1 });
    expect(functionNamed(synth, 'rdsp-dev-secret-rotation').reserved_concurrent_executions).toBe(1);
    expect(functionNamed(synth, 'rdsp-dev-db-bootstrap').reserved_concurrent_executions).toBe(1);
    expect(functionNamed(synthCredentials(), 'rdsp-dev-secret-rotation').reserved_concurrent_executions).toBe(2);
  });

  it('lets the rotation function rotate the app secret and generate passwords, and nothing on the master secret', () => {
    const statements = statementsOfRole(synthCredentials(), 'rdsp-dev-secret-rotation');
    expect(actionsOn(statements, APP_SECRET)).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
      'secretsmanager:PutSecretValue',
      'secretsmanager:UpdateSecretVersionStage',
    ]);
    expect(actionsOn(statements, MASTER_SECRET)).toEqual([]);
    expect(actionsOn(statements, FAKE.secretsKeyArn)).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
  });

  it('lets only the bootstrap function read the RDS-managed master secret', () => {
    const statements = statementsOfRole(synthCredentials(), 'rdsp-dev-db-bootstrap');
    expect(actionsOn(statements, MASTER_SECRET)).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
    ]);
  });

  it('lets bootstrap read and write the app secret but not move its labels (it never calls UpdateSecretVersionStage)', () => {
    const statements = statementsOfRole(synthCredentials(), 'rdsp-dev-db-bootstrap');
    expect(actionsOn(statements, APP_SECRET)).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
      'secretsmanager:PutSecretValue',
    ]);
    expect(actionsOn(statements, FAKE.secretsKeyArn)).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(actionsOn(statements, '*')).toContain('secretsmanager:GetRandomPassword');
  });

  it('uses "*" only for GetRandomPassword, X-Ray and EC2 Describe calls, and decrypts only through Secrets Manager', () => {
    const synth = synthCredentials();
    for (const role of ['rdsp-dev-secret-rotation', 'rdsp-dev-db-bootstrap']) {
      const statements = statementsOfRole(synth, role);
      expect(actionsOn(statements, '*')).toEqual([
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSubnets',
        'secretsmanager:GetRandomPassword',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ]);
      const kms = statements.find((s) => s.Resource === FAKE.secretsKeyArn);
      expect(kms?.Condition).toEqual({ StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } });
    }
  });

  it('lets Secrets Manager invoke the rotation function for the app secret only', () => {
    const permission = synthCredentials().only('aws_lambda_permission');
    expect(permission).toMatchObject({ action: 'lambda:InvokeFunction', principal: 'secretsmanager.amazonaws.com' });
    expect(permission.source_arn).toMatch(APP_SECRET);
    expect(permission.function_name).toMatch(/aws_lambda_function\.credentials_rotation_\S+\.function_name/);
  });

  it('invokes bootstrap with names and addresses only, again when its input or code changes', () => {
    const invocation = synthCredentials().only('aws_lambda_invocation');
    expect(invocation.function_name).toMatch(/aws_lambda_function\.credentials_bootstrap_\S+\.function_name/);
    expect(invocation.input).toMatch(/^\$\{jsonencode\(\{/);
    for (const key of ['schema', 'username', 'appSecretArn', 'masterSecretArn', 'host', 'port']) {
      expect(invocation.input).toContain(`"${key}" = `);
    }
    expect(invocation.input).toContain('"host" = "db.internal"');
    expect(invocation.input).not.toMatch(/password"\s*=/i);
    expect(invocation.triggers.input).toMatch(/^\$\{sha256\(jsonencode\(/);
    expect(invocation.triggers.code).toMatch(/aws_lambda_function\.credentials_bootstrap_\S+\.source_code_hash/);
  });

  it('invokes bootstrap only after the resources of its network path exist', () => {
    const synth = synthCredentials({}, (scope) => ({
      bootstrapDependsOn: [
        new VpcEndpoint(scope, 'endpoint', { vpcId: 'vpc-1', serviceName: 'com.amazonaws.x.secretsmanager' }),
      ],
    }));
    expect(synth.only('aws_lambda_invocation').depends_on).toEqual([
      expect.stringMatching(/^aws_vpc_endpoint\.endpoint/),
    ]);
    expect(synthCredentials().only('aws_lambda_invocation')).not.toHaveProperty('depends_on');
  });

  it('re-runs bootstrap when a prerequisite is replaced (its id joins the triggers)', () => {
    const invocation = synthCredentials({ bootstrapPrerequisiteIds: ['vpce-123'] }).only('aws_lambda_invocation');
    expect(invocation.triggers.prerequisites).toBe('${join(",", ["vpce-123"])}');
  });

  it('rotates the app secret on the configured schedule, after bootstrap wrote its first version', () => {
    const synth = synthCredentials({ automaticallyAfterDays: 7 });
    const schedule = synth.only('aws_secretsmanager_secret_rotation');
    expect(schedule.secret_id).toMatch(APP_SECRET);
    expect(schedule.rotation_lambda_arn).toMatch(/aws_lambda_function\.credentials_rotation_\S+\.arn/);
    expect(schedule.rotation_rules).toEqual({ automatically_after_days: 7 });
    expect(schedule.depends_on).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^aws_lambda_invocation\./),
        expect.stringMatching(/^aws_lambda_permission\./),
      ]),
    );
  });

  it('puts no secret into the functions environment', () => {
    const synth = synthCredentials();
    for (const lambda of Object.values(synth.resources('aws_lambda_function'))) {
      expect(Object.keys(lambda.environment.variables)).toEqual(['POWERTOOLS_SERVICE_NAME']);
    }
  });

  it('refuses to synthesize without a built bundle and says how to build it', () => {
    expect(() => synthCredentials({ codeDirectory: '/nonexistent/rotation-lambda' })).toThrow(
      'run `npx nx run rotation-lambda:build` first.',
    );
  });
});
