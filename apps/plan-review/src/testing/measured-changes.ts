import { addSynthData, type Json, type SynthJson } from './fixtures';

/**
 * A measurement, not a rule suite: hostile and legitimate changes to the real dev synth
 * (dist/apps/infra/offline-plans/stacks/dev/cdk.tf.json), each reviewed end to end by runReview with the access
 * matrix (measured-changes.integration.spec.ts). A hostile change is caught when the review fails; a legitimate one
 * must pass. Written against the stack as it is (construct paths, real names) from what an attacker or a careless
 * engineer would do, not from what a rule looks for: the misses are the result, listed in KNOWN_MISSES with why the
 * review misses each. After the first run, three variants were added to show how far a miss reaches (the tidied
 * default-VPC move, the decoy secret, the quoted expression), and two cases AWS would not run were replaced (a
 * public.ecr.aws image, which Lambda refuses; TLS 1.0 on MySQL 8.0, which its current minors no longer offer).
 *
 * Resources are found by their construct path (`//.metadata.path`), so the cases survive a re-synth that keeps the
 * constructs; the account, region and name prefix are read from the synth itself.
 */

export const HOSTILE_CLASSES = {
  'vpc-escape': 'ways out of (or into) the isolated VPC: endpoints, peering, routes, DNS, security groups',
  'secret-paths':
    'paths to the secrets through other principals: code and config updates, PassRole, AssumeRole, policy writes',
  'outside-code':
    'code or configuration from outside the stack: layers, images, buckets, endpoints in environment variables',
  identity: 'foreign accounts, organizations, wildcard and federated principals',
  'logging-state': 'logging and state tampering: destinations, retention, formats, the state backend',
  guards: 'guards neutered: alarms that cannot fire in practice, silent topics, disabled or blind event sources',
  encryption: 'encryption downgrades: keys usable outside their service, default key policies, grants, plain HTTP',
  'data-exposure': 'data exposure: TLS off, backups out, public reads, SQL text and events in logs',
  'unreviewed-type': 'resource types nobody reviewed',
} as const;

export type HostileClass = keyof typeof HOSTILE_CLASSES;
export type ChangeClass = HostileClass | 'legitimate';

export interface MeasuredChange {
  readonly id: string;
  readonly class: ChangeClass;
  readonly description: string;
  /** Applies the change to a deep copy of the dev synth (mutates it). */
  readonly change: (synth: SynthJson) => void;
  readonly expected: 'caught' | 'passes';
}

// ---------------------------------------------------------------------------------------------------------------
// Finding things in the synth

/** Made-up accounts and organization that are not the stack's (documentation-style values). */
const FOREIGN_ACCOUNT = '222222222222';
const FOREIGN_ORG = 'o-7h3k9x2m1q';

interface Facts {
  readonly account: string;
  readonly region: string;
  /** `rdsp-dev`: the prefix of every name (the alerts topic is `<prefix>-alerts`). */
  readonly prefix: string;
}

function facts(synth: SynthJson): Facts {
  const provider = (synth['provider']['aws'] as Json[]).find((candidate) => !('alias' in candidate));
  const account = provider['allowed_account_ids']?.[0] ?? provider['//']?.['allowed_account_ids']?.[0];
  const topic = Object.values(synth['resource']['aws_sns_topic'] as Record<string, Json>)[0];
  return {
    account: String(account),
    region: String(provider['region']),
    prefix: String(topic.name).replace(/-alerts$/, ''),
  };
}

/** The Terraform name and values of the one resource of `type` whose construct path ends with `/<suffix>`. */
function entry(synth: SynthJson, type: string, suffix: string): [string, Json] {
  const found = Object.entries((synth['resource'][type] ?? {}) as Record<string, Json>).filter(([, values]) =>
    String(values['//']?.metadata?.path ?? '').endsWith(`/${suffix}`),
  );
  if (found.length !== 1) throw new Error(`the dev synth has ${found.length} ${type} at .../${suffix}, not one`);
  return found[0];
}

const res = (synth: SynthJson, type: string, suffix: string): Json => entry(synth, type, suffix)[1];
const ref = (synth: SynthJson, type: string, suffix: string, attribute: string): string =>
  `\${${type}.${entry(synth, type, suffix)[0]}.${attribute}}`;
const all = (synth: SynthJson, type: string): Json[] =>
  Object.values((synth['resource'][type] ?? {}) as Record<string, Json>);

/** Adds a resource as a construct of the stack would (CDKTF metadata with a construct path). */
function add(synth: SynthJson, type: string, name: string, values: Record<string, unknown>): string {
  synth['resource'][type] = {
    ...synth['resource'][type],
    [name]: { '//': { metadata: { path: `dev/measured/${name}`, uniqueId: name } }, ...values },
  };
  return name;
}

const addData = addSynthData;

/** Parses the JSON policy at `holder[key]`, lets `edit` change it, and writes it back. */
function editPolicy(holder: Json, key: string, edit: (document: Json) => void): void {
  const document = JSON.parse(holder[key]);
  edit(document);
  holder[key] = JSON.stringify(document);
}

function statement(document: Json, sid: string): Json {
  const found = (document.Statement as Json[]).find((candidate) => candidate.Sid === sid);
  if (!found) throw new Error(`no statement ${sid}`);
  return found;
}

const document = (...statements: Record<string, unknown>[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });

// The parts of the stack the cases touch, by construct path.
const API_FUNCTION = 'api-function/function/function';
const API_ROLE = 'api-function/function/role';
const API_POLICY = 'api-function/function/policy';
const BOOTSTRAP_FUNCTION = 'credentials/bootstrap/function';
const BOOTSTRAP_ROLE = 'credentials/bootstrap/role';
const ROTATION_FUNCTION = 'credentials/rotation/function';
const ROTATION_ROLE = 'credentials/rotation/role';
const ROTATION_POLICY = 'credentials/rotation/policy';
const PROXY = 'database-proxy/proxy';
const PROXY_POLICY = 'database-proxy/secret-access';
const DATABASE = 'database/instance';
const PARAMETER_GROUP = 'database/parameter-group';
const APP_SECRET = 'app-secret/secret';
const SECRETS_KEY = 'encryption-keys/secrets/key';
const DATABASE_KEY = 'encryption-keys/database/key';
const LOGS_KEY = 'encryption-keys/logs/key';
const ALERTS_KEY = 'monitoring/alerts-key/key';
const TOPIC = 'monitoring/topic';
const TOPIC_POLICY = 'monitoring/topic-policy';
const QUEUE = 'monitoring/rule-dead-letters';
const QUEUE_POLICY = 'monitoring/rule-dead-letters-policy';
const VPC = 'network/vpc';
const ENDPOINT_POLICY = 'secrets-manager-endpoint/policy';
const DRILL_ROLE = 'failover-drill/role';
const DRILL_POLICY = 'failover-drill/policy';
const FLOW_LOG = 'network/flow-log';
const FLOW_LOG_POLICY = 'network/flow-log-role-policy';
const STAGE = 'http-api/stage';
const API_LOG_GROUP = 'api-function/function/log-group/log-group';
const ACCESS_LOG_GROUP = 'http-api/access-logs/log-group';

const MASTER_SECRET_ARN = (s: SynthJson) => ref(s, 'aws_db_instance', DATABASE, 'master_user_secret[0].secret_arn');
const alarm = (s: SynthJson, name: string) => res(s, 'aws_cloudwatch_metric_alarm', `monitoring/alarm-${name}`);
const apiFunction = (s: SynthJson) => res(s, 'aws_lambda_function', API_FUNCTION);
const apiVariables = (s: SynthJson) => apiFunction(s).environment.variables;
const addToPolicy = (s: SynthJson, suffix: string, ...statements: Record<string, unknown>[]) =>
  editPolicy(res(s, 'aws_iam_role_policy', suffix), 'policy', (d) => d.Statement.push(...statements));
const addToTrust = (s: SynthJson, suffix: string, ...statements: Record<string, unknown>[]) =>
  editPolicy(res(s, 'aws_iam_role', suffix), 'assume_role_policy', (d) => d.Statement.push(...statements));

/** Reading a secret as the stack's roles do: GetSecretValue, and Decrypt through Secrets Manager for that secret. */
function readsSecret(s: SynthJson, sid: string, secretArn: string): Record<string, unknown>[] {
  const { region } = facts(s);
  return [
    { Sid: sid, Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: secretArn },
    {
      Sid: `${sid}Decrypt`,
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: ref(s, 'aws_kms_key', SECRETS_KEY, 'arn'),
      Condition: {
        StringEquals: {
          'kms:ViaService': `secretsmanager.${region}.amazonaws.com`,
          'kms:EncryptionContext:SecretARN': secretArn,
        },
      },
    },
  ];
}

/**
 * An alarm on the alerts topic the way the monitoring construct adds one: the alarm, and its ARN in the topic
 * policy's and the alerts key's lists of alarms that may publish (the construct builds both lists from its alarms).
 */
function addAlarm(s: SynthJson, name: string, values: Record<string, unknown>): void {
  const { account, region, prefix } = facts(s);
  const topic = ref(s, 'aws_sns_topic', TOPIC, 'arn');
  const alarmName = `${prefix}-${name}`;
  add(s, 'aws_cloudwatch_metric_alarm', `alarm-${name}`, {
    alarm_name: alarmName,
    alarm_actions: [topic],
    ok_actions: [topic],
    datapoints_to_alarm: 1,
    evaluation_periods: 1,
    period: 300,
    treat_missing_data: 'notBreaching',
    ...values,
  });
  const arn = `arn:aws:cloudwatch:${region}:${account}:alarm:${alarmName}`;
  editPolicy(res(s, 'aws_sns_topic_policy', TOPIC_POLICY), 'policy', (d) =>
    statement(d, 'CloudWatchAlarmsPublish').Condition.ArnEquals['aws:SourceArn'].push(arn),
  );
  editPolicy(res(s, 'aws_kms_key', ALERTS_KEY), 'policy', (d) =>
    statement(d, 'CloudWatchAlarmsEncryptForTheTopic').Condition.ArnEquals['aws:SourceArn'].push(arn),
  );
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------------------------
// Hostile changes

const hostile = (
  changeClass: HostileClass,
  id: string,
  description: string,
  change: (synth: SynthJson) => void,
): MeasuredChange => ({ id, class: changeClass, description, change, expected: 'caught' });

/** The API function in the default VPC's subnet and group (data sources), its ENI grant following. */
function moveApiToDefaultVpc(s: SynthJson): void {
  addData(s, 'aws_vpc', 'default', { default: true });
  addData(s, 'aws_subnet', 'default_a', {
    vpc_id: '${data.aws_vpc.default.id}',
    availability_zone: 'ap-northeast-2a',
    default_for_az: true,
  });
  addData(s, 'aws_security_group', 'default', { vpc_id: '${data.aws_vpc.default.id}', name: 'default' });
  apiFunction(s).vpc_config = {
    subnet_ids: ['${data.aws_subnet.default_a.id}'],
    security_group_ids: ['${data.aws_security_group.default.id}'],
  };
  const { account, region } = facts(s);
  editPolicy(res(s, 'aws_iam_role_policy', API_POLICY), 'policy', (d) => {
    statement(d, 'CreateNetworkInterfacesInOwnSubnets').Resource = [
      `arn:aws:ec2:${region}:${account}:network-interface/*`,
      `arn:aws:ec2:${region}:${account}:subnet/\${data.aws_subnet.default_a.id}`,
      `arn:aws:ec2:${region}:${account}:security-group/\${data.aws_security_group.default.id}`,
    ];
    statement(d, 'ManageNetworkInterfacesInOwnSubnets').Condition.ArnEquals['ec2:Subnet'] = [
      `arn:aws:ec2:${region}:${account}:subnet/\${data.aws_subnet.default_a.id}`,
    ];
  });
}

/**
 * A second secret (a reporting DB user) as a careful team adds one: under the secrets key, rotated by the rotation
 * function (its permission and grant extended), read by the API (its own grant), listed in the endpoint policy.
 */
function addReportingSecret(s: SynthJson): void {
  const { prefix } = facts(s);
  const secret = add(s, 'aws_secretsmanager_secret', 'reporting-secret', {
    name: `${prefix}/db/reporting`,
    description: 'Reporting DB user as JSON {engine, host, port, username, password, dbname}',
    kms_key_id: ref(s, 'aws_kms_key', SECRETS_KEY, 'arn'),
    recovery_window_in_days: 30,
  });
  const secretArn = `\${aws_secretsmanager_secret.${secret}.arn}`;
  const permission = add(s, 'aws_lambda_permission', 'reporting-rotation-permission', {
    action: 'lambda:InvokeFunction',
    function_name: ref(s, 'aws_lambda_function', ROTATION_FUNCTION, 'function_name'),
    principal: 'secretsmanager.amazonaws.com',
    source_arn: secretArn,
    statement_id: 'AllowSecretsManagerToRotateTheReportingSecret',
  });
  add(s, 'aws_secretsmanager_secret_rotation', 'reporting-rotation-schedule', {
    depends_on: [`aws_lambda_permission.${permission}`],
    rotate_immediately: false,
    rotation_lambda_arn: ref(s, 'aws_lambda_function', ROTATION_FUNCTION, 'arn'),
    rotation_rules: { automatically_after_days: 30 },
    secret_id: secretArn,
  });
  editPolicy(res(s, 'aws_iam_role_policy', ROTATION_POLICY), 'policy', (d) => {
    const appSecret = ref(s, 'aws_secretsmanager_secret', APP_SECRET, 'arn');
    statement(d, 'RotateAppSecret').Resource = [appSecret, secretArn];
    statement(d, 'EncryptAndDecryptSecretsThroughSecretsManager').Condition.StringEquals[
      'kms:EncryptionContext:SecretARN'
    ] = [appSecret, secretArn];
  });
  addToPolicy(s, API_POLICY, ...readsSecret(s, 'ReadReportingSecret', secretArn));
  editPolicy(res(s, 'aws_vpc_endpoint_policy', ENDPOINT_POLICY), 'policy', (d) =>
    statement(d, 'ThisStacksSecretsOnly').Resource.push(secretArn),
  );
}

const VPC_ESCAPE: MeasuredChange[] = [
  hostile(
    'vpc-escape',
    'vpc-s3-gateway-endpoint-without-policy',
    'an S3 gateway endpoint on the app and data route tables, with no policy: any bucket of any account is reachable',
    (s) =>
      add(s, 'aws_vpc_endpoint', 's3-gateway', {
        vpc_id: ref(s, 'aws_vpc', VPC, 'id'),
        service_name: `com.amazonaws.${facts(s).region}.s3`,
        vpc_endpoint_type: 'Gateway',
        route_table_ids: [
          ref(s, 'aws_route_table', 'network/app-route-table', 'id'),
          ref(s, 'aws_route_table', 'network/data-route-table', 'id'),
        ],
      }),
  ),
  hostile(
    'vpc-escape',
    'vpc-s3-gateway-to-an-outside-bucket',
    'a tidy S3 gateway endpoint (policy pinned to our account) and the API role may PutObject into a bucket the stack does not own',
    (s) => {
      const { account, region } = facts(s);
      const drop = 'arn:aws:s3:::rdsp-diagnostics-drop/*';
      add(s, 'aws_vpc_endpoint', 's3-gateway', {
        vpc_id: ref(s, 'aws_vpc', VPC, 'id'),
        service_name: `com.amazonaws.${region}.s3`,
        vpc_endpoint_type: 'Gateway',
        route_table_ids: [ref(s, 'aws_route_table', 'network/app-route-table', 'id')],
        policy: document({
          Sid: 'DiagnosticsUploadsOnly',
          Effect: 'Allow',
          Principal: '*',
          Action: ['s3:PutObject'],
          Resource: drop,
          Condition: { StringEquals: { 'aws:PrincipalAccount': account } },
        }),
      });
      addToPolicy(s, API_POLICY, {
        Sid: 'UploadDiagnostics',
        Effect: 'Allow',
        Action: ['s3:PutObject'],
        Resource: drop,
      });
    },
  ),
  hostile(
    'vpc-escape',
    'vpc-dns-forwarding-out',
    'a Route 53 Resolver outbound endpoint and a forwarding rule to an outside DNS server (a DNS tunnel out)',
    (s) => {
      const resolver = add(s, 'aws_route53_resolver_endpoint', 'dns-out', {
        name: `${facts(s).prefix}-dns-out`,
        direction: 'OUTBOUND',
        security_group_ids: [ref(s, 'aws_security_group', 'security-groups/lambda', 'id')],
        ip_address: [
          { subnet_id: ref(s, 'aws_subnet', 'network/app-subnet-ap-northeast-2a', 'id') },
          { subnet_id: ref(s, 'aws_subnet', 'network/app-subnet-ap-northeast-2c', 'id') },
        ],
      });
      const rule = add(s, 'aws_route53_resolver_rule', 'telemetry-forward', {
        domain_name: 'telemetry.example.net',
        rule_type: 'FORWARD',
        resolver_endpoint_id: `\${aws_route53_resolver_endpoint.${resolver}.id}`,
        target_ip: [{ ip: '198.51.100.53', port: 53 }],
      });
      add(s, 'aws_route53_resolver_rule_association', 'telemetry-forward-vpc', {
        resolver_rule_id: `\${aws_route53_resolver_rule.${rule}.id}`,
        vpc_id: ref(s, 'aws_vpc', VPC, 'id'),
      });
    },
  ),
  hostile(
    'vpc-escape',
    'vpc-lattice-service-network',
    "the VPC joined to another account's VPC Lattice service network",
    (s) =>
      add(s, 'aws_vpclattice_service_network_vpc_association', 'shared-services', {
        vpc_identifier: ref(s, 'aws_vpc', VPC, 'id'),
        service_network_identifier: `arn:aws:vpc-lattice:${facts(s).region}:${FOREIGN_ACCOUNT}:servicenetwork/sn-0a1b2c3d4e5f60718`,
        security_group_ids: [ref(s, 'aws_security_group', 'security-groups/lambda', 'id')],
      }),
  ),
  hostile(
    'vpc-escape',
    'vpc-api-function-in-the-default-vpc',
    "the API function moved to the account's default VPC (subnet and group looked up by data sources), its ENI grant following",
    moveApiToDefaultVpc,
  ),
  hostile(
    'vpc-escape',
    'vpc-api-function-in-the-default-vpc-tidied',
    'the same move, tidied: the rules of the API group that nothing uses any more (to the proxy and the endpoint) removed',
    (s) => {
      moveApiToDefaultVpc(s);
      const lambdaGroup = ref(s, 'aws_security_group', 'security-groups/lambda', 'id');
      for (const type of ['aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule']) {
        for (const [name, rule] of Object.entries(s['resource'][type] as Record<string, Json>)) {
          if (rule.security_group_id === lambdaGroup || rule.referenced_security_group_id === lambdaGroup) {
            delete s['resource'][type][name];
          }
        }
      }
    },
  ),
  hostile(
    'vpc-escape',
    'vpc-api-function-joins-the-rotation-group',
    'the API function also gets the rotation security group, which the database admits on 3306: the proxy is bypassed',
    (s) => {
      const rotationGroup = ref(s, 'aws_security_group', 'security-groups/rotation', 'id');
      apiFunction(s).vpc_config.security_group_ids.push(rotationGroup);
      const { account, region } = facts(s);
      editPolicy(res(s, 'aws_iam_role_policy', API_POLICY), 'policy', (d) =>
        statement(d, 'CreateNetworkInterfacesInOwnSubnets').Resource.push(
          `arn:aws:ec2:${region}:${account}:security-group/${rotationGroup}`,
        ),
      );
    },
  ),
  hostile(
    'vpc-escape',
    'vpc-endpoint-service-exposes-the-proxy',
    'an internal NLB in front of the proxy, published as a PrivateLink endpoint service to another account',
    (s) => {
      const subnets = [
        ref(s, 'aws_subnet', 'network/data-subnet-ap-northeast-2a', 'id'),
        ref(s, 'aws_subnet', 'network/data-subnet-ap-northeast-2c', 'id'),
      ];
      const nlb = add(s, 'aws_lb', 'proxy-nlb', {
        name: `${facts(s).prefix}-proxy-nlb`,
        internal: true,
        load_balancer_type: 'network',
        subnets,
      });
      add(s, 'aws_lb_target_group', 'proxy-targets', {
        name: `${facts(s).prefix}-proxy`,
        port: 3306,
        protocol: 'TCP',
        target_type: 'ip',
        vpc_id: ref(s, 'aws_vpc', VPC, 'id'),
      });
      add(s, 'aws_vpc_endpoint_service', 'proxy-service', {
        acceptance_required: false,
        network_load_balancer_arns: [`\${aws_lb.${nlb}.arn}`],
        allowed_principals: [`arn:aws:iam::${FOREIGN_ACCOUNT}:root`],
      });
    },
  ),
  hostile(
    'vpc-escape',
    'vpc-rotation-egress-to-a-public-host',
    'an egress rule from the rotation group to one public address on 443 ("the license server")',
    (s) =>
      add(s, 'aws_vpc_security_group_egress_rule', 'rotation-to-license-server', {
        description: 'Rotation Lambda to the license server',
        security_group_id: ref(s, 'aws_security_group', 'security-groups/rotation', 'id'),
        cidr_ipv4: '203.0.113.10/32',
        ip_protocol: 'tcp',
        from_port: 443,
        to_port: 443,
      }),
  ),
  hostile(
    'vpc-escape',
    'vpc-proxy-admits-a-peer-account-group',
    "an ingress rule on the proxy group from a security group of another account's VPC (account/sg-id)",
    (s) =>
      add(s, 'aws_vpc_security_group_ingress_rule', 'proxy-from-partner', {
        description: 'Partner reporting VPC to RDS Proxy',
        security_group_id: ref(s, 'aws_security_group', 'security-groups/proxy', 'id'),
        referenced_security_group_id: `${FOREIGN_ACCOUNT}/sg-0a1b2c3d4e5f60718`,
        ip_protocol: 'tcp',
        from_port: 3306,
        to_port: 3306,
      }),
  ),
];

const SECRET_PATHS: MeasuredChange[] = [
  hostile(
    'secret-paths',
    'secret-flow-log-role-reads-the-app-secret',
    'the VPC flow log role may read the app secret (GetSecretValue and Decrypt through Secrets Manager)',
    (s) =>
      addToPolicy(
        s,
        FLOW_LOG_POLICY,
        ...readsSecret(s, 'ReadAppSecret', ref(s, 'aws_secretsmanager_secret', APP_SECRET, 'arn')),
      ),
  ),
  hostile(
    'secret-paths',
    'secret-flow-log-role-reads-behind-a-decoy-secret',
    'the same flow log grant, next to a well-formed second secret (the legitimate change legit-second-scoped-secret)',
    (s) => {
      addReportingSecret(s);
      addToPolicy(
        s,
        FLOW_LOG_POLICY,
        ...readsSecret(s, 'ReadAppSecret', ref(s, 'aws_secretsmanager_secret', APP_SECRET, 'arn')),
      );
    },
  ),
  hostile(
    'secret-paths',
    'secret-drill-role-updates-api-code',
    'the failover drill role may UpdateFunctionCode on the API function (whose role reads the app secret)',
    (s) =>
      addToPolicy(s, DRILL_POLICY, {
        Sid: 'PatchApiForDrills',
        Effect: 'Allow',
        Action: ['lambda:UpdateFunctionCode'],
        Resource: ref(s, 'aws_lambda_function', API_FUNCTION, 'arn'),
      }),
  ),
  hostile(
    'secret-paths',
    'secret-api-creates-functions-as-bootstrap',
    'the API role may create worker functions (named by prefix) and pass them the bootstrap role, which reads the master secret',
    (s) => {
      const { account, region, prefix } = facts(s);
      addToPolicy(
        s,
        API_POLICY,
        {
          Sid: 'SpawnWorkers',
          Effect: 'Allow',
          Action: ['lambda:CreateFunction', 'lambda:InvokeFunction'],
          Resource: `arn:aws:lambda:${region}:${account}:function:${prefix}-worker-*`,
        },
        {
          Sid: 'PassWorkerRole',
          Effect: 'Allow',
          Action: ['iam:PassRole'],
          Resource: ref(s, 'aws_iam_role', BOOTSTRAP_ROLE, 'arn'),
        },
      );
    },
  ),
  hostile(
    'secret-paths',
    'secret-rotation-role-trusts-the-account',
    "the rotation role's trust also names the account root (a break-glass path): any principal allowed sts:AssumeRole gets it",
    (s) =>
      addToTrust(s, ROTATION_ROLE, {
        Sid: 'BreakGlass',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${facts(s).account}:root` },
        Action: 'sts:AssumeRole',
      }),
  ),
  hostile(
    'secret-paths',
    'secret-api-reads-the-master-secret',
    "the API role's secret grant also lists the RDS-managed master secret (and its decrypt context)",
    (s) =>
      editPolicy(res(s, 'aws_iam_role_policy', API_POLICY), 'policy', (d) => {
        const appSecret = ref(s, 'aws_secretsmanager_secret', APP_SECRET, 'arn');
        statement(d, 'ReadAppSecret').Resource = [appSecret, MASTER_SECRET_ARN(s)];
        statement(d, 'DecryptSecretsThroughSecretsManager').Condition.StringEquals['kms:EncryptionContext:SecretARN'] =
          [appSecret, MASTER_SECRET_ARN(s)];
      }),
  ),
  hostile(
    'secret-paths',
    'secret-api-writes-the-bootstrap-policy',
    'the API role may PutRolePolicy on the bootstrap role',
    (s) =>
      addToPolicy(s, API_POLICY, {
        Sid: 'TuneBootstrap',
        Effect: 'Allow',
        Action: ['iam:PutRolePolicy'],
        Resource: ref(s, 'aws_iam_role', BOOTSTRAP_ROLE, 'arn'),
      }),
  ),
  hostile(
    'secret-paths',
    'secret-api-reconfigures-rotation',
    'the API role may UpdateFunctionConfiguration on the rotation function (its environment, layers, handler)',
    (s) =>
      addToPolicy(s, API_POLICY, {
        Sid: 'ToggleRotationFlags',
        Effect: 'Allow',
        Action: ['lambda:UpdateFunctionConfiguration'],
        Resource: ref(s, 'aws_lambda_function', ROTATION_FUNCTION, 'arn'),
      }),
  ),
  hostile(
    'secret-paths',
    'secret-ops-break-glass-role',
    'a new ops role (account root with MFA may assume it) that reads the app and master secrets',
    (s) => {
      const { account, prefix } = facts(s);
      const role = add(s, 'aws_iam_role', 'ops-break-glass', {
        name: `${prefix}-ops-break-glass`,
        description: 'Break-glass access to the database credentials',
        assume_role_policy: document({
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${account}:root` },
          Action: 'sts:AssumeRole',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        }),
      });
      add(s, 'aws_iam_role_policy', 'ops-break-glass-policy', {
        name: 'read-database-credentials',
        role: `\${aws_iam_role.${role}.name}`,
        policy: document(
          ...readsSecret(s, 'ReadAppSecret', ref(s, 'aws_secretsmanager_secret', APP_SECRET, 'arn')),
          ...readsSecret(s, 'ReadMasterSecret', MASTER_SECRET_ARN(s)),
        ),
      });
    },
  ),
  hostile(
    'secret-paths',
    'secret-account-invokes-bootstrap',
    'a Lambda permission lets the account invoke the bootstrap function with any input (host, master secret ARN)',
    (s) =>
      add(s, 'aws_lambda_permission', 'ops-reruns-bootstrap', {
        action: 'lambda:InvokeFunction',
        function_name: ref(s, 'aws_lambda_function', BOOTSTRAP_FUNCTION, 'function_name'),
        principal: facts(s).account,
        source_account: facts(s).account,
        statement_id: 'AllowOpsToRerunBootstrap',
      }),
  ),
  hostile(
    'secret-paths',
    'secret-proxy-logs-in-as-admin',
    "the proxy authenticates with the master secret (logs in as admin), its role's grant following",
    (s) => {
      res(s, 'aws_db_proxy', PROXY).auth[0].secret_arn = MASTER_SECRET_ARN(s);
      editPolicy(res(s, 'aws_iam_role_policy', PROXY_POLICY), 'policy', (d) => {
        statement(d, 'ReadAppSecret').Resource = MASTER_SECRET_ARN(s);
        statement(d, 'DecryptSecretsThroughSecretsManager').Condition.StringEquals['kms:EncryptionContext:SecretARN'] =
          MASTER_SECRET_ARN(s);
      });
    },
  ),
];

const OUTSIDE_CODE: MeasuredChange[] = [
  hostile(
    'outside-code',
    'code-vendor-observability-layer',
    "a vendor's observability layer on the API function (AWS's published Lambda Insights layer account)",
    (s) =>
      (apiFunction(s).layers = ['arn:aws:lambda:ap-northeast-2:580247275435:layer:LambdaInsightsExtension-Arm64:20']),
  ),
  hostile(
    'outside-code',
    'code-layer-looked-up-by-name',
    'a layer of our account that the stack does not create (uploaded by hand), looked up by name with a data source',
    (s) => {
      addData(s, 'aws_lambda_layer_version', 'hooks', { layer_name: 'rdsp-shared-hooks' });
      apiFunction(s).layers = ['${data.aws_lambda_layer_version.hooks.arn}'];
    },
  ),
  hostile(
    'outside-code',
    'code-from-an-outside-bucket',
    'the API function deployed from an S3 object in a bucket the stack does not create',
    (s) => {
      const fn = apiFunction(s);
      delete fn.filename;
      delete fn.source_code_hash;
      Object.assign(fn, { s3_bucket: 'rdsp-build-artifacts-shared', s3_key: 'api/lambda.zip' });
    },
  ),
  hostile(
    'outside-code',
    'code-unmanaged-repository-image',
    "the API function as an image of our account's registry, from a repository the stack does not manage, by its mutable latest tag",
    (s) => {
      const { account, region, prefix } = facts(s);
      const fn = apiFunction(s);
      for (const key of ['filename', 'source_code_hash', 'runtime', 'handler']) delete fn[key];
      Object.assign(fn, {
        package_type: 'Image',
        image_uri: `${account}.dkr.ecr.${region}.amazonaws.com/${prefix}-api:latest`,
      });
    },
  ),
  hostile(
    'outside-code',
    'code-sdk-endpoint-override-in-environment',
    "AWS_ENDPOINT_URL_SECRETS_MANAGER in the API's environment: the SDK sends secret reads to another host",
    (s) => (apiVariables(s).AWS_ENDPOINT_URL_SECRETS_MANAGER = 'https://sm-cache.internal.example.net'),
  ),
  hostile(
    'outside-code',
    'code-db-host-through-an-expression',
    'the API\'s DB_HOST set to an outside host, written as a Terraform expression (lower("..."))',
    (s) => (apiVariables(s).DB_HOST = '${lower("DB.PROXY-CACHE.EXAMPLE.NET")}'),
  ),
  hostile(
    'outside-code',
    'code-db-host-through-a-quoted-expression',
    'the same outside DB_HOST, written as a quoted string inside ${...}',
    (s) => (apiVariables(s).DB_HOST = '${"db.proxy-cache.example.net"}'),
  ),
  hostile(
    'outside-code',
    'code-node-options-and-an-unmanaged-layer',
    'NODE_OPTIONS --require a file of a layer of our account the stack does not create (by ARN)',
    (s) => {
      const { account, region, prefix } = facts(s);
      apiFunction(s).layers = [`arn:aws:lambda:${region}:${account}:layer:${prefix}-debug-hooks:3`];
      apiVariables(s).NODE_OPTIONS = '--require /opt/nodejs/debug-hooks.js';
    },
  ),
  hostile(
    'outside-code',
    'code-exec-wrapper-from-a-variable',
    'AWS_LAMBDA_EXEC_WRAPPER with a layer whose ARN is a variable with no default (given at apply)',
    (s) => {
      s['variable'] = { ...s['variable'], observability_layer_arn: { type: 'string' } };
      apiFunction(s).layers = ['${var.observability_layer_arn}'];
      apiVariables(s).AWS_LAMBDA_EXEC_WRAPPER = '/opt/otel-instrument';
    },
  ),
];

const IDENTITY: MeasuredChange[] = [
  hostile(
    'identity',
    'identity-github-assumes-bootstrap',
    "the bootstrap role (it reads the master secret) trusts GitHub OIDC for one repository's main branch",
    (s) =>
      addToTrust(s, BOOTSTRAP_ROLE, {
        Sid: 'CiRunsBootstrap',
        Effect: 'Allow',
        Principal: { Federated: `arn:aws:iam::${facts(s).account}:oidc-provider/token.actions.githubusercontent.com` },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
            'token.actions.githubusercontent.com:sub': 'repo:acme-platform/rds-proxy-platform:ref:refs/heads/main',
          },
        },
      }),
  ),
  hostile(
    'identity',
    'identity-cognito-guests-assume-the-api-role',
    'the API role trusts a Cognito identity pool, unauthenticated identities included',
    (s) =>
      addToTrust(s, API_ROLE, {
        Sid: 'MobileClients',
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'cognito-identity.amazonaws.com:aud': 'ap-northeast-2:1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9' },
          'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' },
        },
      }),
  ),
  hostile(
    'identity',
    'identity-secrets-key-decrypt-for-another-account',
    'the secrets key policy lets a "disaster recovery" account decrypt',
    (s) =>
      editPolicy(res(s, 'aws_kms_key', SECRETS_KEY), 'policy', (d) =>
        d.Statement.push({
          Sid: 'DisasterRecoveryAccountDecrypts',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${FOREIGN_ACCOUNT}:root` },
          Action: ['kms:Decrypt', 'kms:DescribeKey'],
          Resource: '*',
        }),
      ),
  ),
  hostile(
    'identity',
    'identity-topic-open-to-an-organization',
    'the alerts topic lets any principal of an organization subscribe',
    (s) =>
      editPolicy(res(s, 'aws_sns_topic_policy', TOPIC_POLICY), 'policy', (d) =>
        d.Statement.push({
          Sid: 'OrganizationSubscribes',
          Effect: 'Allow',
          Principal: '*',
          Action: ['sns:Subscribe'],
          Resource: ref(s, 'aws_sns_topic', TOPIC, 'arn'),
          Condition: { StringEquals: { 'aws:PrincipalOrgID': FOREIGN_ORG } },
        }),
      ),
  ),
  hostile(
    'identity',
    'identity-dead-letters-for-any-role-of-the-account',
    'the dead-letter queue may be read by any role of the account, by a PrincipalArn pattern',
    (s) =>
      editPolicy(res(s, 'aws_sqs_queue_policy', QUEUE_POLICY), 'policy', (d) =>
        d.Statement.push({
          Sid: 'OpsDrainsDeadLetters',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'],
          Resource: ref(s, 'aws_sqs_queue', QUEUE, 'arn'),
          Condition: { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${facts(s).account}:role/*` } },
        }),
      ),
  ),
  hostile(
    'identity',
    'identity-secret-policy-for-the-whole-account',
    'a secret resource policy lets every principal of the account GetSecretValue on the app secret',
    (s) =>
      add(s, 'aws_secretsmanager_secret_policy', 'app-secret-policy', {
        secret_arn: ref(s, 'aws_secretsmanager_secret', APP_SECRET, 'arn'),
        policy: document({
          Sid: 'AccountReads',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'secretsmanager:GetSecretValue',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalAccount': facts(s).account } },
        }),
      }),
  ),
  hostile(
    'identity',
    'identity-drill-role-for-any-accounts-experiments',
    "the failover drill role's trust drops aws:SourceAccount and names FIS experiments of any account and region",
    (s) =>
      editPolicy(res(s, 'aws_iam_role', DRILL_ROLE), 'assume_role_policy', (d) => {
        d.Statement[0].Condition = { ArnLike: { 'aws:SourceArn': 'arn:aws:fis:*:*:experiment/*' } };
      }),
  ),
  hostile(
    'identity',
    'identity-organization-invokes-the-api-function',
    'a Lambda permission lets any principal of an organization invoke the API function directly (past the IAM routes)',
    (s) =>
      add(s, 'aws_lambda_permission', 'org-invokes-api', {
        action: 'lambda:InvokeFunction',
        function_name: ref(s, 'aws_lambda_function', API_FUNCTION, 'function_name'),
        principal: '*',
        principal_org_id: FOREIGN_ORG,
        statement_id: 'AllowOrganizationCallers',
      }),
  ),
  hostile(
    'identity',
    'identity-developers-assume-the-api-role',
    "the API role's trust also names a developer role of the account (not created by the stack)",
    (s) =>
      addToTrust(s, API_ROLE, {
        Sid: 'DevelopersDebug',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${facts(s).account}:role/developer` },
        Action: 'sts:AssumeRole',
      }),
  ),
];

/** The state backend a real deploy of this stack uses (apps/infra/src/stacks/stack-settings.ts). */
const realBackend = (s: SynthJson) => {
  const { account, region } = facts(s);
  return {
    bucket: `rdsp-tfstate-${account}-${region}`,
    key: 'dev/terraform.tfstate',
    region,
    encrypt: true,
    kms_key_id: `arn:aws:kms:${region}:${account}:alias/rdsp-tfstate`,
    use_lockfile: true,
  };
};

const LOGGING_STATE: MeasuredChange[] = [
  hostile(
    'logging-state',
    'state-in-a-lookalike-bucket',
    'the state written to a bucket that is not the state bucket (a lookalike name), encrypted and locked',
    (s) =>
      (s['terraform'].backend = {
        s3: { ...realBackend(s), bucket: `rdsp-tfstate-archive-${facts(s).region}`, kms_key_id: undefined },
      }),
  ),
  hostile(
    'logging-state',
    'state-in-a-lookalike-bucket-with-the-state-key',
    'the state written to a lookalike bucket, still naming the state CMK (the variant that keeps every setting but the bucket)',
    (s) => (s['terraform'].backend = { s3: { ...realBackend(s), bucket: `rdsp-tfstate-archive-${facts(s).region}` } }),
  ),
  hostile(
    'logging-state',
    'state-backend-drops-the-state-key',
    'the real state backend without its KMS key (encrypt=true alone: SSE-S3, not the state CMK)',
    (s) => (s['terraform'].backend = { s3: { ...realBackend(s), kms_key_id: undefined } }),
  ),
  hostile(
    'logging-state',
    'state-in-an-http-backend',
    'the state sent to an HTTP backend on a host nobody reviewed',
    (s) =>
      (s['terraform'].backend = {
        http: {
          address: 'https://tfstate.ops-tools.example/rdsp/dev',
          lock_address: 'https://tfstate.ops-tools.example/rdsp/dev/lock',
        },
      }),
  ),
  hostile(
    'logging-state',
    'log-flow-log-rejects-only',
    'the VPC flow log records rejected traffic only (accepted connections out are no longer logged)',
    (s) => (res(s, 'aws_flow_log', FLOW_LOG).traffic_type = 'REJECT'),
  ),
  hostile(
    'logging-state',
    'log-flow-log-to-an-outside-bucket',
    'the VPC flow log delivered to an S3 bucket the stack does not own',
    (s) => {
      const flowLog = res(s, 'aws_flow_log', FLOW_LOG);
      delete flowLog.iam_role_arn;
      Object.assign(flowLog, {
        log_destination_type: 's3',
        log_destination: 'arn:aws:s3:::central-vpc-flow-logs-archive',
      });
    },
  ),
  hostile('logging-state', 'log-one-day-retention', 'the API function and API access logs kept for one day', (s) => {
    res(s, 'aws_cloudwatch_log_group', API_LOG_GROUP).retention_in_days = 1;
    res(s, 'aws_cloudwatch_log_group', ACCESS_LOG_GROUP).retention_in_days = 1;
  }),
  hostile(
    'logging-state',
    'log-access-log-format-stripped',
    'the API access log format reduced to the request id (no caller IP, no identity, no status)',
    (s) => (res(s, 'aws_apigatewayv2_stage', STAGE).access_log_settings.format = '{"requestId":"$context.requestId"}'),
  ),
  hostile(
    'logging-state',
    'log-api-logs-to-an-unmanaged-group',
    'the API function logs to a log group the stack does not create (no CMK, no retention), its grant following',
    (s) => {
      const { account, region, prefix } = facts(s);
      const group = `/aws/lambda/${prefix}-api-debug`;
      apiFunction(s).logging_config.log_group = group;
      editPolicy(res(s, 'aws_iam_role_policy', API_POLICY), 'policy', (d) => {
        statement(d, 'WriteOwnLogGroup').Resource = `arn:aws:logs:${region}:${account}:log-group:${group}:*`;
      });
    },
  ),
  hostile(
    'logging-state',
    'log-proxy-log-group-removed',
    'the proxy log group removed: RDS Proxy creates its own, unencrypted by our key and kept forever',
    (s) => {
      const [name] = entry(s, 'aws_cloudwatch_log_group', 'database-proxy/log-group');
      delete s['resource'].aws_cloudwatch_log_group[name];
      const proxy = res(s, 'aws_db_proxy', PROXY);
      proxy.depends_on = proxy.depends_on.filter((dependency: string) => !dependency.endsWith(name));
      editPolicy(res(s, 'aws_kms_key', LOGS_KEY), 'policy', (d) => {
        const condition = statement(d, 'CloudWatchLogsEncryptsOurLogGroups').Condition.ArnEquals;
        condition['kms:EncryptionContext:aws:logs:arn'] = condition['kms:EncryptionContext:aws:logs:arn'].filter(
          (arn: string) => !arn.includes('/aws/rds/proxy/'),
        );
      });
    },
  ),
];

const GUARDS: MeasuredChange[] = [
  hostile(
    'guards',
    'guard-errors-threshold-astronomical',
    'the API errors alarm fires at a billion errors in 5 minutes (reachable on paper, never in practice)',
    (s) => (alarm(s, 'api-errors').threshold = 1_000_000_000),
  ),
  hostile(
    'guards',
    'guard-availability-below-zero',
    'the proxy target availability alarm fires below 0 % (never)',
    (s) => (alarm(s, 'proxy-target-availability').threshold = 0),
  ),
  hostile(
    'guards',
    'guard-free-storage-after-a-day-of-silence',
    'the free storage alarm needs 288 of 288 five-minute periods, and missing data no longer counts as bad',
    (s) =>
      Object.assign(alarm(s, 'db-free-storage'), {
        evaluation_periods: 288,
        datapoints_to_alarm: 288,
        treat_missing_data: 'notBreaching',
      }),
  ),
  hostile(
    'guards',
    'guard-alarms-to-a-silent-topic',
    'every alarm sends to a new, encrypted topic of the stack that nobody subscribes to',
    (s) => {
      const topic = add(s, 'aws_sns_topic', 'archive-topic', {
        name: `${facts(s).prefix}-alerts-archive`,
        kms_master_key_id: ref(s, 'aws_kms_key', ALERTS_KEY, 'arn'),
      });
      for (const each of all(s, 'aws_cloudwatch_metric_alarm')) {
        each.alarm_actions = [`\${aws_sns_topic.${topic}.arn}`];
        each.ok_actions = [`\${aws_sns_topic.${topic}.arn}`];
      }
    },
  ),
  hostile(
    'guards',
    'guard-alerts-to-an-outside-address',
    'the on-call e-mail subscription now goes to an address outside the team',
    (s) => (res(s, 'aws_sns_topic_subscription', 'monitoring/email-0').endpoint = 'rdsp-oncall@pager-relay.example'),
  ),
  hostile(
    'guards',
    'guard-no-subscriber',
    'the only subscription of the alerts topic removed: every alarm pages nobody',
    (s) => delete s['resource'].aws_sns_topic_subscription,
  ),
  hostile(
    'guards',
    'guard-rotation-failure-rule-disabled',
    'the rule that pages on a failed rotation is DISABLED',
    (s) => (res(s, 'aws_cloudwatch_event_rule', 'monitoring/rotation-failed').state = 'DISABLED'),
  ),
  hostile(
    'guards',
    'guard-rotation-failure-rule-matches-nothing',
    'the rotation failure rule matches an event name Secrets Manager never sends',
    (s) =>
      editPolicy(res(s, 'aws_cloudwatch_event_rule', 'monitoring/rotation-failed'), 'event_pattern', (pattern) => {
        pattern.detail.eventName = ['RotationFailedLegacy'];
      }),
  ),
  hostile(
    'guards',
    'guard-db-events-maintenance-only',
    'the RDS event subscription keeps only maintenance events (no failover, failure, low storage)',
    (s) => (res(s, 'aws_db_event_subscription', 'monitoring/database-events').event_categories = ['maintenance']),
  ),
  hostile(
    'guards',
    'guard-rotation-failure-target-removed',
    'the target of the rotation failure rule removed: the rule matches and sends nowhere',
    (s) => delete s['resource'].aws_cloudwatch_event_target,
  ),
  hostile(
    'guards',
    'guard-drill-without-stop-conditions',
    'the failover drill runs with no stop condition (none of the alarms can stop it)',
    (s) => (res(s, 'aws_fis_experiment_template', 'failover-drill/template').stop_condition = [{ source: 'none' }]),
  ),
  hostile(
    'guards',
    'guard-errors-metric-renamed',
    'the API errors alarm watches a metric name Lambda does not publish ("Error"): no data, never fires',
    (s) => (alarm(s, 'api-errors').metric_name = 'Error'),
  ),
  // Added after an independent attack on the guard invariants (the attacker's alarm edits, as written).
  hostile(
    'guards',
    'guard-errors-alarm-on-a-function-that-does-not-exist',
    'the API errors alarm watches FunctionName rdsp-dev-api-v1, one name off the real function: no data, never fires',
    (s) => (alarm(s, 'api-errors').dimensions = { FunctionName: 'rdsp-dev-api-v1' }),
  ),
  hostile(
    'guards',
    'guard-errors-times-zero-point-zero',
    'the API errors alarm becomes metric math m1*0.0 (always zero)',
    (s) => errorsAsMath(s, 'm1*0.0'),
  ),
  hostile(
    'guards',
    'guard-errors-divided-by-a-billion',
    'the API errors alarm becomes metric math m1/1000000000: a billion errors to cross 1, past any count band',
    (s) => errorsAsMath(s, 'm1/1000000000'),
  ),
  hostile(
    'guards',
    'guard-errors-average-never-above-one',
    'the API errors alarm takes the Average of Errors over 1 (the average of error counts per datapoint stays at or below it)',
    (s) => Object.assign(alarm(s, 'api-errors'), { statistic: 'Average', threshold: 1 }),
  ),
  hostile(
    'guards',
    'guard-errors-unit-mismatch',
    'the API errors alarm asks for unit Milliseconds, which Errors is never published in: no data',
    (s) => (alarm(s, 'api-errors').unit = 'Milliseconds'),
  ),
  hostile(
    'guards',
    'guard-errors-comparison-inverted',
    'the API errors alarm fires when errors are below 0.0001 per period: quiet exactly when errors happen',
    (s) => Object.assign(alarm(s, 'api-errors'), { comparison_operator: 'LessThanThreshold', threshold: 0.0001 }),
  ),
];

/** Turns the API errors alarm into metric math over its own metric, returning `expression`. */
function errorsAsMath(synth: SynthJson, expression: string): void {
  const errors = alarm(synth, 'api-errors');
  const metric = {
    namespace: errors.namespace,
    metric_name: errors.metric_name,
    period: errors.period,
    stat: errors.statistic,
    dimensions: errors.dimensions,
  };
  for (const key of ['namespace', 'metric_name', 'period', 'statistic', 'dimensions']) delete errors[key];
  errors.metric_query = [
    { id: 'm1', metric },
    { id: 'e1', expression, return_data: true, label: 'errors' },
  ];
}

const ENCRYPTION: MeasuredChange[] = [
  hostile(
    'encryption',
    'enc-dead-letters-unencrypted',
    'the dead-letter queue (rotation failure events) without server-side encryption',
    (s) => (res(s, 'aws_sqs_queue', QUEUE).sqs_managed_sse_enabled = false),
  ),
  hostile(
    'encryption',
    'enc-secrets-key-decrypt-outside-its-service',
    'the secrets key policy lets the account root Decrypt without kms:ViaService (directly, not through Secrets Manager)',
    (s) =>
      editPolicy(res(s, 'aws_kms_key', SECRETS_KEY), 'policy', (d) =>
        d.Statement.push({
          Sid: 'BreakGlassDecrypt',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${facts(s).account}:root` },
          Action: ['kms:Decrypt'],
          Resource: '*',
        }),
      ),
  ),
  hostile(
    'encryption',
    'enc-secret-under-a-default-policy-key',
    "the app secret moved to a new CMK with the default key policy (any principal the account's IAM allows may use it)",
    (s) => {
      const oldKey = ref(s, 'aws_kms_key', SECRETS_KEY, 'arn');
      const key = add(s, 'aws_kms_key', 'secrets-v2', {
        description: `${facts(s).prefix}: Secrets Manager secrets (v2)`,
        enable_key_rotation: true,
        deletion_window_in_days: 30,
      });
      const newKey = `\${aws_kms_key.${key}.arn}`;
      res(s, 'aws_secretsmanager_secret', APP_SECRET).kms_key_id = newKey;
      for (const policy of all(s, 'aws_iam_role_policy')) policy.policy = policy.policy.split(oldKey).join(newKey);
    },
  ),
  hostile(
    'encryption',
    'enc-database-key-without-its-service',
    "the database key's account statement drops kms:ViaService: any principal of the account may use it directly",
    (s) =>
      editPolicy(res(s, 'aws_kms_key', DATABASE_KEY), 'policy', (d) => {
        statement(d, 'AccountUsesTheKeyOnlyThroughItsServices').Condition = {
          StringEquals: { 'kms:CallerAccount': facts(s).account },
        };
      }),
  ),
  hostile(
    'encryption',
    'enc-log-group-key-outside-the-stack',
    'the API log group encrypted with a key of the account the stack does not create (by key ARN)',
    (s) =>
      (res(s, 'aws_cloudwatch_log_group', API_LOG_GROUP).kms_key_id =
        `arn:aws:kms:${facts(s).region}:${facts(s).account}:key/4f1c2b7e-0d3a-4c6b-9e8f-1a2b3c4d5e6f`),
  ),
  hostile(
    'encryption',
    'enc-grant-bypasses-the-encryption-context',
    'a KMS grant gives the API role Decrypt on the secrets key with no constraints (no ViaService, no context)',
    (s) =>
      add(s, 'aws_kms_grant', 'api-direct-decrypt', {
        name: 'api-direct-decrypt',
        key_id: ref(s, 'aws_kms_key', SECRETS_KEY, 'key_id'),
        grantee_principal: ref(s, 'aws_iam_role', API_ROLE, 'arn'),
        operations: ['Decrypt'],
      }),
  ),
  hostile(
    'encryption',
    'enc-topic-accepts-plain-http',
    "the alerts topic policy's DenyWithoutTls statement removed: publishing over plain HTTP is no longer refused",
    (s) =>
      editPolicy(res(s, 'aws_sns_topic_policy', TOPIC_POLICY), 'policy', (d) => {
        d.Statement = d.Statement.filter((candidate: Json) => candidate.Sid !== 'DenyWithoutTls');
      }),
  ),
  hostile(
    'encryption',
    'enc-logs-key-for-any-log-group',
    "the logs key's CloudWatch Logs statement widened from our log groups to every log group of the account",
    (s) =>
      editPolicy(res(s, 'aws_kms_key', LOGS_KEY), 'policy', (d) => {
        statement(d, 'CloudWatchLogsEncryptsOurLogGroups').Condition = {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${facts(s).region}:${facts(s).account}:log-group:*`,
          },
        };
      }),
  ),
];

const DATA_EXPOSURE: MeasuredChange[] = [
  hostile(
    'data-exposure',
    'data-proxy-tls-off-self-waived',
    'the proxy stops requiring TLS, with an in-code suppression of proxy-requires-tls that expires in 90 days',
    (s) => {
      const proxy = res(s, 'aws_db_proxy', PROXY);
      proxy.require_tls = false;
      proxy['//'].review_suppress = [
        { rule: 'proxy-requires-tls', reason: 'clients on the old driver until the migration', expires: inDays(90) },
      ];
    },
  ),
  hostile(
    'data-exposure',
    'data-backups-replicated-with-a-foreign-key',
    "the instance's automated backups replicated to another region under another account's key",
    (s) =>
      add(s, 'aws_db_instance_automated_backups_replication', 'backups-dr', {
        source_db_instance_arn: ref(s, 'aws_db_instance', DATABASE, 'arn'),
        kms_key_id: `arn:aws:kms:us-east-1:${FOREIGN_ACCOUNT}:key/0a1b2c3d-1111-2222-3333-444455556666`,
        retention_period: 7,
      }),
  ),
  hostile(
    'data-exposure',
    'data-api-logs-in-as-db-admin',
    'IAM database authentication on, and the API role may rds-db:connect to the instance as admin',
    (s) => {
      const { account, region } = facts(s);
      res(s, 'aws_db_instance', DATABASE).iam_database_authentication_enabled = true;
      addToPolicy(s, API_POLICY, {
        Sid: 'ConnectForMigrations',
        Effect: 'Allow',
        Action: ['rds-db:connect'],
        Resource: `arn:aws:rds-db:${region}:${account}:dbuser:${ref(s, 'aws_db_instance', DATABASE, 'resource_id')}/admin`,
      });
    },
  ),
  hostile(
    'data-exposure',
    'data-proxy-endpoint-in-another-vpc',
    "a proxy endpoint in subnets the stack does not create (another VPC's, by id)",
    (s) =>
      add(s, 'aws_db_proxy_endpoint', 'reporting', {
        db_proxy_name: ref(s, 'aws_db_proxy', PROXY, 'name'),
        db_proxy_endpoint_name: 'reporting',
        vpc_subnet_ids: ['subnet-0a1b2c3d4e5f60718', 'subnet-0f1e2d3c4b5a69788'],
        target_role: 'READ_WRITE',
      }),
  ),
  hostile(
    'data-exposure',
    'data-heartbeats-readable-by-anyone',
    'GET /heartbeats (stored data) loses its IAM authorization',
    (s) => (res(s, 'aws_apigatewayv2_route', 'http-api/route-get-heartbeats').authorization_type = 'NONE'),
  ),
  hostile(
    'data-exposure',
    'data-backups-off',
    'automated backups turned off (backup_retention_period 0)',
    (s) => (res(s, 'aws_db_instance', DATABASE).backup_retention_period = 0),
  ),
  hostile(
    'data-exposure',
    'data-general-log-exported',
    'the MySQL general log on and exported to CloudWatch (every statement with its values, ALTER USER passwords included)',
    (s) => {
      res(s, 'aws_db_parameter_group', PARAMETER_GROUP).parameter.push({ name: 'general_log', value: '1' });
      res(s, 'aws_db_instance', DATABASE).enabled_cloudwatch_logs_exports.push('general');
      const { account, region, prefix } = facts(s);
      const name = `/aws/rds/instance/${prefix}-mysql/general`;
      add(s, 'aws_cloudwatch_log_group', 'log-group-general', {
        name,
        kms_key_id: ref(s, 'aws_kms_key', LOGS_KEY, 'arn'),
        retention_in_days: 14,
      });
      editPolicy(res(s, 'aws_kms_key', LOGS_KEY), 'policy', (d) =>
        statement(d, 'CloudWatchLogsEncryptsOurLogGroups').Condition.ArnEquals[
          'kms:EncryptionContext:aws:logs:arn'
        ].push(`arn:aws:logs:${region}:${account}:log-group:${name}`),
      );
    },
  ),
  hostile(
    'data-exposure',
    'data-api-logs-every-event',
    'the API logs every incoming event (headers, bodies, caller identity) at DEBUG',
    (s) => Object.assign(apiVariables(s), { POWERTOOLS_LOGGER_LOG_EVENT: 'true', POWERTOOLS_LOG_LEVEL: 'DEBUG' }),
  ),
];

const UNREVIEWED_TYPES: MeasuredChange[] = [
  hostile(
    'unreviewed-type',
    'type-async-failure-destination',
    'failed async invocations of the API sent to a queue the stack does not create (aws_lambda_function_event_invoke_config)',
    (s) =>
      add(s, 'aws_lambda_function_event_invoke_config', 'api-async', {
        function_name: ref(s, 'aws_lambda_function', API_FUNCTION, 'function_name'),
        destination_config: {
          on_failure: {
            destination: `arn:aws:sqs:${facts(s).region}:${facts(s).account}:${facts(s).prefix}-api-failures`,
          },
        },
      }),
  ),
  hostile(
    'unreviewed-type',
    'type-iam-user-reads-the-secret',
    'an IAM user for a reporting tool, with an inline policy that reads the app secret',
    (s) => {
      const user = add(s, 'aws_iam_user', 'reporting-user', { name: `${facts(s).prefix}-reporting` });
      add(s, 'aws_iam_user_policy', 'reporting-user-policy', {
        name: 'read-app-secret',
        user: `\${aws_iam_user.${user}.name}`,
        policy: document(...readsSecret(s, 'ReadAppSecret', ref(s, 'aws_secretsmanager_secret', APP_SECRET, 'arn'))),
      });
    },
  ),
  hostile(
    'unreviewed-type',
    'type-scheduler-reruns-bootstrap',
    'an EventBridge Scheduler schedule invokes the bootstrap function every hour with its own input',
    (s) =>
      add(s, 'aws_scheduler_schedule', 'bootstrap-hourly', {
        name: `${facts(s).prefix}-bootstrap-hourly`,
        schedule_expression: 'rate(1 hour)',
        flexible_time_window: { mode: 'OFF' },
        target: {
          arn: ref(s, 'aws_lambda_function', BOOTSTRAP_FUNCTION, 'arn'),
          role_arn: ref(s, 'aws_iam_role', DRILL_ROLE, 'arn'),
          input: JSON.stringify({ schema: 'app', username: 'serverless', host: '10.10.80.77', port: 3306 }),
        },
      }),
  ),
  hostile(
    'unreviewed-type',
    'type-backups-copied-to-a-foreign-vault',
    'AWS Backup backs the database up and copies each recovery point to a vault of another account',
    (s) => {
      const { prefix } = facts(s);
      const vault = add(s, 'aws_backup_vault', 'vault', {
        name: `${prefix}-vault`,
        kms_key_arn: ref(s, 'aws_kms_key', DATABASE_KEY, 'arn'),
      });
      const plan = add(s, 'aws_backup_plan', 'plan', {
        name: `${prefix}-daily`,
        rule: [
          {
            rule_name: 'daily',
            target_vault_name: `\${aws_backup_vault.${vault}.name}`,
            schedule: 'cron(0 3 * * ? *)',
            copy_action: [
              { destination_vault_arn: `arn:aws:backup:${facts(s).region}:${FOREIGN_ACCOUNT}:backup-vault:landing` },
            ],
          },
        ],
      });
      add(s, 'aws_backup_selection', 'selection', {
        name: 'database',
        plan_id: `\${aws_backup_plan.${plan}.id}`,
        iam_role_arn: ref(s, 'aws_iam_role', DRILL_ROLE, 'arn'),
        resources: [ref(s, 'aws_db_instance', DATABASE, 'arn')],
      });
    },
  ),
  hostile(
    'unreviewed-type',
    'type-dms-reads-the-database',
    'a DMS replication instance in the data subnets with a source endpoint on the database (master secret)',
    (s) => {
      const { prefix } = facts(s);
      const group = add(s, 'aws_dms_replication_subnet_group', 'dms-subnets', {
        replication_subnet_group_id: `${prefix}-dms`,
        replication_subnet_group_description: 'DMS in the data subnets',
        subnet_ids: [
          ref(s, 'aws_subnet', 'network/data-subnet-ap-northeast-2a', 'id'),
          ref(s, 'aws_subnet', 'network/data-subnet-ap-northeast-2c', 'id'),
        ],
      });
      add(s, 'aws_dms_replication_instance', 'dms', {
        replication_instance_id: `${prefix}-dms`,
        replication_instance_class: 'dms.t3.micro',
        publicly_accessible: false,
        replication_subnet_group_id: `\${aws_dms_replication_subnet_group.${group}.id}`,
        vpc_security_group_ids: [ref(s, 'aws_security_group', 'security-groups/rotation', 'id')],
      });
      add(s, 'aws_dms_endpoint', 'dms-source', {
        endpoint_id: `${prefix}-source`,
        endpoint_type: 'source',
        engine_name: 'mysql',
        secrets_manager_arn: MASTER_SECRET_ARN(s),
        secrets_manager_access_role_arn: ref(s, 'aws_iam_role', BOOTSTRAP_ROLE, 'arn'),
      });
    },
  ),
  hostile(
    'unreviewed-type',
    'type-bastion-instance',
    'an EC2 instance in an app subnet with the rotation security group (it reaches the database)',
    (s) =>
      add(s, 'aws_instance', 'bastion', {
        ami: 'ami-0c9c942bd7bf113a2',
        instance_type: 't4g.nano',
        subnet_id: ref(s, 'aws_subnet', 'network/app-subnet-ap-northeast-2a', 'id'),
        vpc_security_group_ids: [ref(s, 'aws_security_group', 'security-groups/rotation', 'id')],
        tags: { Name: `${facts(s).prefix}-bastion` },
      }),
  ),
  hostile(
    'unreviewed-type',
    'type-queue-triggers-the-api',
    'an event source mapping makes a queue the stack does not create trigger the API function',
    (s) =>
      add(s, 'aws_lambda_event_source_mapping', 'jobs', {
        event_source_arn: `arn:aws:sqs:${facts(s).region}:${facts(s).account}:${facts(s).prefix}-jobs`,
        function_name: ref(s, 'aws_lambda_function', API_FUNCTION, 'arn'),
        batch_size: 10,
      }),
  ),
  hostile(
    'unreviewed-type',
    'type-cloudformation-stack',
    'a CloudFormation stack inside the Terraform stack, whose template creates an IAM role',
    (s) =>
      add(s, 'aws_cloudformation_stack', 'extras', {
        name: `${facts(s).prefix}-extras`,
        capabilities: ['CAPABILITY_NAMED_IAM'],
        template_body: JSON.stringify({
          Resources: {
            Helper: {
              Type: 'AWS::IAM::Role',
              Properties: {
                RoleName: `${facts(s).prefix}-helper`,
                AssumeRolePolicyDocument: {
                  Version: '2012-10-17',
                  Statement: [
                    { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
                  ],
                },
              },
            },
          },
        }),
      }),
  ),
];

export const HOSTILE_CHANGES: readonly MeasuredChange[] = [
  ...VPC_ESCAPE,
  ...SECRET_PATHS,
  ...OUTSIDE_CODE,
  ...IDENTITY,
  ...LOGGING_STATE,
  ...GUARDS,
  ...ENCRYPTION,
  ...DATA_EXPOSURE,
  ...UNREVIEWED_TYPES,
];

// ---------------------------------------------------------------------------------------------------------------
// Legitimate changes: what a careful team does, written the way the constructs would synthesize them

const legitimate = (id: string, description: string, change: (synth: SynthJson) => void): MeasuredChange => ({
  id,
  class: 'legitimate',
  description,
  change,
  expected: 'passes',
});

/** A route of the HTTP API to the Lambda integration, and the stage's dependency on it (as the construct adds it). */
function addRoute(s: SynthJson, name: string, routeKey: string, authorization: 'AWS_IAM' | 'NONE'): void {
  add(s, 'aws_apigatewayv2_route', name, {
    api_id: ref(s, 'aws_apigatewayv2_api', 'http-api/api', 'id'),
    authorization_type: authorization,
    route_key: routeKey,
    target: `integrations/${ref(s, 'aws_apigatewayv2_integration', 'http-api/lambda-integration', 'id')}`,
  });
  res(s, 'aws_apigatewayv2_stage', STAGE).depends_on.push(`aws_apigatewayv2_route.${name}`);
}

export const LEGITIMATE_CHANGES: readonly MeasuredChange[] = [
  legitimate('legit-iam-authorized-route', 'a new write route, DELETE /heartbeats/{id}, with IAM authorization', (s) =>
    addRoute(s, 'route-delete-heartbeat', 'DELETE /heartbeats/{id}', 'AWS_IAM'),
  ),
  legitimate('legit-public-read-route', 'a new public read route, GET /version, with its own stage throttling', (s) => {
    addRoute(s, 'route-get-version', 'GET /version', 'NONE');
    res(s, 'aws_apigatewayv2_stage', STAGE).route_settings.push({
      route_key: 'GET /version',
      detailed_metrics_enabled: true,
      throttling_burst_limit: 5,
      throttling_rate_limit: 5,
    });
  }),
  legitimate('legit-alarm-to-the-topic', 'an API 4xx alarm to the existing alerts topic', (s) =>
    addAlarm(s, 'api-4xx', {
      alarm_description: '50+ 4xx answers in 5 minutes: a client is misbehaving; no data = no requests.',
      namespace: 'AWS/ApiGateway',
      metric_name: '4xx',
      dimensions: { ApiId: ref(s, 'aws_apigatewayv2_api', 'http-api/api', 'id'), Stage: 'dev' },
      statistic: 'Sum',
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      threshold: 50,
    }),
  ),
  legitimate('legit-larger-instance-class', 'the database on db.t4g.small', (s) => {
    res(s, 'aws_db_instance', DATABASE).instance_class = 'db.t4g.small';
  }),
  legitimate(
    'legit-second-scoped-secret',
    'a second secret (a reporting DB user) under the secrets key, rotated by the rotation function, read by the API',
    addReportingSecret,
  ),
  legitimate('legit-longer-log-retention', 'every log group kept 30 days instead of 14', (s) => {
    for (const group of all(s, 'aws_cloudwatch_log_group')) group.retention_in_days = 30;
  }),
  legitimate('legit-new-default-tag', 'a CostCenter tag on every resource (provider default_tags)', (s) => {
    const provider = (s['provider']['aws'] as Json[])[0];
    provider.default_tags[0].tags.CostCenter = 'platform-1234';
  }),
  legitimate(
    'legit-more-reserved-concurrency',
    'the API function reserves 20 instead of 10, its concurrency alarm at 16 (80 %)',
    (s) => {
      apiFunction(s).reserved_concurrent_executions = 20;
      Object.assign(alarm(s, 'api-concurrency'), {
        threshold: 16,
        alarm_description:
          'api: 16+ of 20 reserved instances busy: 80 % of its reserved concurrency: throttling is next; no data = idle.',
      });
    },
  ),
  legitimate('legit-alarm-on-a-new-metric', 'a database read latency alarm (a metric no alarm watched)', (s) =>
    addAlarm(s, 'db-read-latency', {
      alarm_description: 'Read latency above 50 ms for 15 minutes; no data at all is INSUFFICIENT_DATA.',
      namespace: 'AWS/RDS',
      metric_name: 'ReadLatency',
      dimensions: { DBInstanceIdentifier: ref(s, 'aws_db_instance', DATABASE, 'identifier') },
      statistic: 'Average',
      comparison_operator: 'GreaterThanThreshold',
      threshold: 0.05,
      evaluation_periods: 3,
      datapoints_to_alarm: 3,
      treat_missing_data: 'missing',
    }),
  ),
  legitimate(
    'legit-new-subnet-tier',
    'a "jobs" subnet tier in the same VPC: two private subnets, its own route table with only the local route',
    (s) => {
      const { prefix } = facts(s);
      const table = add(s, 'aws_route_table', 'jobs-route-table', {
        vpc_id: ref(s, 'aws_vpc', VPC, 'id'),
        tags: { Name: `${prefix}-jobs-isolated` },
      });
      for (const [zone, cidr] of [
        ['ap-northeast-2a', '10.10.32.0/20'],
        ['ap-northeast-2c', '10.10.48.0/20'],
      ]) {
        const subnet = add(s, 'aws_subnet', `jobs-subnet-${zone}`, {
          availability_zone: zone,
          cidr_block: cidr,
          map_public_ip_on_launch: false,
          tags: { Name: `${prefix}-jobs-${zone}`, Tier: 'jobs' },
          vpc_id: ref(s, 'aws_vpc', VPC, 'id'),
        });
        add(s, 'aws_route_table_association', `jobs-route-table-association-${zone}`, {
          route_table_id: `\${aws_route_table.${table}.id}`,
          subnet_id: `\${aws_subnet.${subnet}.id}`,
        });
      }
    },
  ),
  legitimate('legit-lower-latency-threshold', 'the API latency alarm at p99 2000 ms instead of 3000', (s) =>
    Object.assign(alarm(s, 'api-latency'), {
      threshold: 2000,
      alarm_description:
        'p99 latency above 2000 ms: 2 of 3 periods, so one slow cold start does not page; no data = no requests.',
    }),
  ),
  legitimate('legit-lower-cpu-threshold', 'the database CPU alarm at 70 % instead of 80', (s) => {
    alarm(s, 'db-cpu').threshold = 70;
  }),
  legitimate(
    'legit-api-timeout-and-memory',
    'the API function with 512 MB and a 25 s timeout, its duration alarm at 80 % of it',
    (s) => {
      Object.assign(apiFunction(s), { memory_size: 512, timeout: 25 });
      alarm(s, 'api-duration').threshold = 20000;
    },
  ),
  legitimate('legit-storage-ceiling', 'storage autoscaling up to 200 GiB instead of 100', (s) => {
    res(s, 'aws_db_instance', DATABASE).max_allocated_storage = 200;
  }),
  legitimate('legit-backups-for-a-week', 'automated backups kept 7 days', (s) => {
    res(s, 'aws_db_instance', DATABASE).backup_retention_period = 7;
  }),
  legitimate('legit-deletion-protection', 'deletion protection on the dev database', (s) => {
    res(s, 'aws_db_instance', DATABASE).deletion_protection = true;
  }),
  legitimate(
    'legit-performance-insights',
    'db.t4g.medium with Performance Insights, encrypted with the database key',
    (s) =>
      Object.assign(res(s, 'aws_db_instance', DATABASE), {
        instance_class: 'db.t4g.medium',
        performance_insights_enabled: true,
        performance_insights_kms_key_id: ref(s, 'aws_kms_key', DATABASE_KEY, 'arn'),
        performance_insights_retention_period: 7,
      }),
  ),
  legitimate(
    'legit-proxy-pool-tuning',
    'the proxy pool at 50 % of connections, 20 % idle, a 10 s borrow timeout',
    (s) =>
      Object.assign(
        res(s, 'aws_db_proxy_default_target_group', 'database-proxy/default-target-group').connection_pool_config,
        {
          max_connections_percent: 50,
          max_idle_connections_percent: 20,
          connection_borrow_timeout: 10,
        },
      ),
  ),
  legitimate('legit-api-throttling-raised', 'the stage throttling at burst 100, rate 50', (s) =>
    Object.assign(res(s, 'aws_apigatewayv2_stage', STAGE).default_route_settings, {
      throttling_burst_limit: 100,
      throttling_rate_limit: 50,
    }),
  ),
  legitimate('legit-rotation-every-two-weeks', 'the app secret rotated every 14 days', (s) => {
    res(
      s,
      'aws_secretsmanager_secret_rotation',
      'credentials/rotation-schedule',
    ).rotation_rules.automatically_after_days = 14;
  }),
  legitimate('legit-key-rotation-period', 'every KMS key rotated every 180 days instead of 365', (s) => {
    for (const key of all(s, 'aws_kms_key')) key.rotation_period_in_days = 180;
  }),
  legitimate('legit-runtime-upgrade', 'every function on nodejs24.x', (s) => {
    for (const fn of all(s, 'aws_lambda_function')) fn.runtime = 'nodejs24.x';
  }),
  legitimate('legit-dashboard-widget', 'a proxy client connections widget on the dashboard', (s) =>
    editPolicy(res(s, 'aws_cloudwatch_dashboard', 'monitoring/dashboard'), 'dashboard_body', (body) =>
      body.widgets.push({
        type: 'metric',
        x: 0,
        y: 40,
        width: 12,
        height: 6,
        properties: {
          region: facts(s).region,
          title: 'Proxy client connections',
          view: 'timeSeries',
          stacked: false,
          period: 60,
          metrics: [
            ['AWS/RDS', 'ClientConnections', 'ProxyName', ref(s, 'aws_db_proxy', PROXY, 'name'), { stat: 'Sum' }],
          ],
        },
      }),
    ),
  ),
  legitimate('legit-mysql-8-4', 'MySQL 8.4 with a mysql8.4 parameter group of the same settings', (s) => {
    const { prefix } = facts(s);
    res(s, 'aws_db_instance', DATABASE).engine_version = '8.4';
    Object.assign(res(s, 'aws_db_parameter_group', PARAMETER_GROUP), {
      family: 'mysql8.4',
      name: `${prefix}-mysql84`,
      description: `TLS-only mysql8.4 settings of ${prefix}-mysql`,
    });
  }),
  legitimate('legit-database-tags', 'data classification and owner tags on the database', (s) => {
    res(s, 'aws_db_instance', DATABASE).tags = { DataClassification: 'internal', Owner: 'platform-team' };
  }),
  legitimate(
    'legit-real-state-backend',
    'the state backend as a deploy writes it: the S3 state bucket, its key, the state CMK, S3-native locking',
    (s) => (s['terraform'].backend = { s3: realBackend(s) }),
  ),
  legitimate('legit-rotation-memory', 'the rotation function with 512 MB', (s) => {
    res(s, 'aws_lambda_function', ROTATION_FUNCTION).memory_size = 512;
  }),
];

export const MEASURED_CHANGES: readonly MeasuredChange[] = [...HOSTILE_CHANGES, ...LEGITIMATE_CHANGES];

/**
 * The hostile changes the review passes, each with why it misses it. The integration spec asserts the misses it
 * measures are exactly these: a new miss, or a case the review starts to catch, changes this list in review.
 */
export const KNOWN_MISSES: Readonly<Record<string, string>> = {
  // vpc-escape
  'vpc-s3-gateway-to-an-outside-bucket':
    'references-closed-world accepts any ARN with a `*` in its resource part (arn:aws:s3:::<any bucket>/*), and the access matrix checks that the endpoint policy pins the account, not which buckets it and the new grant reach',
  'vpc-api-function-joins-the-rotation-group':
    'nothing ties a function’s security groups to its role: database-admits-only-proxy-and-rotation checks the database’s ingress peers (the rotation group, unchanged), not which functions carry that group',
  // secret-paths
  'secret-api-creates-functions-as-bootstrap':
    'the reach analysis tries lambda:CreateFunction only on a function named “any”, so CreateFunction limited to a name prefix plus iam:PassRole on the bootstrap role is no escalation edge; the pattern rules accept spelled-out escalation actions on named resources',
  'secret-rotation-role-trusts-the-account':
    'the account root is a trusted principal everywhere, and the reach analysis follows sts:AssumeRole only from the stack’s roles: “any principal of the account allowed sts:AssumeRole” is not a path it models',
  'secret-account-invokes-bootstrap':
    'lambda-permission-source-arn accepts the stack’s own account with a source_account, and the reach analysis models no lambda:InvokeFunction (the bootstrap function acts with the master secret on whatever input it gets)',
  // outside-code
  'code-layer-looked-up-by-name':
    'a data source reference counts as the stack’s own for references-closed-world, and a bare layer name matches no reference pattern',
  'code-from-an-outside-bucket':
    'a bare bucket name matches no reference pattern (and closed-world takes every literal *_bucket value of the stack, this one included, as a name the stack creates); nothing pins where function code comes from',
  'code-exec-wrapper-from-a-variable':
    'a var.* reference counts as the stack’s own for references-closed-world and a variable without a default has no value to scan; no rule reads layers or AWS_LAMBDA_EXEC_WRAPPER',
  // identity
  'identity-secret-policy-for-the-whole-account':
    'Principal * pinned by aws:PrincipalAccount to the stack’s account passes resource-policy-no-public-principal and the principal checks, and the reach analysis evaluates only the stack’s roles, not the rest of the account',
  // logging-state
  'state-in-a-lookalike-bucket-with-the-state-key':
    'the backend bucket is a bare name (no reference pattern), and state-backend-encrypted-and-locked checks the key and locking, not which bucket (the variant that also drops the state key is caught by that)',
  // guards
  'guard-errors-divided-by-a-billion':
    'alarm-threshold-in-configured-band bounds the threshold, not the scale metric math puts between the metric and it (m1/1e9 is not a constant)',
  'guard-errors-average-never-above-one':
    'no rule ties the statistic to the threshold: the count band reads the threshold only, whatever the statistic',
  'guard-errors-unit-mismatch': 'no rule checks that an alarm’s unit is one its metric is published in',
  'guard-errors-comparison-inverted':
    'a count alarm may use LessThan comparisons (a traffic-drop alarm on Invocations is legitimate); no rule knows which direction each alarm guards',
  'guard-no-subscriber':
    'the typed config lets a dev stack run with no subscriber at all (prod must have one: alerts-reach-a-subscriber follows it), so a dev change that removes the only subscription is indistinguishable from a dev stack before anyone is on call',
  // data-exposure
  'data-api-logs-in-as-db-admin':
    'the reach analysis checks rds-db:connect as admin through the proxy’s resource id only, not the instance’s (dbuser:<db resource id>/admin), and no rule reads iam_database_authentication_enabled',
  'data-heartbeats-readable-by-anyone':
    'api-write-routes-authorized requires authorization on write methods only; a public read route is allowed by design (GET / and GET /time are)',
};
