import { EXAMPLE_ACCESS_KEY_ID } from './credentials-cases';
import { addSynthData, addSynthResource, synthResource, type SynthJson } from './fixtures';
import type { RuleCase } from './rule-cases';

/**
 * Holes a hostile change to our synth slipped past the review with (literals folded into expressions, credentials
 * outside resources, AWS-managed keys behind data sources, quick-create APIs, sharing with foreign accounts). Every
 * value is a made-up example in the credential's published format (`Passw0rd`, AWS's documentation keys).
 */
const EXAMPLE_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const CREDENTIALS = 'no-credentials-in-configuration';

const writeOnlySecret = (synth: SynthJson, secretString: string) =>
  addSynthResource(synth, 'aws_secretsmanager_secret_version', 'app-secret-value', {
    secret_id: '${aws_secretsmanager_secret.app-secret.id}',
    secret_string_wo: secretString,
    secret_string_wo_version: 1,
  });
const awsProvider = (synth: SynthJson) => synth['provider']['aws'][0];
const setLocal = (synth: SynthJson, name: string, value: unknown) =>
  (synth['locals'] = { ...synth['locals'], [name]: value });

const credentialLeaks: [string, (synth: SynthJson) => void][] = [
  [
    'a literal folded into jsonencode() in secret_string_wo',
    (s) => writeOnlySecret(s, '${jsonencode({username = "app", password = "Passw0rd"})}'),
  ],
  ['a quoted literal inside ${} in secret_string_wo', (s) => writeOnlySecret(s, '${"Passw0rdPassw0rd"}')],
  [
    'a literal password under a secret key of jsonencode() next to a reference',
    (s) => writeOnlySecret(s, '${jsonencode({username = var.user, password = "Passw0rd"})}'),
  ],
  [
    'secret_string_wo set from a local written as a literal under an innocent name',
    (s) => {
      setLocal(s, 'seed', '{"password":"Passw0rd"}');
      writeOnlySecret(s, '${local.seed}');
    },
  ],
  [
    'secret_string_wo set from an ephemeral variable with a literal default',
    (s) => {
      s['variable'] = { seed: { type: 'string', ephemeral: true, default: 'Passw0rd' } };
      writeOnlySecret(s, '${var.seed}');
    },
  ],
  [
    'an AWS access key id in the provider block',
    (s) => Object.assign(awsProvider(s), { access_key: EXAMPLE_ACCESS_KEY_ID }),
  ],
  [
    'an AWS access key id in an aliased provider block',
    (s) => s['provider']['aws'].push({ alias: 'replica', region: 'us-east-1', access_key: EXAMPLE_ACCESS_KEY_ID }),
  ],
  [
    'a 40-character secret_key in the provider block',
    (s) => Object.assign(awsProvider(s), { secret_key: EXAMPLE_SECRET_ACCESS_KEY }),
  ],
  [
    'an AWS access key pair in the S3 backend settings',
    (s) =>
      Object.assign(s['terraform']['backend'][Object.keys(s['terraform']['backend'])[0]], {
        access_key: EXAMPLE_ACCESS_KEY_ID,
        secret_key: EXAMPLE_SECRET_ACCESS_KEY,
      }),
  ],
  [
    'a password literal as an output value',
    (s) => (s['output'] = { ...s['output'], db_password: { value: 'Passw0rd' } }),
  ],
  [
    'a URL with a password as an output value',
    (s) => (s['output'] = { ...s['output'], db_url: { value: 'mysql://admin:Passw0rd@db.internal/app' } }),
  ],
  [
    'a password literal as a variable default',
    (s) => (s['variable'] = { db_password: { type: 'string', default: 'Passw0rd' } }),
  ],
  ['a password literal in locals', (s) => setLocal(s, 'db_password', 'Passw0rd')],
  ['an access key id in locals', (s) => setLocal(s, 'uploader', EXAMPLE_ACCESS_KEY_ID)],
  ['a Go MySQL DSN with a password (no scheme)', (s) => setLocal(s, 'dsn', 'admin:Passw0rd@tcp(db.internal:3306)/app')],
  ['a DSN with a password and no scheme', (s) => setLocal(s, 'dsn', 'admin:Passw0rd@db.internal:3306/app')],
  [
    'an HTTP Basic credential in a header value',
    (s) => setLocal(s, 'headers', { Authorization: `Basic ${Buffer.from('admin:Passw0rd').toString('base64')}` }),
  ],
  [
    'an HTTP Bearer token in a header value',
    (s) => setLocal(s, 'headers', { Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.Passw0rd1234567890' }),
  ],
  [
    'a password argument of a data source',
    (s) => (s['data'] = { http: { health: { url: 'https://admin:Passw0rd@example.com/health' } } }),
  ],
];

const addData = addSynthData;
const database = (synth: SynthJson) => synthResource(synth, 'aws_db_instance');

const httpApi = (synth: SynthJson) => synthResource(synth, 'aws_apigatewayv2_api');
const API_FUNCTION_ARN = '${aws_lambda_function.api-function_6EE8A0DE.arn}';

const FIXES_B_KEY_AND_CREDENTIAL_LEAK_CASES: RuleCase[] = [
  ...credentialLeaks.map(([variant, breakIt]) => ({ rule: CREDENTIALS, variant, breakIt })),
  {
    rule: 'api-write-routes-authorized',
    variant: 'an HTTP API quick create (target): a $default route with no authorizer',
    breakIt: (s) => (httpApi(s).target = API_FUNCTION_ARN),
  },
  {
    rule: 'api-write-routes-authorized',
    variant: 'an HTTP API quick create with a write route_key',
    breakIt: (s) => Object.assign(httpApi(s), { target: API_FUNCTION_ARN, route_key: 'POST /items' }),
  },
  {
    rule: 'rds-encrypted-with-cmk',
    variant: 'the AWS-managed key looked up by data "aws_kms_alias" (target_key_arn)',
    breakIt: (s) => {
      addData(s, 'aws_kms_alias', 'rds', { name: 'alias/aws/rds' });
      database(s).kms_key_id = '${data.aws_kms_alias.rds.target_key_arn}';
    },
  },
  {
    rule: 'rds-encrypted-with-cmk',
    variant: 'the AWS-managed key looked up by data "aws_kms_alias" (arn)',
    breakIt: (s) => {
      addData(s, 'aws_kms_alias', 'rds', { name: 'alias/aws/rds' });
      database(s).kms_key_id = '${data.aws_kms_alias.rds.arn}';
    },
  },
  {
    rule: 'rds-encrypted-with-cmk',
    variant: 'the AWS-managed key looked up by data "aws_kms_key"',
    breakIt: (s) => {
      addData(s, 'aws_kms_key', 'rds', { key_id: 'alias/aws/rds' });
      database(s).kms_key_id = '${data.aws_kms_key.rds.arn}';
    },
  },
  {
    rule: 'rds-performance-insights-with-cmk',
    variant: 'Performance Insights with the AWS-managed key through data "aws_kms_key" of a data "aws_kms_alias"',
    breakIt: (s) => {
      addData(s, 'aws_kms_alias', 'rds', { name: 'alias/aws/rds' });
      addData(s, 'aws_kms_key', 'rds', { key_id: '${data.aws_kms_alias.rds.target_key_id}' });
      Object.assign(database(s), {
        performance_insights_enabled: true,
        performance_insights_kms_key_id: '${data.aws_kms_key.rds.arn}',
      });
    },
  },
  {
    rule: 'secret-encrypted-with-cmk',
    variant: 'the AWS-managed key looked up by data "aws_kms_alias"',
    breakIt: (s) => {
      addData(s, 'aws_kms_alias', 'sm', { name: 'alias/aws/secretsmanager' });
      synthResource(s, 'aws_secretsmanager_secret').kms_key_id = '${data.aws_kms_alias.sm.target_key_arn}';
    },
  },
];

const FIXES_B_KEY_AND_CREDENTIAL_SAFE_CASES: RuleCase[] = [
  {
    rule: 'api-write-routes-authorized',
    variant: 'an HTTP API quick create of a read route',
    breakIt: (s) => Object.assign(httpApi(s), { target: API_FUNCTION_ARN, route_key: 'GET /time' }),
  },
  {
    rule: CREDENTIALS,
    variant:
      'write-only values built from ephemeral references, dummy provider keys, outputs and locals without secrets, ' +
      'prose with "Basic" and "Bearer", an email address',
    breakIt: (s) => {
      writeOnlySecret(s, '${jsonencode({username = "app", password = ephemeral.random_password.initial.result})}');
      Object.assign(awsProvider(s), { access_key: 'offline-plan-dummy-key', secret_key: 'offline-plan-dummy-key' });
      s['output'] = {
        ...s['output'],
        db_password_secret_arn: { value: '${aws_secretsmanager_secret.app-secret.arn}' },
      };
      s['variable'] = { db_user: { type: 'string', default: 'app' } };
      setLocal(s, 'db_password_secret_name', 'rds-platform-dev/app');
      setLocal(s, 'seed', '${ephemeral.random_password.initial.result}');
      addSynthResource(s, 'aws_secretsmanager_secret_version', 'app-secret-seed', {
        secret_id: '${aws_secretsmanager_secret.app-secret.id}',
        secret_string_wo: '${local.seed}',
        secret_string_wo_version: 1,
      });
      setLocal(s, 'note', 'Basic authentication is off; send a Bearer token from the identity provider');
      setLocal(s, 'contact', 'ops@example.com');
      setLocal(s, 'proxy', 'tcp(proxy.internal:3306)/app');
    },
  },
  {
    rule: 'rds-encrypted-with-cmk',
    variant: 'a customer-managed key looked up by data "aws_kms_alias"',
    breakIt: (s) => {
      addData(s, 'aws_kms_alias', 'database', { name: 'alias/rds-platform-dev-database' });
      database(s).kms_key_id = '${data.aws_kms_alias.database.target_key_arn}';
    },
  },
];

const OWN_ACCOUNT = '123456789012';
const FOREIGN_ACCOUNT = '210987654321';
const KEY_ARN = '${aws_kms_key.kms_database_EE031BFB.arn}';
const addGrant = (synth: SynthJson, grantee: string) =>
  addSynthResource(synth, 'aws_kms_grant', 'backup-grant', {
    name: 'backup',
    key_id: KEY_ARN,
    grantee_principal: grantee,
    operations: ['Decrypt'],
  });
const addLayerPermission = (synth: SynthJson, values: Record<string, unknown>) =>
  addSynthResource(synth, 'aws_lambda_layer_version_permission', 'layer-share', {
    layer_name: 'arn:aws:lambda:ap-northeast-2:123456789012:layer:shared',
    version_number: 1,
    statement_id: 'share',
    action: 'lambda:GetLayerVersion',
    ...values,
  });
const addSnapshot = (synth: SynthJson, type: string, sharedAccounts: string[]) =>
  addSynthResource(synth, type, 'db-snapshot', {
    db_snapshot_identifier: 'before-upgrade',
    db_instance_identifier: '${aws_db_instance.database_instance_D7FC2283.identifier}',
    shared_accounts: sharedAccounts,
  });
const apiFunction = (synth: SynthJson) => synthResource(synth, 'aws_lambda_function', 'api-function/function');
const addBucketPermission = (synth: SynthJson, values: Record<string, unknown>) =>
  addSynthResource(synth, 'aws_lambda_permission', 'bucket-invoke', {
    action: 'lambda:InvokeFunction',
    function_name: '${aws_lambda_function.api-function_6EE8A0DE.function_name}',
    source_arn: 'arn:aws:s3:::rds-platform-dev-uploads',
    ...values,
  });

export const FIXES_B_RULE_CASES: RuleCase[] = [
  { rule: 'kms-grant-own-accounts', breakIt: (s) => addGrant(s, `arn:aws:iam::${FOREIGN_ACCOUNT}:role/backup`) },
  { rule: 'lambda-layer-not-public', breakIt: (s) => addLayerPermission(s, { principal: '*' }) },
  { rule: 'db-snapshot-not-shared', breakIt: (s) => addSnapshot(s, 'aws_db_snapshot', ['all']) },
  {
    rule: 'no-module-calls',
    breakIt: (s) => (s['module'] = { vpc: { source: 'terraform-aws-modules/vpc/aws', version: '5.0.0' } }),
  },
];

/** The new sharing rules' passing cases need a grant, a layer permission and a snapshot, which our stack has none of. */
export const FIXES_B_PASSING_SETUP: Record<string, (synth: SynthJson) => void> = {
  'kms-grant-own-accounts': (s) => addGrant(s, `arn:aws:iam::${OWN_ACCOUNT}:role/backup`),
  'lambda-layer-not-public': (s) => addLayerPermission(s, { principal: OWN_ACCOUNT }),
  'db-snapshot-not-shared': (s) => addSnapshot(s, 'aws_db_snapshot', [OWN_ACCOUNT]),
};

/** Sharing, runtimes and permissions: more ways to break them, and their legitimate forms. */
const FIXES_B_SHARING_LEAK_CASES: RuleCase[] = [
  {
    rule: 'kms-grant-own-accounts',
    variant: 'a grant whose retiring principal is a foreign account',
    breakIt: (s) => {
      addGrant(s, '${aws_iam_role.api-function_role_99402C8A.arn}');
      synthResource(s, 'aws_kms_grant').retiring_principal = FOREIGN_ACCOUNT;
    },
  },
  {
    rule: 'kms-grant-own-accounts',
    variant: 'a grantee known only at apply',
    breakIt: (s) => addGrant(s, '${var.grantee}'),
  },
  {
    rule: 'lambda-layer-not-public',
    variant: 'a layer shared with a foreign account',
    breakIt: (s) => addLayerPermission(s, { principal: FOREIGN_ACCOUNT }),
  },
  ...['aws_db_cluster_snapshot', 'aws_db_snapshot_copy'].map((type) => ({
    rule: 'db-snapshot-not-shared',
    variant: `a public ${type} (shared_accounts "all")`,
    breakIt: (s: SynthJson) => addSnapshot(s, type, ['all']),
  })),
  {
    rule: 'db-snapshot-not-shared',
    variant: 'a snapshot shared with a foreign account',
    breakIt: (s) => addSnapshot(s, 'aws_db_snapshot', [OWN_ACCOUNT, FOREIGN_ACCOUNT]),
  },
  ...['s3.amazonaws.com', 'ses.amazonaws.com'].map((principal) => ({
    rule: 'lambda-permission-source-arn',
    variant: `${principal} with a source_arn but no source_account (its ARNs name no account)`,
    breakIt: (s: SynthJson) => addBucketPermission(s, { principal }),
  })),
  ...[
    'nodejs10.x',
    'python2.7',
    'dotnetcore3.1',
    'nodejs4.3',
    'nodejs20.x',
    'python3.10',
    'java17',
    'provided.al2',
  ].map((runtime) => ({
    rule: 'lambda-runtime-supported',
    variant: `${runtime} (unlisted or past its deprecation date)`,
    breakIt: (s: SynthJson) => (apiFunction(s).runtime = runtime),
  })),
  {
    rule: 'lambda-runtime-supported',
    variant: 'a runtime from a variable',
    breakIt: (s) => (apiFunction(s).runtime = '${var.runtime}'),
  },
];

const FIXES_B_SHARING_SAFE_CASES: RuleCase[] = [
  {
    rule: 'kms-grant-own-accounts',
    variant: "a grant to a role of the stack's own",
    breakIt: (s) => addGrant(s, '${aws_iam_role.api-function_role_99402C8A.arn}'),
  },
  {
    rule: 'lambda-layer-not-public',
    variant: 'a layer shared with an organization',
    breakIt: (s) => addLayerPermission(s, { principal: '*', organization_id: 'o-a1b2c3d4e5' }),
  },
  {
    rule: 'db-snapshot-not-shared',
    variant: 'a cluster snapshot that is not shared',
    breakIt: (s) =>
      addSynthResource(s, 'aws_db_cluster_snapshot', 'cluster-snapshot', {
        db_cluster_identifier: 'cluster',
        db_cluster_snapshot_identifier: 'before-upgrade',
      }),
  },
  {
    rule: 'lambda-permission-source-arn',
    variant: 'S3 with its source_account',
    breakIt: (s) => addBucketPermission(s, { principal: 's3.amazonaws.com', source_account: OWN_ACCOUNT }),
  },
  ...['nodejs22.x', 'nodejs24.x', 'python3.13', 'java21', 'ruby3.4', 'provided.al2023'].map((runtime) => ({
    rule: 'lambda-runtime-supported',
    variant: `${runtime}, supported`,
    breakIt: (s: SynthJson) => (apiFunction(s).runtime = runtime),
  })),
  {
    rule: 'lambda-runtime-supported',
    variant: 'a container image function without a runtime',
    breakIt: (s) => {
      delete apiFunction(s).runtime;
      apiFunction(s).package_type = 'Image';
    },
  },
];

export const FIXES_B_LEAK_CASES: RuleCase[] = [...FIXES_B_KEY_AND_CREDENTIAL_LEAK_CASES, ...FIXES_B_SHARING_LEAK_CASES];
export const FIXES_B_SAFE_CASES: RuleCase[] = [...FIXES_B_KEY_AND_CREDENTIAL_SAFE_CASES, ...FIXES_B_SHARING_SAFE_CASES];
