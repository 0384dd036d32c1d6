import { ApiFunction, ApiFunctionProps } from './api-function';
import { DatabaseProxy } from './database-proxy';
import type { PlatformStack } from './platform-stack';
import { HTTPS_PORT, MYSQL_PORT } from './security-groups';
import { foundation } from '../testing/foundation';
import { fakeBundleDirectory, synthesize, TerraformBlock, sharedByArguments } from '../testing/synth-json';

const bundle = fakeBundleDirectory();

function synthApiUncached(overrides: Partial<ApiFunctionProps> = {}) {
  let built:
    (ReturnType<typeof foundation> & { stack: PlatformStack; proxy: DatabaseProxy; api: ApiFunction }) | undefined;
  const synth = synthesize((stack) => {
    const parts = foundation(stack);
    const { network, secretsEndpoint, database, appSecret } = parts;
    const authMode = overrides.authMode ?? 'secret';
    const proxy = new DatabaseProxy(stack, 'proxy', {
      database,
      secret: appSecret,
      network,
      secretsEndpoint,
      authMode,
      maxConnectionsPercent: 30,
      callerTimeoutSeconds: 10,
    });
    const api = new ApiFunction(stack, 'api', {
      memoryMb: 256,
      timeoutSeconds: 10,
      reservedConcurrency: 10,
      dbConnectTimeoutMs: 2000,
      dbQueryTimeoutMs: 3000,
      network,
      proxy,
      secretsEndpoint,
      authMode: 'secret',
      appSecret,
      databaseUser: 'serverless',
      codeDirectory: bundle,
      ...overrides,
    });
    built = { ...parts, stack, proxy, api };
  });
  if (!built) throw new Error('the build did not run');
  return { synth, ...built };
}
/** Synthesized once per distinct set of plain-data arguments for this file and shared (cases only read it). */
const synthApi = sharedByArguments(synthApiUncached);

type SynthesizedApi = ReturnType<typeof synthApi>;

/** The statements of the API function's own runtime policy (the inline policy on its role). */
const apiPolicyStatements = ({ synth, api }: SynthesizedApi): TerraformBlock[] =>
  Object.values(synth.resources('aws_iam_role_policy'))
    .filter((policy) => policy.role === synth.ref(api.roleName))
    .flatMap((policy) => JSON.parse(policy.policy).Statement);

const logGroupNamed = ({ synth }: SynthesizedApi, name: string): [string, TerraformBlock] => {
  const matches = Object.entries(synth.resources('aws_cloudwatch_log_group')).filter(
    ([, group]) => group.name === name,
  );
  if (matches.length !== 1) throw new Error(`expected exactly one log group ${name}, found ${matches.length}`);
  return matches[0];
};

describe('ApiFunction', () => {
  it('runs the api-lambda bundle on nodejs22.x arm64 with a source code hash', () => {
    const lambda = synthApi().synth.only('aws_lambda_function');
    expect(lambda).toMatchObject({ runtime: 'nodejs22.x', architectures: ['arm64'], handler: 'index.handler' });
    expect(lambda.filename).toMatch(/^assets\/.+\/lambda\.zip$/);
    expect(lambda.source_code_hash).toBe(`\${filebase64sha256("${lambda.filename}")}`);
  });

  it('is named after the stack (<namePrefix>-api) unless told otherwise', () => {
    expect(synthApi().synth.only('aws_lambda_function').function_name).toBe('rdsp-dev-api');
    expect(synthApi({ name: 'other-api' }).synth.only('aws_lambda_function').function_name).toBe('other-api');
  });

  it('sits in the app subnets behind its own Lambda security group', () => {
    const { synth, network, api } = synthApi();
    const subnets = network.appSubnetIds.map((id) => synth.ref(id));
    expect(subnets).toEqual([
      expect.stringMatching(/^\$\{aws_subnet\.network_app-subnet-eu-west-1a_[A-F0-9]+\.id\}$/),
      expect.stringMatching(/^\$\{aws_subnet\.network_app-subnet-eu-west-1b_[A-F0-9]+\.id\}$/),
    ]);
    const group = synth.ref(api.connections.securityGroupId);
    expect(synth.only('aws_lambda_function').vpc_config).toEqual({ subnet_ids: subnets, security_group_ids: [group] });
    const [, groupId] = /^\$\{aws_security_group\.(security-groups_lambda_[A-F0-9]+)\.id\}$/.exec(group) ?? [];
    expect(synth.resources('aws_security_group')[groupId]?.name).toBe('rdsp-dev-lambda');
  });

  it('opens its own flows to the proxy (MySQL) and the Secrets Manager endpoint (HTTPS), and to nothing else', () => {
    const { synth, api, proxy, secretsEndpoint, network } = synthApi();
    const lambdaGroup = synth.ref(api.connections.securityGroupId);
    const proxyGroup = synth.ref(proxy.connections.securityGroupId);
    const endpointGroup = synth.ref(secretsEndpoint.connections.securityGroupId);
    const tcp = (port: number) => ({ ip_protocol: 'tcp', from_port: port, to_port: port });
    const rulesOfLambdaGroup = (type: string) =>
      Object.values(synth.resources(type))
        .filter((rule) => rule.security_group_id === lambdaGroup || rule.referenced_security_group_id === lambdaGroup)
        .sort((a, b) => (a.description < b.description ? -1 : 1));
    const egress = rulesOfLambdaGroup('aws_vpc_security_group_egress_rule');
    expect(egress).toEqual([
      {
        security_group_id: lambdaGroup,
        referenced_security_group_id: proxyGroup,
        ...tcp(MYSQL_PORT),
        description: 'API Lambda to RDS Proxy (MySQL over TLS): egress',
      },
      {
        security_group_id: lambdaGroup,
        referenced_security_group_id: endpointGroup,
        ...tcp(HTTPS_PORT),
        description: 'API Lambda to Secrets Manager endpoint: egress',
      },
    ]);
    const ingress = rulesOfLambdaGroup('aws_vpc_security_group_ingress_rule');
    expect(ingress).toEqual([
      {
        security_group_id: proxyGroup,
        referenced_security_group_id: lambdaGroup,
        ...tcp(MYSQL_PORT),
        description: 'API Lambda to RDS Proxy (MySQL over TLS): ingress',
      },
      {
        security_group_id: endpointGroup,
        referenced_security_group_id: lambdaGroup,
        ...tcp(HTTPS_PORT),
        description: 'API Lambda to Secrets Manager endpoint: ingress',
      },
    ]);
    expect(network.securityGroups.flows.filter((flow) => [flow.client, flow.server].includes('lambda'))).toEqual([
      { client: 'lambda', server: 'proxy', port: MYSQL_PORT, purpose: 'API Lambda to RDS Proxy (MySQL over TLS)' },
      { client: 'lambda', server: 'endpoint', port: HTTPS_PORT, purpose: 'API Lambda to Secrets Manager endpoint' },
    ]);
  });

  it('takes memory, timeout and reserved concurrency from its props', () => {
    const lambda = synthApi({ memoryMb: 512, timeoutSeconds: 8, reservedConcurrency: 25 }).synth.only(
      'aws_lambda_function',
    );
    expect(lambda).toMatchObject({ memory_size: 512, timeout: 8, reserved_concurrent_executions: 25 });
  });

  it('passes its database connect and statement timeouts to db-client through the environment', () => {
    const lambda = synthApi({ dbConnectTimeoutMs: 1500, dbQueryTimeoutMs: 2500 }).synth.only('aws_lambda_function');
    expect(lambda.environment.variables).toMatchObject({ DB_CONNECT_TIMEOUT_MS: '1500', DB_QUERY_TIMEOUT_MS: '2500' });
  });

  it('traces with X-Ray and logs JSON to its own log group, encrypted with the logs key and with retention', () => {
    const built = synthApi();
    const { synth, stack } = built;
    const lambda = synth.only('aws_lambda_function');
    expect(lambda.tracing_config).toEqual({ mode: 'Active' });
    const [logGroupId, logGroup] = logGroupNamed(built, '/aws/lambda/rdsp-dev-api');
    expect(logGroup).toMatchObject({ retention_in_days: 14, kms_key_id: synth.ref(stack.keys.logs.arn) });
    expect(lambda.logging_config).toEqual({
      log_format: 'JSON',
      log_group: `\${aws_cloudwatch_log_group.${logGroupId}.name}`,
    });
    expect(lambda.kms_key_arn).toBe(synth.ref(stack.keys.secrets.arn));
  });

  it('in secret mode points at the proxy and the app secret and may read only that secret', () => {
    const built = synthApi({ authMode: 'secret' });
    const { synth, proxy, appSecret, stack } = built;
    const variables = synth.only('aws_lambda_function').environment.variables;
    expect(variables).toEqual({
      POWERTOOLS_SERVICE_NAME: 'rdsp-dev-api',
      DB_HOST: synth.ref(proxy.endpoint),
      DB_PORT: '3306',
      DB_NAME: 'app',
      DB_AUTH_MODE: 'secret',
      DB_PROXY_IDLE_TIMEOUT_SECONDS: '1800',
      DB_CONNECT_TIMEOUT_MS: '2000',
      DB_QUERY_TIMEOUT_MS: '3000',
      DB_SECRET_ARN: synth.ref(appSecret.secretArn),
      SECRET_CACHE_TTL_SECONDS: '300',
    });
    expect(variables.DB_HOST).toMatch(/^\$\{aws_db_proxy\.proxy_[A-F0-9]+\.endpoint\}$/);
    expect(variables.DB_SECRET_ARN).toMatch(/^\$\{aws_secretsmanager_secret\.app-secret_[A-F0-9]+\.arn\}$/);
    const statements = apiPolicyStatements(built);
    expect(
      statements.filter((s) => s.Sid === 'ReadAppSecret' || s.Resource === synth.ref(stack.keys.secrets.arn)),
    ).toEqual([
      {
        Sid: 'ReadAppSecret',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: variables.DB_SECRET_ARN,
      },
      {
        Sid: 'DecryptSecretsThroughSecretsManager',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: synth.ref(stack.keys.secrets.arn),
        // This secret only (its ARN is the "SecretARN" encryption context Secrets Manager sends):
        // https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-encryption-context
        Condition: {
          StringEquals: {
            'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com',
            'kms:EncryptionContext:SecretARN': variables.DB_SECRET_ARN,
          },
        },
      },
    ]);
    expect(
      statements.flatMap((s) => s.Action).filter((action: string) => action.startsWith('secretsmanager:')),
    ).toEqual(['secretsmanager:GetSecretValue']);
    expect(synth.text).not.toContain('rds-db:connect');
  });

  it('in iam mode connects as the app user with rds-db:connect on that user behind this proxy only', () => {
    const built = synthApi({ authMode: 'iam' });
    const { synth, proxy } = built;
    const variables = synth.only('aws_lambda_function').environment.variables;
    expect(variables).toMatchObject({ DB_AUTH_MODE: 'iam', DB_USER: 'serverless', DB_HOST: synth.ref(proxy.endpoint) });
    expect(variables).not.toHaveProperty('DB_SECRET_ARN');
    expect(variables).not.toHaveProperty('SECRET_CACHE_TTL_SECONDS');
    // arn:<partition>:rds-db:<region>:<account>:dbuser:<prx-id>/<user>, from the parts of this proxy's ARN.
    const [arnPartsLocal, arnParts] = Object.entries(synth.json.locals as TerraformBlock).find(([id]) =>
      id.startsWith('proxy_arn-parts_'),
    ) as [string, string];
    expect(arnParts).toBe(`\${split(":", ${synth.ref(proxy.arn).slice(2, -1)})}`);
    const part = (index: number) => `\${element(local.${arnPartsLocal}, ${index})}`;
    const statements = apiPolicyStatements(built);
    expect(statements.filter((s) => s.Action.includes('rds-db:connect'))).toEqual([
      {
        Sid: 'ConnectThroughProxyAsserverless',
        Effect: 'Allow',
        Action: ['rds-db:connect'],
        Resource: `arn:${part(1)}:rds-db:${part(3)}:${part(4)}:dbuser:${part(6)}/serverless`,
      },
    ]);
    expect(
      statements.flatMap((s) => s.Action).filter((action: string) => action.startsWith('secretsmanager:')),
    ).toEqual([]);
  });

  it('in iam mode puts ConnectThroughProxy into its own runtime policy and nowhere else', () => {
    const built = synthApi({ authMode: 'iam' });
    const { synth, api } = built;
    const policies = Object.values(synth.resources('aws_iam_role_policy'));
    const withConnect = policies.filter((policy) => policy.policy.includes('rds-db:connect'));
    expect(withConnect).toHaveLength(1);
    expect(withConnect[0]).toMatchObject({ name: 'rdsp-dev-api-runtime', role: synth.ref(api.roleName) });
    // No separate policy resource for the grant: the same policies as in secret mode, one per role.
    expect(policies.map((policy) => policy.name).sort()).toEqual(
      Object.values(synthApi({ authMode: 'secret' }).synth.resources('aws_iam_role_policy'))
        .map((policy) => policy.name)
        .sort(),
    );
    expect(policies).toHaveLength(Object.keys(synth.resources('aws_iam_role')).length);
    expect(apiPolicyStatements(built).map((s) => s.Sid)).toEqual([
      'WriteOwnLogGroup',
      'DescribeNetwork',
      'CreateNetworkInterfacesInOwnSubnets',
      'ManageNetworkInterfacesInOwnSubnets',
      'SendTraces',
      'ConnectThroughProxyAsserverless',
    ]);
  });

  it('writes logs only to its own log group and uses "*" only for X-Ray and the EC2 Describe calls', () => {
    const built = synthApi();
    const statements = apiPolicyStatements(built);
    const [logGroupId] = logGroupNamed(built, '/aws/lambda/rdsp-dev-api');
    const logs = statements.filter((s) => s.Action.some((action: string) => action.startsWith('logs:')));
    expect(logs).toEqual([
      {
        Sid: 'WriteOwnLogGroup',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `\${aws_cloudwatch_log_group.${logGroupId}.arn}:*`,
      },
    ]);
    const wildcards = statements.filter((s) => [s.Resource].flat().includes('*'));
    expect(wildcards.flatMap((s) => s.Action).sort()).toEqual([
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeSubnets',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });

  it('creates network interfaces only in its own subnets and security group, and manages only those in its own subnets', () => {
    const built = synthApi();
    const { synth, network, api } = built;
    const statements = apiPolicyStatements(built);
    const resourcesOf = (action: string) =>
      statements.filter((s) => s.Action.includes(action)).flatMap((s) => s.Resource);
    const interfaces = 'arn:aws:ec2:eu-west-1:123456789012:network-interface/*';
    const ownSubnets = network.appSubnetIds.map((id) => `arn:aws:ec2:eu-west-1:123456789012:subnet/${synth.ref(id)}`);
    expect(resourcesOf('ec2:CreateNetworkInterface').sort()).toEqual(
      [
        interfaces,
        `arn:aws:ec2:eu-west-1:123456789012:security-group/${synth.ref(api.connections.securityGroupId)}`,
        ...ownSubnets,
      ].sort(),
    );
    // The network-interface resource type carries the ec2:Subnet condition key (Service Authorization Reference:
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html).
    expect(statements.filter((s) => s.Action.includes('ec2:DeleteNetworkInterface'))).toEqual([
      {
        Sid: 'ManageNetworkInterfacesInOwnSubnets',
        Effect: 'Allow',
        Action: ['ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
        Resource: interfaces,
        Condition: { ArnEquals: { 'ec2:Subnet': ownSubnets } },
      },
    ]);
    expect(
      statements.filter((s) =>
        s.Action.some((action: string) => /^ec2:(Assign|Unassign)PrivateIpAddresses$/.test(action)),
      ),
    ).toHaveLength(1);
  });

  it('has a role only Lambda can assume, with no managed policy attached', () => {
    const { synth } = synthApi();
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
