import { addSynthResource, synthResource, type SynthJson } from './fixtures';
import type { RuleCase } from './rule-cases';

/**
 * Cases for the policy rules: resource-based policies (who may act on a resource or assume a role), identity
 * policies (what a role may do) and the entry points (routes, function URLs, CORS). Each leak case is a way a
 * careless or hostile change opens a hole; each safe case is the same resource used the right way.
 */
const FOREIGN_ACCOUNT = '999988887777';
const OUR_ACCOUNT = '123456789012';

const document = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (principal: unknown, action: unknown, extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Principal: principal,
  Action: action,
  Resource: '*',
  ...extra,
});

const role = (synth: SynthJson, suffix = 'api-function/role') => synthResource(synth, 'aws_iam_role', suffix);
const trust = (synth: SynthJson, ...statements: unknown[]) =>
  (role(synth).assume_role_policy = document(...statements));
const key = (synth: SynthJson) => synthResource(synth, 'aws_kms_key', 'kms/secrets');
const policy = (synth: SynthJson, suffix = 'api-function/policy') =>
  synthResource(synth, 'aws_iam_role_policy', suffix);
const identity = (synth: SynthJson, ...statements: unknown[]) => (policy(synth).policy = document(...statements));
const grant = (action: unknown, resource: unknown = '${aws_secretsmanager_secret.app-secret.arn}') => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
});
const route = (synth: SynthJson) => synthResource(synth, 'aws_apigatewayv2_route');
const invokePermission = (synth: SynthJson) => synthResource(synth, 'aws_lambda_permission', 'http-api/invoke');
const addFunctionUrl = (synth: SynthJson, values: Record<string, unknown>) =>
  addSynthResource(synth, 'aws_lambda_function_url', 'api-url', {
    function_name: '${aws_lambda_function.api-function_6EE8A0DE.function_name}',
    ...values,
  });
const addResource = (type: string, values: Record<string, unknown>) => (synth: SynthJson) =>
  addSynthResource(synth, type, type.replace(/^aws_/, ''), values);

const GITHUB = `arn:aws:iam::${OUR_ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const githubTrust = (synth: SynthJson, condition?: Record<string, unknown>) =>
  trust(
    synth,
    allow({ Federated: GITHUB }, 'sts:AssumeRoleWithWebIdentity', condition ? { Condition: condition } : {}),
  );
const AUDIENCE = { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' };

const secretPolicy = (statement: unknown) =>
  addResource('aws_secretsmanager_secret_policy', {
    secret_arn: '${aws_secretsmanager_secret.app-secret.arn}',
    policy: document(statement),
  });

export const POLICY_RULE_CASES: RuleCase[] = [
  {
    rule: 'resource-policy-no-public-principal',
    breakIt: (s) => trust(s, allow({ AWS: '*' }, 'sts:AssumeRole')),
  },
  {
    rule: 'resource-policy-no-foreign-account',
    breakIt: (s) => trust(s, allow({ AWS: `arn:aws:iam::${FOREIGN_ACCOUNT}:root` }, 'sts:AssumeRole')),
  },
  {
    rule: 'trust-service-confused-deputy',
    breakIt: (s) =>
      (role(s, 'proxy/role').assume_role_policy = document(allow({ Service: 'rds.amazonaws.com' }, 'sts:AssumeRole'))),
  },
  {
    rule: 'trust-federated-subject',
    breakIt: (s) => githubTrust(s, { StringEquals: AUDIENCE }),
  },
  {
    rule: 'iam-no-admin-policy',
    breakIt: (s) => identity(s, grant('*', '*')),
  },
  {
    rule: 'iam-no-admin-managed-policy',
    breakIt: (s) =>
      (synthResource(s, 'aws_iam_role_policy_attachment', 'api-function/vpc-access').policy_arn =
        'arn:aws:iam::aws:policy/AdministratorAccess'),
  },
  {
    rule: 'iam-no-escalation-wildcard',
    breakIt: (s) => identity(s, grant('iam:Pass*', `arn:aws:iam::${OUR_ACCOUNT}:role/rds-platform-dev-api`)),
  },
  {
    rule: 'iam-no-wildcard-in-arn',
    breakIt: (s) =>
      identity(
        s,
        grant('secretsmanager:GetSecretValue', `arn:aws:secretsmanager:ap-northeast-2:${OUR_ACCOUNT}:secret:*`),
      ),
  },
  {
    rule: 'api-write-routes-authorized',
    breakIt: (s) => (route(s).route_key = 'POST /heartbeats'),
  },
  {
    rule: 'function-url-authorized',
    breakIt: (s) => (synthResource(s, 'aws_lambda_function_url').authorization_type = 'NONE'),
  },
  {
    rule: 'cors-no-any-origin',
    breakIt: (s) =>
      (synthResource(s, 'aws_apigatewayv2_api').cors_configuration = { allow_origins: ['*'], allow_methods: ['GET'] }),
  },
];

/** The passing case of function-url-authorized needs a function URL, which our stack does not have. */
export const POLICY_PASSING_SETUP: Record<string, (synth: SynthJson) => void> = {
  'function-url-authorized': (s) => addFunctionUrl(s, { authorization_type: 'AWS_IAM' }),
};

export const POLICY_LEAK_CASES: RuleCase[] = [
  {
    rule: 'trust-federated-subject',
    variant: 'a GitHub OIDC trust without any condition',
    breakIt: (s) => githubTrust(s),
  },
  {
    rule: 'trust-federated-subject',
    variant: 'a GitHub OIDC trust for repo:* (every repository on GitHub)',
    breakIt: (s) =>
      githubTrust(s, {
        StringEquals: AUDIENCE,
        StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:*' },
      }),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'Principal * with a negated condition (everyone but one account)',
    breakIt: secretPolicy(
      allow('*', 'secretsmanager:GetSecretValue', {
        Condition: { StringNotEquals: { 'aws:PrincipalAccount': OUR_ACCOUNT } },
      }),
    ),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'Principal * narrowed by an aws:SourceArn of any account',
    breakIt: secretPolicy(
      allow('*', 'secretsmanager:GetSecretValue', { Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } } }),
    ),
  },
  {
    rule: 'resource-policy-no-foreign-account',
    variant: 'Principal * narrowed to another account',
    breakIt: secretPolicy(
      allow('*', 'secretsmanager:GetSecretValue', {
        Condition: { StringEquals: { 'aws:PrincipalAccount': FOREIGN_ACCOUNT } },
      }),
    ),
  },
  {
    rule: 'lambda-permission-source-arn',
    variant: 'a principal from a variable',
    breakIt: (s) => (invokePermission(s).principal = '${var.invoker}'),
  },
  ...[
    ['Principal "*"', '*'],
    ['Principal {"AWS": ["*"]}', { AWS: ['*'] }],
    ['arn:aws:iam::*:root', { AWS: 'arn:aws:iam::*:root' }],
  ].map(([variant, principal]) => ({
    rule: 'resource-policy-no-public-principal',
    variant: `a role trust with ${String(variant)}`,
    breakIt: (s: SynthJson) => trust(s, allow(principal, 'sts:AssumeRole')),
  })),
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'a KMS key policy with Principal * and kms:*',
    breakIt: (s) => (key(s).policy = document(allow({ AWS: '*' }, 'kms:*'))),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'a secret resource policy with Principal *',
    breakIt: secretPolicy(allow('*', 'secretsmanager:GetSecretValue')),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'an SNS topic policy whose condition on aws:SourceAccount is a wildcard',
    breakIt: addResource('aws_sns_topic_policy', {
      arn: '${aws_sns_topic.monitoring_topic_631C3BE1.arn}',
      policy: document(allow('*', 'sns:Publish', { Condition: { StringLike: { 'aws:SourceAccount': '*' } } })),
    }),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'an SQS queue policy narrowed only by an ...IfExists condition',
    breakIt: addResource('aws_sqs_queue_policy', {
      queue_url: 'https://sqs.ap-northeast-2.amazonaws.com/123456789012/jobs',
      policy: document(
        allow('*', 'sqs:SendMessage', { Condition: { StringEqualsIfExists: { 'aws:SourceAccount': OUR_ACCOUNT } } }),
      ),
    }),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'an S3 bucket policy with NotPrincipal in an Allow',
    breakIt: addResource('aws_s3_bucket_policy', {
      bucket: 'state',
      policy: document({
        Effect: 'Allow',
        NotPrincipal: { AWS: `arn:aws:iam::${OUR_ACCOUNT}:root` },
        Action: 's3:GetObject',
        Resource: '*',
      }),
    }),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'a principal from a variable (it could be "*")',
    breakIt: (s) => trust(s, allow({ AWS: '${var.trusted_principal}' }, 'sts:AssumeRole')),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'a principal read from a parameter value of this stack',
    breakIt: secretPolicy(allow({ AWS: '${aws_ssm_parameter.reader.value}' }, 'secretsmanager:GetSecretValue')),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'a trust policy built by ${jsonencode(...)} with values known only at apply',
    breakIt: (s) => (role(s).assume_role_policy = '${jsonencode({"Statement" = [{"Principal" = {"AWS" = var.who}}]})}'),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'a key policy that is not valid JSON',
    breakIt: (s) => (key(s).policy = '{"Statement": [{"Effect": "Allow", "Principal": "*"'),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'a statement made by an expression',
    breakIt: (s) => (key(s).policy = JSON.stringify({ Statement: ['${local.statement}'] })),
  },
  {
    rule: 'resource-policy-no-foreign-account',
    variant: 'a key policy granting another account by its bare id',
    breakIt: (s) => (key(s).policy = document(allow({ AWS: FOREIGN_ACCOUNT }, 'kms:Decrypt'))),
  },
  {
    rule: 'resource-policy-no-foreign-account',
    variant: 'a secret policy granting a role of another account, even with an ExternalId (only trusts use it)',
    breakIt: secretPolicy(
      allow({ AWS: `arn:aws:iam::${FOREIGN_ACCOUNT}:role/reader` }, 'secretsmanager:GetSecretValue', {
        Condition: { StringEquals: { 'sts:ExternalId': 'partner' } },
      }),
    ),
  },
  {
    rule: 'trust-service-confused-deputy',
    variant: 'a service trust whose aws:SourceAccount is tested only if it exists',
    breakIt: (s) =>
      (role(s, 'network/flow-log-role').assume_role_policy = document(
        allow({ Service: 'vpc-flow-logs.amazonaws.com' }, 'sts:AssumeRole', {
          Condition: { StringEqualsIfExists: { 'aws:SourceAccount': OUR_ACCOUNT } },
        }),
      )),
  },
  {
    rule: 'lambda-permission-source-arn',
    variant: 'principal *',
    breakIt: (s) => (invokePermission(s).principal = '*'),
  },
  {
    rule: 'lambda-permission-source-arn',
    variant: 'an account principal with neither source_arn nor source_account',
    breakIt: (s) => Object.assign(invokePermission(s), { principal: OUR_ACCOUNT, source_arn: undefined }),
  },
  {
    rule: 'lambda-permission-source-arn',
    variant: 'an account not in review-config.json',
    breakIt: (s) => Object.assign(invokePermission(s), { principal: FOREIGN_ACCOUNT, source_account: FOREIGN_ACCOUNT }),
  },
  {
    rule: 'lambda-permission-source-arn',
    variant: 'a permission for a function URL with function_url_auth_type NONE',
    breakIt: (s) =>
      Object.assign(invokePermission(s), {
        action: 'lambda:InvokeFunctionUrl',
        principal: OUR_ACCOUNT,
        source_account: OUR_ACCOUNT,
        function_url_auth_type: 'NONE',
      }),
  },
  ...[
    'iam:Put*',
    'iam:Attach*',
    'iam:Create*',
    'iam:Update*',
    'sts:Assume*',
    'lambda:Update*',
    'kms:Create*',
    'secretsmanager:Put*',
  ].map((action) => ({
    rule: 'iam-no-escalation-wildcard',
    variant: action,
    breakIt: (s: SynthJson) => identity(s, grant(action)),
  })),
  {
    rule: 'iam-no-escalation-wildcard',
    variant: 'a customer-managed policy (aws_iam_policy)',
    breakIt: addResource('aws_iam_policy', { name: 'ops', policy: document(grant('iam:Pass*')) }),
  },
  {
    rule: 'iam-no-escalation-wildcard',
    variant: 'an inline_policy block of a role',
    breakIt: (s) => (role(s).inline_policy = [{ name: 'ops', policy: document(grant('iam:Attach*')) }]),
  },
  ...[
    `arn:aws:rds-db:ap-northeast-2:${OUR_ACCOUNT}:dbuser:*/*`,
    `arn:aws:rds-db:ap-northeast-2:${OUR_ACCOUNT}:dbuser:prx-0123456789abcdef/*`,
    'arn:aws:kms:*:*:key/*',
    `arn:aws:iam::${OUR_ACCOUNT}:role/*`,
    `arn:aws:lambda:ap-northeast-2:${OUR_ACCOUNT}:function:*`,
    'arn:aws:secretsmanager:ap-northeast-2:*:secret:rds-platform-dev-app',
  ].map((arn) => ({
    rule: 'iam-no-wildcard-in-arn',
    variant: arn,
    breakIt: (s: SynthJson) => identity(s, grant('secretsmanager:GetSecretValue', arn)),
  })),
  ...['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess', 'job-function/SystemAdministrator'].map((name) => ({
    rule: 'iam-no-admin-managed-policy',
    variant: name,
    breakIt: (s: SynthJson) => (role(s).managed_policy_arns = [`arn:aws:iam::aws:policy/${name}`]),
  })),
  ...['job-function/SystemAdministrator', 'job-function/ViewOnlyAccess', 'AWSLambda_FullAccess', 'PowerUserAccess'].map(
    (name) => ({
      rule: 'iam-no-broad-managed-policy',
      variant: name,
      breakIt: (s: SynthJson) =>
        (synthResource(s, 'aws_iam_role_policy_attachment', 'credentials/vpc-access').policy_arn =
          `arn:aws:iam::aws:policy/${name}`),
    }),
  ),
  {
    rule: 'iam-no-admin-policy',
    variant: 'iam:* on a role',
    breakIt: (s) => identity(s, grant('iam:*', `arn:aws:iam::${OUR_ACCOUNT}:role/rds-platform-dev-api`)),
  },
  {
    rule: 'iam-no-admin-policy',
    variant: 'NotAction in an Allow',
    breakIt: (s) => identity(s, { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }),
  },
  {
    rule: 'iam-no-admin-policy',
    variant: 'an identity policy that cannot be read',
    breakIt: (s) => (policy(s).policy = '${data.aws_iam_policy_document.ops.json}'),
  },
  ...['PUT /items', 'DELETE /items/{id}', 'ANY /{proxy+}', '$default', 'patch /items'].map((routeKey) => ({
    rule: 'api-write-routes-authorized',
    variant: routeKey,
    breakIt: (s: SynthJson) => Object.assign(route(s), { route_key: routeKey, authorization_type: 'NONE' }),
  })),
  {
    rule: 'api-write-routes-authorized',
    variant: 'a REST API POST method with authorization NONE',
    breakIt: addResource('aws_api_gateway_method', {
      rest_api_id: 'api',
      resource_id: 'items',
      http_method: 'POST',
      authorization: 'NONE',
    }),
  },
  {
    rule: 'cors-no-any-origin',
    variant: 'a bucket CORS rule for any origin',
    breakIt: addResource('aws_s3_bucket_cors_configuration', {
      bucket: 'assets',
      cors_rule: [{ allowed_methods: ['GET'], allowed_origins: ['*'] }],
    }),
  },
  {
    rule: 'iam-no-admin-managed-policy',
    variant: 'a policy ARN from a variable (it could be AdministratorAccess)',
    breakIt: (s) =>
      (synthResource(s, 'aws_iam_role_policy_attachment', 'api-function/vpc-access').policy_arn = '${var.policy_arn}'),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'a CloudWatch Logs resource policy with Principal *',
    breakIt: addResource('aws_cloudwatch_log_resource_policy', {
      policy_name: 'everyone',
      policy_document: document(allow('*', 'logs:PutLogEvents')),
    }),
  },
  {
    rule: 'function-url-authorized',
    variant: 'a function URL without authorization_type',
    breakIt: (s) => addFunctionUrl(s, {}),
  },
  {
    rule: 'cors-no-any-origin',
    variant: 'a function URL whose CORS admits https://*',
    breakIt: (s) => addFunctionUrl(s, { authorization_type: 'AWS_IAM', cors: [{ allow_origins: ['https://*'] }] }),
  },
];

export const POLICY_SAFE_CASES: RuleCase[] = [
  {
    rule: 'trust-federated-subject',
    variant: 'a GitHub OIDC trust for one repository and its pull requests',
    breakIt: (s) =>
      githubTrust(s, {
        StringEquals: AUDIENCE,
        StringLike: { 'token.actions.githubusercontent.com:sub': ['repo:acme/rds-platform:pull_request'] },
      }),
  },
  {
    rule: 'resource-policy-no-foreign-account',
    variant: 'a service statement narrowed to our account by aws:SourceAccount and aws:SourceArn',
    breakIt: secretPolicy(
      allow({ Service: 'events.amazonaws.com' }, 'secretsmanager:GetSecretValue', {
        Condition: {
          StringEquals: { 'aws:SourceAccount': OUR_ACCOUNT },
          ArnLike: { 'aws:SourceArn': `arn:aws:events:ap-northeast-2:${OUR_ACCOUNT}:rule/rdsp-dev-*` },
        },
      }),
    ),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'Principal * narrowed to our account, and a Deny for everyone (our endpoint and topic policies)',
    breakIt: addResource('aws_vpc_endpoint_policy', {
      vpc_endpoint_id: 'vpce-0123',
      policy: document(
        allow('*', 'secretsmanager:GetSecretValue', {
          Condition: { StringEquals: { 'aws:PrincipalAccount': OUR_ACCOUNT } },
        }),
        {
          Effect: 'Deny',
          Principal: '*',
          Action: '*',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ),
    }),
  },
  {
    rule: 'resource-policy-no-public-principal',
    variant: 'principals that are roles of this stack, by reference',
    breakIt: secretPolicy(
      allow({ AWS: '${aws_iam_role.api-function_role_99402C8A.arn}' }, 'secretsmanager:GetSecretValue'),
    ),
  },
  {
    rule: 'resource-policy-no-foreign-account',
    variant: 'a trust from another account with an sts:ExternalId',
    breakIt: (s) =>
      trust(
        s,
        allow({ AWS: `arn:aws:iam::${FOREIGN_ACCOUNT}:root` }, 'sts:AssumeRole', {
          Condition: { StringEquals: { 'sts:ExternalId': 'partner-7f3a' } },
        }),
      ),
  },
  {
    rule: 'resource-policy-no-foreign-account',
    variant: 'our own account by id and by root ARN',
    breakIt: (s) =>
      (key(s).policy = document(allow({ AWS: [OUR_ACCOUNT, `arn:aws:iam::${OUR_ACCOUNT}:root`] }, 'kms:*'))),
  },
  {
    rule: 'trust-service-confused-deputy',
    variant: 'a Lambda execution role (Lambda sends no source keys)',
    breakIt: (s) => trust(s, allow({ Service: 'lambda.amazonaws.com' }, 'sts:AssumeRole')),
  },
  {
    rule: 'lambda-permission-source-arn',
    variant: 'our account with a source_account, and a function URL permission with AWS_IAM',
    breakIt: (s) =>
      Object.assign(invokePermission(s), {
        action: 'lambda:InvokeFunctionUrl',
        principal: OUR_ACCOUNT,
        source_arn: undefined,
        source_account: OUR_ACCOUNT,
        function_url_auth_type: 'AWS_IAM',
      }),
  },
  {
    rule: 'lambda-permission-source-arn',
    variant: 'a role of this stack as the principal, by reference',
    breakIt: (s) =>
      Object.assign(invokePermission(s), {
        principal: '${aws_iam_role.proxy_role_A46D75EC.arn}',
        source_arn: undefined,
      }),
  },
  {
    rule: 'iam-no-escalation-wildcard',
    variant: 'wildcards that cover no escalation action (xray:Put*, logs:Describe*), and iam:PassRole spelled out',
    breakIt: (s) =>
      identity(
        s,
        grant(['xray:Put*', 'logs:Describe*'], '*'),
        grant('iam:PassRole', '${aws_iam_role.proxy_role_A46D75EC.arn}'),
      ),
  },
  {
    rule: 'iam-no-wildcard-in-arn',
    variant: 'a secret name prefix, a named DB user, log streams, network interfaces and S3 objects',
    breakIt: (s) =>
      identity(
        s,
        grant(
          'secretsmanager:GetSecretValue',
          `arn:aws:secretsmanager:ap-northeast-2:${OUR_ACCOUNT}:secret:rds-platform-dev-app-??????`,
        ),
        grant('rds-db:connect', `arn:aws:rds-db:ap-northeast-2:${OUR_ACCOUNT}:dbuser:prx-0123456789abcdef/app_user`),
        grant(
          'logs:PutLogEvents',
          `arn:aws:logs:ap-northeast-2:${OUR_ACCOUNT}:log-group:/aws/lambda/rds-platform-dev-api:*`,
        ),
        grant('ec2:DeleteNetworkInterface', `arn:aws:ec2:ap-northeast-2:${OUR_ACCOUNT}:network-interface/*`),
        grant('s3:GetObject', 'arn:aws:s3:::rds-platform-dev-assets/*'),
      ),
  },
  {
    rule: 'iam-no-admin-managed-policy',
    variant: 'a narrow service-role policy',
    breakIt: (s) =>
      (role(s).managed_policy_arns = ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']),
  },
  {
    rule: 'api-write-routes-authorized',
    variant: 'a write route with AWS_IAM and a public read',
    breakIt: (s) => {
      Object.assign(route(s), { route_key: 'POST /heartbeats', authorization_type: 'AWS_IAM' });
      addSynthResource(s, 'aws_apigatewayv2_route', 'time', { route_key: 'GET /time', authorization_type: 'NONE' });
    },
  },
  {
    rule: 'iam-no-admin-managed-policy',
    variant: 'a customer-managed policy of this stack, by reference (its document is checked on its own)',
    breakIt: (s) => {
      addSynthResource(s, 'aws_iam_policy', 'ops', {
        name: 'ops',
        policy: document(grant('xray:PutTraceSegments', '*')),
      });
      synthResource(s, 'aws_iam_role_policy_attachment', 'api-function/vpc-access').policy_arn =
        '${aws_iam_policy.ops.arn}';
    },
  },
  {
    rule: 'api-write-routes-authorized',
    variant: 'a REST API POST method with AWS_IAM and a public GET method',
    breakIt: (s) => {
      addSynthResource(s, 'aws_api_gateway_method', 'post', { http_method: 'POST', authorization: 'AWS_IAM' });
      addSynthResource(s, 'aws_api_gateway_method', 'get', { http_method: 'GET', authorization: 'NONE' });
    },
  },
  {
    rule: 'cors-no-any-origin',
    variant: 'CORS for one named origin',
    breakIt: (s) =>
      (synthResource(s, 'aws_apigatewayv2_api').cors_configuration = { allow_origins: ['https://app.example.com'] }),
  },
];
