import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp, type SynthVariant } from './app';
import { environments } from './config';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const workFolder = mkdtempSync(path.join(tmpdir(), 'infra-app-'));
afterAll(() => rmSync(workFolder, { recursive: true, force: true }));

function synthAll(variant: SynthVariant): Record<string, Json> {
  const outdir = path.join(workFolder, variant);
  const app = buildApp({ outdir, variant });
  app.synth();
  return Object.fromEntries(
    app.node.children.map((stack) => [
      stack.node.id,
      JSON.parse(readFileSync(path.join(outdir, 'stacks', stack.node.id, 'cdk.tf.json'), 'utf8')) as Json,
    ]),
  );
}

/** The stack without what the offline variant is allowed to change: backend, provider, and cdktf's backend note. */
function withoutBackendAndProvider(stack: Json): Json {
  const copy = structuredClone(stack);
  delete copy.terraform.backend;
  delete copy.provider;
  delete copy['//'].metadata.backend;
  // The use_lockfile override lives on the S3 backend, so cdktf notes it only in the aws variant.
  delete copy['//'].metadata.overrides;
  return copy;
}

describe('buildApp', () => {
  const aws = synthAll('aws');
  const offline = synthAll('offline');

  it('synthesizes the state stack and one stack per environment', () => {
    expect(Object.keys(aws).sort()).toEqual(['dev', 'prod', 'state']);
  });

  it.each(['dev', 'prod'])(
    'GIVEN the aws variant THEN %s keeps its state in the state bucket under its own key, with a lock file',
    (name) => {
      expect(aws[name].terraform.backend.s3).toMatchObject({
        key: `${name}/terraform.tfstate`,
        encrypt: true,
        use_lockfile: true,
      });
      expect(aws[name].terraform.backend.s3.kms_key_id).toMatch(/^arn:aws:kms:ap-northeast-2:\d{12}:alias\//);
    },
  );

  it('GIVEN the aws variant THEN the state stack keeps its own state in a local file at the workspace root', () => {
    expect(aws.state.terraform.backend.local.path).toBe(
      path.relative(
        path.join(workFolder, 'aws/stacks/state'),
        path.resolve(__dirname, '../../../terraform.state.tfstate'),
      ),
    );
  });

  it.each(['state', 'dev', 'prod'])(
    'GIVEN the aws variant THEN %s refuses credentials of another account and skips no check',
    (name) => {
      const [provider] = aws[name].provider.aws;
      expect(provider.allowed_account_ids).toHaveLength(1);
      expect(JSON.stringify(provider)).not.toMatch(/skip_|access_key|secret_key/);
    },
  );

  it.each(['state', 'dev', 'prod'])(
    'GIVEN the offline variant THEN %s uses a local backend and a provider that calls no AWS API',
    (name) => {
      expect(offline[name].terraform.backend).toEqual({ local: { path: 'terraform.tfstate' } });
      expect(offline[name].provider.aws[0]).toMatchObject({
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: 'true',
        skip_region_validation: true,
        // For the plan review: the account the aws variant pins, in a comment the provider ignores.
        '//': { allowed_account_ids: aws[name].provider.aws[0].allowed_account_ids },
      });
    },
  );

  it.each(['state', 'dev', 'prod'])('GIVEN both variants THEN %s differs only in backend and provider', (name) => {
    expect(withoutBackendAndProvider(offline[name])).toEqual(withoutBackendAndProvider(aws[name]));
  });

  it.each(['state', 'dev', 'prod'])('%s reads no data source (plans must work offline)', (name) => {
    expect(aws[name].data).toBeUndefined();
  });

  it.each(['dev', 'prod'] as const)('%s tags everything through the provider with the environment tags', (name) => {
    expect(aws[name].provider.aws[0].default_tags[0].tags).toEqual(environments[name].tags);
    expect(aws[name].provider.aws[0].region).toBe(environments[name].region);
  });

  it.each(['dev', 'prod'] as const)('%s names every log group so the logs key policy admits it', (name) => {
    const logGroups = Object.values(aws[name].resource.aws_cloudwatch_log_group) as Json[];
    expect(logGroups.length).toBeGreaterThan(1);
    for (const logGroup of logGroups) {
      expect(logGroup.name).toMatch(new RegExp(`^/aws/.+/${environments[name].namePrefix}`));
      expect(logGroup.kms_key_id).toMatch(/aws_kms_key\.encryption-keys_logs_key/);
    }
  });

  it.each(['dev', 'prod'] as const)(
    '%s has subnets in every configured AZ and nothing routed to the internet',
    (name) => {
      const subnets = Object.values(aws[name].resource.aws_subnet) as Json[];
      expect(new Set(subnets.map((subnet) => subnet.availability_zone))).toEqual(new Set(environments[name].azNames));
      expect(aws[name].resource.aws_internet_gateway).toBeUndefined();
      expect(aws[name].resource.aws_nat_gateway).toBeUndefined();
      expect(JSON.stringify(aws[name])).not.toContain('0.0.0.0/0');
    },
  );
});
