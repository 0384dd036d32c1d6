import { defineCases } from '../../testing/cases';
import { addSynthResource, synthResource, type SynthJson } from '../../testing/fixtures';
import { EXAMPLE_ACCESS_KEY_ID, EXAMPLE_PRIVATE_KEY, EXAMPLE_SECRET_ACCESS_KEY } from './example-credentials';
import { awsProvider, setLocal, stage, stringParameter, writeOnlySecret } from './fixture-edits';
import { noCredentialsInConfiguration } from './no-credentials-in-configuration';

// Every value below is a made-up example (example-credentials.ts); the spec checks no finding repeats `Passw0rd`.

/** Credentials in resources: in a known format anywhere, or a literal where a secret goes. */
const inResources: [string, (synth: SynthJson) => void][] = [
  [
    'a password inside a URL in a stage variable',
    (s) => (stage(s).stage_variables = { DATABASE_URL: 'mysql://admin:Passw0rd@db.internal:3306/app' }),
  ],
  ['a password inside a URL in a tag', (s) => (stage(s).tags = { Dsn: 'postgres://app:Passw0rd@db/app' })],
  ['an AWS access key id in a String parameter', (s) => stringParameter(s, '/app/key-id', EXAMPLE_ACCESS_KEY_ID)],
  [
    'an AWS secret access key next to its key word, in user data',
    (s) =>
      addSynthResource(s, 'aws_launch_template', 'workers', {
        user_data: `export AWS_SECRET_ACCESS_KEY=${EXAMPLE_SECRET_ACCESS_KEY}`,
      }),
  ],
  ['a PEM private key in a String parameter', (s) => stringParameter(s, '/app/tls', EXAMPLE_PRIVATE_KEY)],
  [
    'a GitHub token in a stage variable',
    (s) => (stage(s).stage_variables = { deploy: `ghp_${'a1B2c3D4e5'.repeat(3)}a1B2c3` }),
  ],
  ['a Slack token in a tag', (s) => (stage(s).tags = { Hook: 'xoxb-123456789012-abcdefABCDEF' })],
  [
    'a literal in secret_string_wo (copied into the plan configuration)',
    (s) => writeOnlySecret(s, '{"password":"Passw0rd"}'),
  ],
  [
    'a literal in password_wo',
    (s) =>
      Object.assign(synthResource(s, 'aws_db_instance'), {
        manage_master_user_password: false,
        password_wo: 'Passw0rd',
        password_wo_version: 1,
      }),
  ],
  [
    'secret_string_wo set from a variable that is not ephemeral (its value is in the plan)',
    (s) => {
      s.variable = { initial: { type: 'string', sensitive: true } };
      writeOnlySecret(s, '${var.initial}');
    },
  ],
  [
    'a password in a nested block of a provider schema',
    (s) =>
      addSynthResource(s, 'aws_mq_broker', 'broker', {
        broker_name: 'broker',
        user: [{ username: 'admin', password: 'Passw0rd' }],
      }),
  ],
  [
    'a secret word that does not end the name (DB_PASSWORD_V2)',
    (s) => (stage(s).stage_variables = { DB_PASSWORD_V2: 'Passw0rd' }),
  ],
  [
    'a secret-named pair in JSON container definitions',
    (s) =>
      addSynthResource(s, 'aws_ecs_task_definition', 'worker', {
        family: 'worker',
        container_definitions: JSON.stringify([
          { name: 'worker', environment: [{ name: 'DB_PASSWORD', value: 'Passw0rd' }] },
        ]),
      }),
  ],
];

/** Literals folded into expressions, and credentials outside resources (providers, backend, outputs, locals…). */
const beyondResources: [string, (synth: SynthJson) => void][] = [
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

export default defineCases({
  rule: noCredentialsInConfiguration,
  failing: [...inResources, ...beyondResources].map(([variant, change]) => ({ variant, change })),
  passing: [
    {
      variant:
        'pointers to secrets, URLs without a password, write-only attributes set from ephemeral values and variables',
      change: (s) => {
        stage(s).stage_variables = {
          DB_SECRET_ARN: 'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:app-AbCdEf',
          DB_PASSWORD_FILE: '/run/secrets/db',
          TOKEN_TTL_SECONDS: '300',
          DATABASE_URL: 'mysql://app@proxy.internal:3306/app',
          HOME_PAGE: 'https://example.com/login?next=/',
        };
        s.variable = { initial: { type: 'string', sensitive: true, ephemeral: true } };
        writeOnlySecret(s, '${ephemeral.random_password.initial.result}');
        writeOnlySecret(s, '${var.initial}', 'app-secret-seed');
        // Provider settings with a secret word inside the name, not at its end.
        addSynthResource(s, 'aws_elasticache_replication_group', 'cache', {
          description: 'cache',
          auth_token_update_strategy: 'ROTATE',
        });
      },
    },
    {
      variant:
        'write-only values built from ephemeral references, dummy provider keys, outputs and locals without ' +
        'secrets, prose with "Basic" and "Bearer", an email address',
      change: (s) => {
        writeOnlySecret(s, '${jsonencode({username = "app", password = ephemeral.random_password.initial.result})}');
        Object.assign(awsProvider(s), { access_key: 'offline-plan-dummy-key', secret_key: 'offline-plan-dummy-key' });
        s['output'] = {
          ...s['output'],
          db_password_secret_arn: { value: '${aws_secretsmanager_secret.app-secret.arn}' },
        };
        s['variable'] = { db_user: { type: 'string', default: 'app' } };
        setLocal(s, 'db_password_secret_name', 'rds-platform-dev/app');
        setLocal(s, 'seed', '${ephemeral.random_password.initial.result}');
        writeOnlySecret(s, '${local.seed}', 'app-secret-seed');
        setLocal(s, 'note', 'Basic authentication is off; send a Bearer token from the identity provider');
        setLocal(s, 'contact', 'ops@example.com');
        setLocal(s, 'proxy', 'tcp(proxy.internal:3306)/app');
      },
    },
  ],
});
