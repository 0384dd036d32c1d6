import { Token } from 'cdktf';
import { Credentials, CredentialsProps } from './credentials';
import type { PlatformStack } from './platform-stack';
import { HTTPS_PORT, MYSQL_PORT } from './security-groups';
import { foundation } from '../testing/foundation';
import { fakeBundleDirectory, synthesize, TerraformBlock, sharedByArguments } from '../testing/synth-json';

const bundle = fakeBundleDirectory();

function synthCredentialsUncached(overrides: Partial<CredentialsProps> = {}) {
  let built: (ReturnType<typeof foundation> & { stack: PlatformStack; credentials: Credentials }) | undefined;
  const synth = synthesize((stack) => {
    const parts = foundation(stack);
    const credentials = new Credentials(stack, 'credentials', {
      network: parts.network,
      appSecret: parts.appSecret,
      database: parts.database,
      secretsEndpoint: parts.secretsEndpoint,
      appUsername: 'serverless',
      automaticallyAfterDays: 30,
      rotationReservedConcurrency: 2,
      codeDirectory: bundle,
      ...overrides,
    });
    built = { ...parts, stack, credentials };
  });
  if (!built) throw new Error('the build did not run');
  const { appSecret, database, stack } = built;
  return {
    synth,
    ...built,
    /** The app secret, the RDS-managed master secret and the stack's secrets key, as they appear in the JSON. */
    appSecretArn: synth.ref(appSecret.secretArn),
    masterSecretArn: synth.ref(database.masterSecret.secretArn),
    secretsKeyArn: synth.ref(stack.keys.secrets.arn),
  };
}
/** Synthesized once per distinct set of plain-data arguments for this file and shared (cases only read it). */
const synthCredentials = sharedByArguments(synthCredentialsUncached);

type SynthesizedCredentials = ReturnType<typeof synthCredentials>;

/** `${aws_x.y.attr}` -> `aws_x.y.attr`, a reference as it appears inside a larger expression. */
const expression = (reference: string) => reference.replace(/^\$\{(.*)\}$/, '$1');

const functionNamed = ({ synth }: SynthesizedCredentials, name: string): [string, TerraformBlock] => {
  const matches = Object.entries(synth.resources('aws_lambda_function')).filter(
    ([, lambda]) => lambda.function_name === name,
  );
  if (matches.length !== 1) throw new Error(`expected exactly one function ${name}, found ${matches.length}`);
  return matches[0];
};
const statementsOfRole = ({ synth }: SynthesizedCredentials, roleName: string): TerraformBlock[] => {
  const [roleId] = Object.entries(synth.resources('aws_iam_role')).find(([, role]) => role.name === roleName) ?? [];
  if (!roleId) throw new Error(`no role named ${roleName}`);
  return Object.values(synth.resources('aws_iam_role_policy'))
    .filter((policy) => policy.role === `\${aws_iam_role.${roleId}.name}`)
    .flatMap((policy) => JSON.parse(policy.policy).Statement);
};
const actionsOn = (statements: TerraformBlock[], resource: string) =>
  statements
    .filter((s) => [s.Resource].flat().includes(resource))
    .flatMap((s) => s.Action)
    .sort();
/** The `type.id` address of the one resource of a type that matches. */
const addressOf = ({ synth }: SynthesizedCredentials, type: string, matches: (resource: TerraformBlock) => boolean) => {
  const ids = Object.entries(synth.resources(type))
    .filter(([, resource]) => matches(resource))
    .map(([id]) => id);
  if (ids.length !== 1) throw new Error(`expected exactly one matching ${type}, found ${ids.length}`);
  return `${type}.${ids[0]}`;
};

/**
 * Through Secrets Manager, for one secret: Secrets Manager puts the secret's ARN in the encryption context
 * ("SecretARN", https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-encryption-context).
 */
const viaSecretsManagerFor = (secretArn: string) => ({
  StringEquals: {
    'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com',
    'kms:EncryptionContext:SecretARN': secretArn,
  },
});

describe('Credentials', () => {
  it('runs rotation and bootstrap from the rotation-lambda bundle in the app subnets behind the rotation SG', () => {
    const built = synthCredentials();
    const { synth, network, credentials } = built;
    const [, rotation] = functionNamed(built, 'rdsp-dev-secret-rotation');
    const [, bootstrap] = functionNamed(built, 'rdsp-dev-db-bootstrap');
    expect(Object.keys(synth.resources('aws_lambda_function'))).toHaveLength(2);
    expect(rotation.handler).toBe('index.handler');
    expect(bootstrap.handler).toBe('index.bootstrap');
    expect(bootstrap.filename).toBe(rotation.filename);
    expect(rotation.filename).toMatch(/^assets\/.+\/lambda\.zip$/);
    const rotationGroup = synth.ref(credentials.connections.securityGroupId);
    expect(rotationGroup).toMatch(/^\$\{aws_security_group\.security-groups_rotation_[A-F0-9]+\.id\}$/);
    const subnets = network.appSubnetIds.map((id) => synth.ref(id));
    expect(subnets).toEqual([
      expect.stringMatching(/^\$\{aws_subnet\.network_app-subnet-eu-west-1a_[A-F0-9]+\.id\}$/),
      expect.stringMatching(/^\$\{aws_subnet\.network_app-subnet-eu-west-1b_[A-F0-9]+\.id\}$/),
    ]);
    for (const lambda of [rotation, bootstrap]) {
      expect(lambda).toMatchObject({ runtime: 'nodejs22.x', architectures: ['arm64'] });
      expect(lambda.vpc_config).toEqual({ subnet_ids: subnets, security_group_ids: [rotationGroup] });
    }
  });

  it('opens the rotation group flows to the database (MySQL) and the Secrets Manager endpoint (HTTPS), and no others', () => {
    const { synth, credentials, database, secretsEndpoint, network } = synthCredentials();
    const rotationGroup = synth.ref(credentials.connections.securityGroupId);
    const databaseGroup = synth.ref(database.connections.securityGroupId);
    const endpointGroup = synth.ref(secretsEndpoint.connections.securityGroupId);
    const tcp = (port: number) => ({ ip_protocol: 'tcp', from_port: port, to_port: port });
    const rulesOfRotationGroup = (type: string) =>
      Object.values(synth.resources(type))
        .filter(
          (rule) => rule.security_group_id === rotationGroup || rule.referenced_security_group_id === rotationGroup,
        )
        .sort((a, b) => (a.description < b.description ? -1 : 1));
    expect(rulesOfRotationGroup('aws_vpc_security_group_egress_rule')).toEqual([
      {
        security_group_id: rotationGroup,
        referenced_security_group_id: endpointGroup,
        ...tcp(HTTPS_PORT),
        description: 'Rotation Lambda to Secrets Manager endpoint: egress',
      },
      {
        security_group_id: rotationGroup,
        referenced_security_group_id: databaseGroup,
        ...tcp(MYSQL_PORT),
        description: 'Rotation Lambda to database (sets the new password): egress',
      },
    ]);
    expect(rulesOfRotationGroup('aws_vpc_security_group_ingress_rule')).toEqual([
      {
        security_group_id: endpointGroup,
        referenced_security_group_id: rotationGroup,
        ...tcp(HTTPS_PORT),
        description: 'Rotation Lambda to Secrets Manager endpoint: ingress',
      },
      {
        security_group_id: databaseGroup,
        referenced_security_group_id: rotationGroup,
        ...tcp(MYSQL_PORT),
        description: 'Rotation Lambda to database (sets the new password): ingress',
      },
    ]);
    expect(network.securityGroups.flows.filter((flow) => [flow.client, flow.server].includes('rotation'))).toEqual([
      {
        client: 'rotation',
        server: 'database',
        port: MYSQL_PORT,
        purpose: 'Rotation Lambda to database (sets the new password)',
      },
      {
        client: 'rotation',
        server: 'endpoint',
        port: HTTPS_PORT,
        purpose: 'Rotation Lambda to Secrets Manager endpoint',
      },
    ]);
  });

  it('reserves concurrency: the configured amount for rotation, one for bootstrap', () => {
    const built = synthCredentials({ rotationReservedConcurrency: 1 });
    expect(functionNamed(built, 'rdsp-dev-secret-rotation')[1].reserved_concurrent_executions).toBe(1);
    expect(functionNamed(built, 'rdsp-dev-db-bootstrap')[1].reserved_concurrent_executions).toBe(1);
    expect(functionNamed(synthCredentials(), 'rdsp-dev-secret-rotation')[1].reserved_concurrent_executions).toBe(2);
  });

  it('lets the rotation function rotate the app secret and generate passwords, and nothing on the master secret', () => {
    const built = synthCredentials();
    const statements = statementsOfRole(built, 'rdsp-dev-secret-rotation');
    expect(actionsOn(statements, built.appSecretArn)).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
      'secretsmanager:PutSecretValue',
      'secretsmanager:UpdateSecretVersionStage',
    ]);
    expect(actionsOn(statements, built.masterSecretArn)).toEqual([]);
    expect(statements.filter((s) => s.Resource === built.secretsKeyArn)).toEqual([
      {
        Sid: 'EncryptAndDecryptSecretsThroughSecretsManager',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: built.secretsKeyArn,
        Condition: viaSecretsManagerFor(built.appSecretArn),
      },
    ]);
    expect(actionsOn(statements, '*')).toContain('secretsmanager:GetRandomPassword');
  });

  it('lets only the bootstrap function read the RDS-managed master secret', () => {
    const built = synthCredentials();
    expect(built.masterSecretArn).toMatch(
      /^\$\{aws_db_instance\.database_instance_[A-F0-9]+\.master_user_secret\[0\]\.secret_arn\}$/,
    );
    expect(actionsOn(statementsOfRole(built, 'rdsp-dev-db-bootstrap'), built.masterSecretArn)).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
    ]);
    const readers = Object.values(built.synth.resources('aws_iam_role_policy')).filter((policy) =>
      policy.policy.includes(built.masterSecretArn),
    );
    expect(readers.map((policy) => policy.name)).toEqual(['rdsp-dev-db-bootstrap-runtime']);
  });

  it('lets bootstrap read and write the app secret but not move its labels (it never calls UpdateSecretVersionStage)', () => {
    const built = synthCredentials();
    const statements = statementsOfRole(built, 'rdsp-dev-db-bootstrap');
    expect(actionsOn(statements, built.appSecretArn)).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
      'secretsmanager:PutSecretValue',
    ]);
    // Writing the app secret needs GenerateDataKey; reading the master secret (same key) adds a Decrypt-only grant,
    // each tied to its own secret.
    expect(statements.filter((s) => s.Resource === built.secretsKeyArn)).toEqual([
      {
        Sid: 'EncryptAndDecryptSecretsThroughSecretsManager',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: built.secretsKeyArn,
        Condition: viaSecretsManagerFor(built.appSecretArn),
      },
      {
        Sid: 'DecryptSecretsThroughSecretsManager',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: built.secretsKeyArn,
        Condition: viaSecretsManagerFor(built.masterSecretArn),
      },
    ]);
    expect(actionsOn(statements, '*')).toContain('secretsmanager:GetRandomPassword');
  });

  it('uses "*" only for GetRandomPassword, X-Ray and EC2 Describe calls, and decrypts only through Secrets Manager, only the secrets it reads', () => {
    const built = synthCredentials();
    for (const role of ['rdsp-dev-secret-rotation', 'rdsp-dev-db-bootstrap']) {
      const statements = statementsOfRole(built, role);
      expect(actionsOn(statements, '*')).toEqual([
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSubnets',
        'secretsmanager:GetRandomPassword',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ]);
      const kms = statements.filter((s) => s.Action.some((action: string) => action.startsWith('kms:')));
      const secretOf = (statement: TerraformBlock) =>
        statement.Condition?.StringEquals?.['kms:EncryptionContext:SecretARN'] as string;
      expect(kms.length).toBeGreaterThan(0);
      for (const statement of kms) {
        expect({ role, Resource: statement.Resource, Condition: statement.Condition }).toEqual({
          role,
          Resource: built.secretsKeyArn,
          Condition: viaSecretsManagerFor(secretOf(statement)),
        });
      }
      // Each decrypt grant is tied to a secret the role reads, and every secret it reads has one.
      const read = statements.filter((s) => s.Action.includes('secretsmanager:GetSecretValue')).map((s) => s.Resource);
      expect({ role, decrypts: kms.map(secretOf).sort() }).toEqual({ role, decrypts: [...new Set(read)].sort() });
    }
  });

  it('lets Secrets Manager invoke the rotation function for the app secret only', () => {
    const { synth, credentials, appSecretArn } = synthCredentials();
    const permission = synth.only('aws_lambda_permission');
    expect(permission).toMatchObject({
      action: 'lambda:InvokeFunction',
      principal: 'secretsmanager.amazonaws.com',
      source_arn: appSecretArn,
      function_name: synth.ref(credentials.rotationFunctionName),
    });
    expect(permission.function_name).toMatch(/^\$\{aws_lambda_function\.credentials_rotation_\S+\.function_name\}$/);
  });

  it('invokes bootstrap with names and addresses only, again when its input or code changes', () => {
    const built = synthCredentials();
    const { synth, credentials, database, appSecretArn, masterSecretArn } = built;
    const invocation = synth.only('aws_lambda_invocation');
    expect(invocation.function_name).toBe(synth.ref(credentials.bootstrapFunctionName));
    expect(invocation.function_name).toMatch(/^\$\{aws_lambda_function\.credentials_bootstrap_\S+\.function_name\}$/);
    const instance = expression(synth.ref(database.address)).replace(/\.address$/, '');
    expect(instance).toMatch(/^aws_db_instance\.database_instance_[A-F0-9]+$/);
    expect(expression(synth.ref(Token.asString(database.port)))).toBe(`${instance}.port`);
    // The DB instance's host name (not host:port, not the proxy), its port, the schema, the user and two secret ARNs.
    expect(invocation.input).toBe(
      '${jsonencode({' +
        [
          '"schema" = "app"',
          '"username" = "serverless"',
          `"appSecretArn" = ${expression(appSecretArn)}`,
          `"masterSecretArn" = ${expression(masterSecretArn)}`,
          `"host" = ${instance}.address`,
          `"port" = ${instance}.port`,
        ].join(', ') +
        '})}',
    );
    expect(invocation.input).not.toMatch(/password"\s*=/i);
    expect(invocation.triggers.input).toBe(`\${sha256(${expression(invocation.input)})}`);
    const [bootstrapId] = functionNamed(built, 'rdsp-dev-db-bootstrap');
    expect(invocation.triggers.code).toBe(`\${aws_lambda_function.${bootstrapId}.source_code_hash}`);
  });

  it('invokes bootstrap only after the rotation group rules, the Secrets Manager endpoint and its policy exist', () => {
    const built = synthCredentials();
    const { synth, credentials, database, secretsEndpoint } = built;
    const rotationGroup = synth.ref(credentials.connections.securityGroupId);
    const databaseGroup = synth.ref(database.connections.securityGroupId);
    const endpointGroup = synth.ref(secretsEndpoint.connections.securityGroupId);
    const rule = (type: string, on: string, referenced: string) =>
      addressOf(
        built,
        type,
        (resource) => resource.security_group_id === on && resource.referenced_security_group_id === referenced,
      );
    expect([...synth.only('aws_lambda_invocation').depends_on].sort()).toEqual(
      [
        rule('aws_vpc_security_group_egress_rule', rotationGroup, databaseGroup),
        rule('aws_vpc_security_group_ingress_rule', databaseGroup, rotationGroup),
        rule('aws_vpc_security_group_egress_rule', rotationGroup, endpointGroup),
        rule('aws_vpc_security_group_ingress_rule', endpointGroup, rotationGroup),
        addressOf(
          built,
          'aws_vpc_endpoint',
          (endpoint) => endpoint.service_name === 'com.amazonaws.eu-west-1.secretsmanager',
        ),
        addressOf(built, 'aws_vpc_endpoint_policy', () => true),
      ].sort(),
    );
  });

  it('re-runs bootstrap when the Secrets Manager endpoint is replaced (its id joins the triggers)', () => {
    const { synth, secretsEndpoint } = synthCredentials();
    const endpointId = synth.ref(secretsEndpoint.endpointId);
    expect(endpointId).toMatch(/^\$\{aws_vpc_endpoint\.secrets-manager-endpoint_[A-F0-9]+\.id\}$/);
    expect(synth.only('aws_lambda_invocation').triggers.prerequisites).toBe(
      `\${join(",", [${expression(endpointId)}])}`,
    );
  });

  it('rotates the app secret on the configured schedule, after bootstrap wrote its first version', () => {
    const built = synthCredentials({ automaticallyAfterDays: 7 });
    const { synth, credentials, appSecretArn } = built;
    const schedule = synth.only('aws_secretsmanager_secret_rotation');
    expect(schedule).toMatchObject({
      secret_id: appSecretArn,
      rotation_lambda_arn: synth.ref(credentials.rotationFunctionArn),
      rotation_rules: { automatically_after_days: 7 },
      rotate_immediately: false,
    });
    expect(schedule.rotation_lambda_arn).toMatch(/^\$\{aws_lambda_function\.credentials_rotation_\S+\.arn\}$/);
    expect([...schedule.depends_on].sort()).toEqual(
      [
        `aws_lambda_invocation.${Object.keys(synth.resources('aws_lambda_invocation'))[0]}`,
        `aws_lambda_permission.${Object.keys(synth.resources('aws_lambda_permission'))[0]}`,
      ].sort(),
    );
  });

  it('puts no secret into the functions environment', () => {
    const { synth } = synthCredentials();
    const lambdas = Object.values(synth.resources('aws_lambda_function'));
    expect(lambdas).toHaveLength(2);
    for (const lambda of lambdas) {
      expect(Object.keys(lambda.environment.variables)).toEqual(['POWERTOOLS_SERVICE_NAME']);
    }
  });

  it('refuses to synthesize without a built bundle and says how to build it', () => {
    expect(() => synthCredentials({ codeDirectory: '/nonexistent/rotation-lambda' })).toThrow(
      '/nonexistent/rotation-lambda/lambda.zip is missing: run `npx nx run rotation-lambda:build` first.',
    );
  });
});
