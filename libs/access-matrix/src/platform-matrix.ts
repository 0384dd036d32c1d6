import { randomUUID } from 'node:crypto';
import type { AccessRequest, NamedPolicy } from './evaluate';
import { serviceRequest } from './service-requests';
import type { StackModel } from './stack-model';
import type { TerraformJson } from './terraform-values';

/**
 * The requests this architecture makes at runtime (REQUIRED: each must be allowed) and the ones least privilege
 * must refuse (FORBIDDEN), computed from one stack's model. Every request is built the way AWS makes it: a role's
 * SDK call with the context the call carries (through the Secrets Manager endpoint, KMS on the caller's behalf),
 * or a service's request with exactly the context its catalog entry documents (service-requests.ts).
 */

/** The landmarks of a stack that requests aim at, so one stack's request can be aimed at another stack's twin. */
export type Landmark =
  | 'app-secret'
  | 'master-secret'
  | 'secrets-key'
  | 'database-key'
  | 'logs-key'
  | 'alerts-key'
  | 'topic'
  | 'dead-letter-queue'
  | 'database'
  | 'api-function'
  | 'rotation-function'
  | `role:${string}`
  | `log-group:${string}`;

export interface MatrixRequest {
  /** Unique and readable: who does what to what. */
  readonly id: string;
  readonly request: AccessRequest;
  /** The VPC endpoint the call passes through (Lambdas in the isolated subnets reach Secrets Manager this way). */
  readonly throughEndpoint?: string;
  /** What the request aims at, to aim it at another environment's counterpart. */
  readonly target?: Landmark;
  /** What follows the target's ARN in the request's resource (a log stream of a log group). */
  readonly targetSuffix?: string;
  /** Identity policies of a principal that is not one of the stack's roles (an attacker's allow-all). */
  readonly identityPolicies?: readonly NamedPolicy[];
}

export interface PlatformMatrixOptions {
  /** The database user the API connects as in iam mode. */
  readonly appUsername: string;
}

/** A principal of another account that may do anything its own account allows: only our policies can stop it. */
export const OTHER_ACCOUNT = '999999999999';
export const ALLOW_ALL: NamedPolicy = {
  name: 'attacker-allows-everything',
  policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

/** A nested block: a synth writes a single block as an object, a plan as a list of one. */
function blocks(value: unknown): TerraformJson[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as TerraformJson[];
}
function block(value: unknown): TerraformJson {
  const [first] = blocks(value);
  if (!first) throw new Error('a required nested block is missing');
  return first;
}

function only<T>(values: T[], what: string): T {
  if (values.length !== 1) throw new Error(`expected exactly one ${what}, found ${values.length}`);
  return values[0];
}

/** The named parts of one stack, found from the resources themselves (not from names we hope they have). */
export class PlatformLandmarks {
  readonly arns = new Map<Landmark, string>();
  readonly functions: { name: string; arn: string; roleArn: string; config: TerraformJson; shortName: string }[];
  readonly endpointId: string;
  readonly subnetArnsByFunction = new Map<string, string[]>();
  readonly vpcArn: string;

  constructor(
    readonly model: StackModel,
    readonly namePrefix: string,
  ) {
    const { region, accountId } = model.placement;
    const arn = (type: string, name: string, attribute = 'arn') => model.attribute(type, name, attribute);
    // Parts are found by the names this architecture gives them, so a second secret, topic or key added beside them
    // (a legitimate change) leaves the matrix about the ones it knows.
    const named = (type: string, attribute: string, value: string) =>
      only(
        Object.keys(model.values.resources(type)).filter(
          (name) => model.values.lazy(model.values.resources(type)[name])[attribute] === value,
        ),
        `${type} with ${attribute} ${value}`,
      );
    const appSecret = named('aws_secretsmanager_secret', 'name', `${namePrefix}/db/app`);
    this.arns.set('app-secret', arn('aws_secretsmanager_secret', appSecret));
    const instance = only(Object.keys(model.values.resources('aws_db_instance')), 'aws_db_instance');
    const db = model.resources('aws_db_instance')[instance];
    this.arns.set('database', arn('aws_db_instance', instance));
    this.arns.set('master-secret', db.master_user_secret?.[0]?.secret_arn ?? this.masterSecretArn(instance));
    this.arns.set('secrets-key', model.resources('aws_secretsmanager_secret')[appSecret].kms_key_id);
    this.arns.set('database-key', db.kms_key_id);
    const logGroups = Object.values(model.resources('aws_cloudwatch_log_group'));
    const logsAlias = named('aws_kms_alias', 'name', `alias/${namePrefix}-logs`);
    const logsKeyId = model.resources('aws_kms_alias')[logsAlias].target_key_id;
    const logsKey = only(
      Object.keys(model.values.resources('aws_kms_key')).filter(
        (name) => model.attribute('aws_kms_key', name, 'key_id') === logsKeyId,
      ),
      `key of alias/${namePrefix}-logs`,
    );
    this.arns.set('logs-key', model.attribute('aws_kms_key', logsKey, 'arn'));
    for (const group of logGroups) {
      this.arns.set(
        `log-group:${group.name.replace(namePrefix, '*')}`,
        `arn:aws:logs:${region}:${accountId}:log-group:${group.name}`,
      );
    }
    const topic = named('aws_sns_topic', 'name', `${namePrefix}-alerts`);
    this.arns.set('topic', arn('aws_sns_topic', topic));
    this.arns.set('alerts-key', model.resources('aws_sns_topic')[topic].kms_master_key_id);
    const queues = Object.keys(model.values.resources('aws_sqs_queue')).filter(
      (name) => model.values.lazy(model.values.resources('aws_sqs_queue')[name]).name === `${namePrefix}-alerts-dlq`,
    );
    if (queues.length > 0) this.arns.set('dead-letter-queue', arn('aws_sqs_queue', only(queues, 'dead-letter queue')));

    this.functions = Object.entries(model.resources('aws_lambda_function')).map(([name, config]) => ({
      name: config.function_name,
      arn: arn('aws_lambda_function', name),
      roleArn: config.role,
      config,
      shortName: config.function_name.replace(`${namePrefix}-`, ''),
    }));
    for (const fn of this.functions) {
      if (fn.shortName === 'api') this.arns.set('api-function', fn.arn);
      if (fn.shortName === 'secret-rotation') this.arns.set('rotation-function', fn.arn);
      this.subnetArnsByFunction.set(
        fn.name,
        block(fn.config.vpc_config).subnet_ids.map((id: string) => `arn:aws:ec2:${region}:${accountId}:subnet/${id}`),
      );
    }
    // This architecture's functions; a stack without them is another architecture (or an older version of this one).
    for (const shortName of ['api', 'secret-rotation', 'db-bootstrap']) {
      if (!this.functions.some((fn) => fn.shortName === shortName)) {
        throw new Error(`the stack has no ${namePrefix}-${shortName} function, so it is not this architecture`);
      }
    }
    for (const role of model.roles.values()) this.arns.set(`role:${role.name.replace(namePrefix, '*')}`, role.arn);
    const endpoints = Object.entries(model.resources('aws_vpc_endpoint')).filter(([, config]) =>
      String(config.service_name).endsWith('.secretsmanager'),
    );
    this.endpointId = model.attribute('aws_vpc_endpoint', only(endpoints, 'Secrets Manager endpoint')[0], 'id');
    const vpc = only(Object.keys(model.values.resources('aws_vpc')), 'aws_vpc');
    this.vpcArn = `arn:aws:ec2:${region}:${accountId}:vpc/${model.attribute('aws_vpc', vpc, 'id')}`;
  }

  get(landmark: Landmark): string {
    const value = this.arns.get(landmark);
    if (!value) throw new Error(`the stack has no ${landmark}`);
    return value;
  }

  roleLandmark(roleArn: string): Landmark {
    const role = this.model.roles.get(roleArn);
    if (!role) throw new Error(`${roleArn} is not a role of the stack`);
    return `role:${role.name.replace(this.namePrefix, '*')}`;
  }

  private masterSecretArn(instance: string): string {
    return (
      this.model.values.attribute('aws_db_instance', instance, 'master_user_secret') as { secret_arn: string }[]
    )[0].secret_arn;
  }
}

const SECURE = { 'aws:SecureTransport': 'true' };

/**
 * Ids AWS generates at runtime (a secret version, an experiment, an interface), new each run: a policy that pinned one
 * of the matrix's own sample values would otherwise pass and break in AWS.
 */
const RUN = randomUUID();
const SAMPLE = {
  secretVersionId: RUN,
  experiment: `EXP${RUN.replace(/-/g, '').slice(0, 14)}`,
  eni: `eni-0${RUN.replace(/-/g, '').slice(0, 16)}`,
};

/** A call a role makes with the SDK: TLS, its own account, its own ARN. */
function roleCall(
  roleArn: string,
  action: string,
  resource: string,
  context: Record<string, string> = {},
): AccessRequest {
  const account = roleArn.split(':')[4];
  return {
    principal: roleArn,
    action,
    resource,
    context: { ...SECURE, 'aws:PrincipalArn': roleArn, 'aws:PrincipalAccount': account, ...context },
  };
}

/** KMS on the caller's behalf when it reads or writes a secret (serviceRequest 'secretsManagerUsesKeyForCaller'). */
function secretsManagerKeyUse(region: string, roleArn: string, action: string, keyArn: string, secretArn: string) {
  const request = serviceRequest(
    'secretsManagerUsesKeyForCaller',
    action,
    keyArn,
    {
      'kms:ViaService': `secretsmanager.${region}.amazonaws.com`,
      'kms:CallerAccount': roleArn.split(':')[4],
      'kms:EncryptionContext:SecretARN': secretArn,
      'kms:EncryptionContext:SecretVersionId': SAMPLE.secretVersionId,
    },
    roleArn,
  );
  return {
    ...request,
    context: { ...request.context, 'aws:PrincipalArn': roleArn, 'aws:PrincipalAccount': roleArn.split(':')[4] },
  };
}

/** Every request the stack makes at runtime; each must be allowed. */
export function requiredRequests(landmarks: PlatformLandmarks, options: PlatformMatrixOptions): MatrixRequest[] {
  const { model } = landmarks;
  const { region, accountId } = model.placement;
  const requests: MatrixRequest[] = [];
  const add = (id: string, request: AccessRequest, extra: Partial<MatrixRequest> = {}) =>
    requests.push({ id, request, ...extra });
  const viaEndpoint = (context: Record<string, string> = {}) => ({
    'aws:SourceVpce': landmarks.endpointId,
    ...context,
  });
  const secretCall = (who: string, roleArn: string, action: string, target: 'app-secret' | 'master-secret') =>
    add(`${who} ${action} on the ${target}`, roleCall(roleArn, action, landmarks.get(target), viaEndpoint()), {
      throughEndpoint: landmarks.endpointId,
      target,
    });
  const keyUse = (who: string, roleArn: string, action: string, secret: 'app-secret' | 'master-secret') =>
    add(
      `${who} ${action} with the secrets key for the ${secret} (through Secrets Manager)`,
      secretsManagerKeyUse(region, roleArn, action, landmarks.get('secrets-key'), landmarks.get(secret)),
      { target: 'secrets-key' },
    );

  // Every function: Lambda assumes its role, and the role writes its logs, places its ENIs and sends traces.
  for (const fn of landmarks.functions) {
    const who = fn.shortName;
    add(
      `Lambda assumes the ${who} role`,
      serviceRequest('lambdaAssumesExecutionRole', 'sts:AssumeRole', fn.roleArn, {}),
      {
        target: landmarks.roleLandmark(fn.roleArn),
      },
    );
    const logGroup = `arn:aws:logs:${region}:${accountId}:log-group:${block(fn.config.logging_config).log_group}`;
    const stream = ':log-stream:2026/12/07/[$LATEST]0a1b';
    for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) {
      add(`${who} ${action} in its log group`, roleCall(fn.roleArn, action, `${logGroup}${stream}`), {
        target: `log-group:${block(fn.config.logging_config).log_group.replace(landmarks.namePrefix, '*')}`,
        targetSuffix: stream,
      });
    }
    const subnets = landmarks.subnetArnsByFunction.get(fn.name)!;
    const eni = `arn:aws:ec2:${region}:${accountId}:network-interface/${SAMPLE.eni}`;
    const eniContext = { 'ec2:Subnet': subnets[0], 'ec2:Vpc': landmarks.vpcArn };
    add(
      `${who} ec2:CreateNetworkInterface (the interface)`,
      roleCall(fn.roleArn, 'ec2:CreateNetworkInterface', eni, eniContext),
    );
    for (const subnet of subnets) {
      add(`${who} ec2:CreateNetworkInterface in ${subnet}`, roleCall(fn.roleArn, 'ec2:CreateNetworkInterface', subnet));
    }
    for (const group of block(fn.config.vpc_config).security_group_ids as string[]) {
      add(
        `${who} ec2:CreateNetworkInterface with ${group}`,
        roleCall(
          fn.roleArn,
          'ec2:CreateNetworkInterface',
          `arn:aws:ec2:${region}:${accountId}:security-group/${group}`,
        ),
      );
    }
    for (const action of [
      'ec2:DeleteNetworkInterface',
      'ec2:AssignPrivateIpAddresses',
      'ec2:UnassignPrivateIpAddresses',
    ]) {
      add(`${who} ${action} in its own subnet`, roleCall(fn.roleArn, action, eni, eniContext));
    }
    for (const action of [
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeSubnets',
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
    ]) {
      add(`${who} ${action}`, roleCall(fn.roleArn, action, '*'));
    }
  }

  const fnByShortName = (short: string) => landmarks.functions.find((fn) => fn.shortName === short);
  const api = fnByShortName('api');
  if (api) {
    const mode = api.config.environment?.variables?.DB_AUTH_MODE;
    if (mode === 'iam') {
      const proxyArn = only(Object.keys(model.values.resources('aws_db_proxy')), 'aws_db_proxy');
      const resourceId = model.attribute('aws_db_proxy', proxyArn, 'arn').split(':').pop()!;
      add(
        `api rds-db:connect as ${options.appUsername}`,
        roleCall(
          api.roleArn,
          'rds-db:connect',
          `arn:aws:rds-db:${region}:${accountId}:dbuser:${resourceId}/${options.appUsername}`,
        ),
      );
    } else {
      secretCall('api', api.roleArn, 'secretsmanager:GetSecretValue', 'app-secret');
      keyUse('api', api.roleArn, 'kms:Decrypt', 'app-secret');
    }
  }
  const rotation = fnByShortName('secret-rotation');
  if (rotation) {
    for (const action of [
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
      'secretsmanager:PutSecretValue',
      'secretsmanager:UpdateSecretVersionStage',
    ]) {
      secretCall('rotation', rotation.roleArn, action, 'app-secret');
    }
    add(
      'rotation secretsmanager:GetRandomPassword',
      roleCall(rotation.roleArn, 'secretsmanager:GetRandomPassword', '*', viaEndpoint()),
      {
        throughEndpoint: landmarks.endpointId,
      },
    );
    keyUse('rotation', rotation.roleArn, 'kms:Decrypt', 'app-secret');
    keyUse('rotation', rotation.roleArn, 'kms:GenerateDataKey', 'app-secret');
  }
  const bootstrap = fnByShortName('db-bootstrap');
  if (bootstrap) {
    for (const action of [
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
      'secretsmanager:PutSecretValue',
    ]) {
      secretCall('bootstrap', bootstrap.roleArn, action, 'app-secret');
    }
    for (const action of ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']) {
      secretCall('bootstrap', bootstrap.roleArn, action, 'master-secret');
    }
    add(
      'bootstrap secretsmanager:GetRandomPassword',
      roleCall(bootstrap.roleArn, 'secretsmanager:GetRandomPassword', '*', viaEndpoint()),
      {
        throughEndpoint: landmarks.endpointId,
      },
    );
    keyUse('bootstrap', bootstrap.roleArn, 'kms:Decrypt', 'app-secret');
    keyUse('bootstrap', bootstrap.roleArn, 'kms:GenerateDataKey', 'app-secret');
    keyUse('bootstrap', bootstrap.roleArn, 'kms:Decrypt', 'master-secret');
  }

  // The proxy: RDS assumes its role, which reads the login secret through the endpoint.
  for (const [name, proxy] of Object.entries(model.resources('aws_db_proxy'))) {
    const proxyArn = model.attribute('aws_db_proxy', name, 'arn');
    add(
      'RDS assumes the proxy role',
      serviceRequest('rdsProxyAssumesRole', 'sts:AssumeRole', proxy.role_arn, {
        'aws:SourceAccount': accountId,
        'aws:SourceArn': proxyArn,
      }),
      { target: landmarks.roleLandmark(proxy.role_arn) },
    );
    for (const auth of blocks(proxy.auth)) {
      const secret = auth.secret_arn === landmarks.get('app-secret') ? 'app-secret' : 'master-secret';
      secretCall('proxy', proxy.role_arn, 'secretsmanager:GetSecretValue', secret);
      keyUse('proxy', proxy.role_arn, 'kms:Decrypt', secret);
    }
  }

  // Enhanced Monitoring: RDS assumes the monitoring role for this instance and writes OS metrics to RDSOSMetrics.
  const db = Object.values(model.resources('aws_db_instance'))[0];
  if (db.monitoring_role_arn) {
    add(
      'RDS Enhanced Monitoring assumes its role',
      serviceRequest('rdsMonitoringAssumesRole', 'sts:AssumeRole', db.monitoring_role_arn, {
        'aws:SourceAccount': accountId,
        'aws:SourceArn': landmarks.get('database'),
      }),
      { target: landmarks.roleLandmark(db.monitoring_role_arn) },
    );
    const osMetrics = `arn:aws:logs:${region}:${accountId}:log-group:RDSOSMetrics`;
    for (const action of ['logs:CreateLogGroup', 'logs:PutRetentionPolicy']) {
      add(`Enhanced Monitoring ${action}`, roleCall(db.monitoring_role_arn, action, osMetrics));
    }
    for (const action of [
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'logs:DescribeLogStreams',
      'logs:GetLogEvents',
    ]) {
      add(
        `Enhanced Monitoring ${action}`,
        roleCall(db.monitoring_role_arn, action, `${osMetrics}:log-stream:db-ABCDEFGHIJ`),
      );
    }
  }

  // Flow logs: the service assumes the role for this flow log and writes to its log group.
  for (const [name, flowLog] of Object.entries(model.resources('aws_flow_log'))) {
    add(
      'VPC Flow Logs assumes its role',
      serviceRequest('flowLogsAssumeRole', 'sts:AssumeRole', flowLog.iam_role_arn, {
        'aws:SourceAccount': accountId,
        'aws:SourceArn': model.attribute('aws_flow_log', name, 'arn'),
      }),
      { target: landmarks.roleLandmark(flowLog.iam_role_arn) },
    );
    // DescribeLogStreams acts on the log group, the writes on a stream of it (Service Authorization Reference).
    add(
      'VPC Flow Logs logs:DescribeLogStreams',
      roleCall(flowLog.iam_role_arn, 'logs:DescribeLogStreams', flowLog.log_destination),
    );
    for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) {
      add(
        `VPC Flow Logs ${action}`,
        roleCall(flowLog.iam_role_arn, action, `${flowLog.log_destination}:log-stream:eni-0a1b-all`),
      );
    }
  }

  // The failover drill: FIS assumes its role, reboots the instance with failover, and delivers its log.
  for (const template of Object.values(model.resources('aws_fis_experiment_template'))) {
    add(
      'FIS assumes the drill role',
      serviceRequest('fisAssumesRole', 'sts:AssumeRole', template.role_arn, {
        'aws:SourceAccount': accountId,
        'aws:SourceArn': `arn:aws:fis:${region}:${accountId}:experiment/${SAMPLE.experiment}`,
      }),
      { target: landmarks.roleLandmark(template.role_arn) },
    );
    for (const target of blocks(template.target)) {
      for (const resource of target.resource_arns as string[]) {
        for (const action of ['rds:RebootDBInstance', 'rds:DescribeDBInstances']) {
          add(`FIS ${action} on the instance`, roleCall(template.role_arn, action, resource), { target: 'database' });
        }
      }
    }
    // What FIS needs to deliver experiment logs to CloudWatch Logs (the vended-logs permissions):
    // https://docs.aws.amazon.com/fis/latest/userguide/monitoring-logging.html
    for (const action of [
      'logs:CreateLogDelivery',
      'logs:PutResourcePolicy',
      'logs:DescribeResourcePolicies',
      'logs:DescribeLogGroups',
    ]) {
      add(`FIS ${action}`, roleCall(template.role_arn, action, '*'));
    }
    const logGroup = String(
      block(block(template.log_configuration).cloudwatch_logs_configuration).log_group_arn,
    ).replace(/:\*$/, '');
    for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) {
      add(
        `log delivery ${action} in the drill log group`,
        serviceRequest('logDeliveryWrites', action, `${logGroup}:log-stream:experiment-EXPabc`, {
          'aws:SourceAccount': accountId,
          'aws:SourceArn': `arn:aws:logs:${region}:${accountId}:*`,
        }),
      );
    }
  }

  // API Gateway invokes the API function for each route; Secrets Manager invokes rotation for the secret.
  for (const [name, api] of Object.entries(model.resources('aws_apigatewayv2_api'))) {
    const executionArn = model.attribute('aws_apigatewayv2_api', name, 'execution_arn');
    const stages = Object.values(model.resources('aws_apigatewayv2_stage')).map((stage) => stage.name);
    const routes = Object.values(model.resources('aws_apigatewayv2_route')).map((route) => route.route_key as string);
    void api;
    for (const stage of stages) {
      for (const route of routes) {
        const [method, path] = route.split(' ');
        add(
          `API Gateway invokes the API function for ${route}`,
          serviceRequest('apiGatewayInvokes', 'lambda:InvokeFunction', landmarks.get('api-function'), {
            'aws:SourceArn': `${executionArn}/${stage}/${method}${path}`,
          }),
          { target: 'api-function' },
        );
      }
    }
  }
  for (const rotationSchedule of Object.values(model.resources('aws_secretsmanager_secret_rotation'))) {
    add(
      'Secrets Manager invokes the rotation function',
      serviceRequest('secretsManagerInvokesRotation', 'lambda:InvokeFunction', rotationSchedule.rotation_lambda_arn, {
        'aws:SourceArn': rotationSchedule.secret_id,
      }),
      { target: 'rotation-function' },
    );
  }

  // CloudWatch Logs encrypts every log group with the logs key.
  for (const group of Object.values(model.resources('aws_cloudwatch_log_group'))) {
    const groupArn = `arn:aws:logs:${region}:${accountId}:log-group:${group.name}`;
    for (const action of [
      'kms:GenerateDataKey',
      'kms:Decrypt',
      'kms:Encrypt',
      'kms:ReEncryptFrom',
      'kms:ReEncryptTo',
    ]) {
      add(
        `CloudWatch Logs ${action} for ${group.name}`,
        serviceRequest(
          'cloudWatchLogsEncrypts',
          action,
          group.kms_key_id,
          { 'kms:EncryptionContext:aws:logs:arn': groupArn },
          `logs.${region}.amazonaws.com`,
        ),
        { target: 'logs-key' },
      );
    }
  }

  // Alerts: each alarm, rule and event subscription publishes to the topic and uses its key.
  const topicArn = landmarks.get('topic');
  const alertsKey = landmarks.get('alerts-key');
  const encryptionContext = { 'kms:EncryptionContext:aws:sns:topicArn': topicArn };
  for (const alarm of Object.values(model.resources('aws_cloudwatch_metric_alarm'))) {
    if (![...(alarm.alarm_actions ?? []), ...(alarm.ok_actions ?? [])].includes(topicArn)) continue;
    const source = {
      'aws:SourceAccount': accountId,
      'aws:SourceArn': `arn:aws:cloudwatch:${region}:${accountId}:alarm:${alarm.alarm_name}`,
    };
    add(
      `alarm ${alarm.alarm_name} publishes`,
      serviceRequest('cloudWatchPublishesAlarm', 'sns:Publish', topicArn, source),
      { target: 'topic' },
    );
    for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
      add(
        `alarm ${alarm.alarm_name} ${action}`,
        serviceRequest('cloudWatchEncryptsForTopic', action, alertsKey, { ...source, ...encryptionContext }),
        {
          target: 'alerts-key',
        },
      );
    }
  }
  for (const target of Object.values(model.resources('aws_cloudwatch_event_target'))) {
    const ruleArn = `arn:aws:events:${region}:${accountId}:rule/${target.rule}`;
    if (target.arn === topicArn) {
      add(
        `rule ${target.rule} publishes`,
        serviceRequest('eventBridgePublishes', 'sns:Publish', topicArn, {
          'aws:SourceAccount': accountId,
          'aws:SourceArn': ruleArn,
        }),
        { target: 'topic' },
      );
      for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
        add(
          `rule ${target.rule} ${action}`,
          serviceRequest('eventBridgeEncryptsForTopic', action, alertsKey, encryptionContext),
          {
            target: 'alerts-key',
          },
        );
      }
    }
    for (const deadLetter of blocks(target.dead_letter_config)) {
      add(
        `rule ${target.rule} sends a dead letter`,
        serviceRequest('eventBridgeSendsDeadLetter', 'sqs:SendMessage', deadLetter.arn, { 'aws:SourceArn': ruleArn }),
        { target: 'dead-letter-queue' },
      );
    }
  }
  for (const subscription of Object.values(model.resources('aws_db_event_subscription'))) {
    if (subscription.sns_topic !== topicArn) continue;
    // No source_ids: the subscription covers every instance (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateEventSubscription.html),
    // the stack's own among them, whose events must still get through.
    const sourceIds = Array.isArray(subscription.source_ids)
      ? (subscription.source_ids as string[])
      : Object.values(model.resources('aws_db_instance')).map((instance) => String(instance.identifier));
    for (const sourceId of sourceIds) {
      add(
        `RDS events of ${sourceId} publish`,
        serviceRequest('rdsEventsPublish', 'sns:Publish', topicArn, {
          'aws:SourceAccount': accountId,
          'aws:SourceArn': `arn:aws:rds:${region}:${accountId}:db:${sourceId}`,
        }),
        { target: 'topic' },
      );
    }
    for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
      add(`RDS events ${action}`, serviceRequest('rdsEventsEncryptForTopic', action, alertsKey, encryptionContext), {
        target: 'alerts-key',
      });
    }
  }
  return requests;
}

/**
 * Least privilege, per workload: what each role must not be able to do although a careless grant would let it
 * (another secret, the master secret from the API, the database key, another DB user, writes from readers, another
 * instance for FIS, ENIs outside its subnets, a log group that only shares the name prefix), and what no principal
 * of the account may do without going through a service (the keys).
 */
export function forbiddenRequests(landmarks: PlatformLandmarks, options: PlatformMatrixOptions): MatrixRequest[] {
  const { model, namePrefix } = landmarks;
  const { region, accountId } = model.placement;
  const requests: MatrixRequest[] = [];
  const add = (id: string, request: AccessRequest, extra: Partial<MatrixRequest> = {}) =>
    requests.push({ id, request, ...extra });
  const viaEndpoint = { 'aws:SourceVpce': landmarks.endpointId };
  const fn = (short: string) => landmarks.functions.find((candidate) => candidate.shortName === short);
  const secretCall = (who: string, roleArn: string, action: string, target: 'app-secret' | 'master-secret') =>
    add(`${who} ${action} on the ${target}`, roleCall(roleArn, action, landmarks.get(target), viaEndpoint), {
      throughEndpoint: landmarks.endpointId,
    });
  const keyUse = (who: string, roleArn: string, action: string, secret: 'app-secret' | 'master-secret') =>
    add(
      `${who} ${action} with the secrets key for the ${secret}`,
      secretsManagerKeyUse(region, roleArn, action, landmarks.get('secrets-key'), landmarks.get(secret)),
    );
  const proxyRole = Object.values(model.resources('aws_db_proxy'))[0]?.role_arn as string | undefined;

  const api = fn('api');
  if (api) {
    secretCall('api', api.roleArn, 'secretsmanager:GetSecretValue', 'master-secret');
    keyUse('api', api.roleArn, 'kms:Decrypt', 'master-secret');
    secretCall('api', api.roleArn, 'secretsmanager:PutSecretValue', 'app-secret');
    secretCall('api', api.roleArn, 'secretsmanager:UpdateSecretVersionStage', 'app-secret');
    keyUse('api', api.roleArn, 'kms:GenerateDataKey', 'app-secret');
    add(
      'api kms:Decrypt with the database key through RDS',
      roleCall(api.roleArn, 'kms:Decrypt', landmarks.get('database-key'), {
        'kms:ViaService': `rds.${region}.amazonaws.com`,
        'kms:CallerAccount': accountId,
      }),
    );
    const proxyName = Object.keys(model.values.resources('aws_db_proxy'))[0];
    if (proxyName) {
      const resourceId = model.attribute('aws_db_proxy', proxyName, 'arn').split(':').pop()!;
      add(
        'api rds-db:connect as another database user',
        roleCall(api.roleArn, 'rds-db:connect', `arn:aws:rds-db:${region}:${accountId}:dbuser:${resourceId}/admin`),
      );
      add(
        `api rds-db:connect as ${options.appUsername} through another proxy`,
        roleCall(
          api.roleArn,
          'rds-db:connect',
          `arn:aws:rds-db:${region}:${accountId}:dbuser:prx-0123456789abcdef0/${options.appUsername}`,
        ),
      );
    }
    add(
      'api lambda:InvokeFunction of the rotation function',
      roleCall(api.roleArn, 'lambda:InvokeFunction', landmarks.get('rotation-function')),
    );
    const otherSubnet = `arn:aws:ec2:${region}:${accountId}:subnet/subnet-0fffffffffffffff0`;
    for (const action of [
      'ec2:DeleteNetworkInterface',
      'ec2:AssignPrivateIpAddresses',
      'ec2:UnassignPrivateIpAddresses',
    ]) {
      add(
        `api ${action} on an interface outside its subnets`,
        roleCall(api.roleArn, action, `arn:aws:ec2:${region}:${accountId}:network-interface/eni-0fffffffffffffff0`, {
          'ec2:Subnet': otherSubnet,
          'ec2:Vpc': landmarks.vpcArn,
        }),
      );
    }
    add(
      'api ec2:CreateNetworkInterface in another subnet',
      roleCall(api.roleArn, 'ec2:CreateNetworkInterface', otherSubnet),
    );
    add(
      'api logs:PutLogEvents in the rotation function log group',
      roleCall(
        api.roleArn,
        'logs:PutLogEvents',
        `${landmarks.get('log-group:/aws/lambda/*-secret-rotation')}:log-stream:x`,
      ),
    );
  }
  if (proxyRole) {
    secretCall('proxy', proxyRole, 'secretsmanager:GetSecretValue', 'master-secret');
    keyUse('proxy', proxyRole, 'kms:Decrypt', 'master-secret');
    secretCall('proxy', proxyRole, 'secretsmanager:PutSecretValue', 'app-secret');
  }
  const rotation = fn('secret-rotation');
  if (rotation) {
    secretCall('rotation', rotation.roleArn, 'secretsmanager:GetSecretValue', 'master-secret');
    keyUse('rotation', rotation.roleArn, 'kms:Decrypt', 'master-secret');
    secretCall('rotation', rotation.roleArn, 'secretsmanager:DeleteSecret', 'app-secret');
  }
  const bootstrap = fn('db-bootstrap');
  if (bootstrap) {
    secretCall('bootstrap', bootstrap.roleArn, 'secretsmanager:UpdateSecretVersionStage', 'app-secret');
    secretCall('bootstrap', bootstrap.roleArn, 'secretsmanager:PutSecretValue', 'master-secret');
    keyUse('bootstrap', bootstrap.roleArn, 'kms:GenerateDataKey', 'master-secret');
  }
  for (const template of Object.values(model.resources('aws_fis_experiment_template'))) {
    // Names a careless pattern would also match: siblings of this instance, and one sharing only the prefix.
    for (const other of [
      `${namePrefix}-other`,
      `${namePrefix}-mysql-copy`,
      `${namePrefix}x-mysql`,
      `${namePrefix}2-db`,
    ]) {
      add(
        `FIS rds:RebootDBInstance on ${other}`,
        roleCall(template.role_arn, 'rds:RebootDBInstance', `arn:aws:rds:${region}:${accountId}:db:${other}`),
      );
    }
    add(
      'FIS rds:DeleteDBInstance on the instance',
      roleCall(template.role_arn, 'rds:DeleteDBInstance', landmarks.get('database')),
    );
  }
  for (const flowLog of Object.values(model.resources('aws_flow_log'))) {
    add(
      'VPC Flow Logs role logs:PutLogEvents in the API log group',
      roleCall(
        flowLog.iam_role_arn,
        'logs:PutLogEvents',
        `${landmarks.get('log-group:/aws/lambda/*-api')}:log-stream:x`,
      ),
    );
  }
  // Code in the VPC using credentials of another account to write its secrets there through our endpoint: the
  // endpoint's policy is what stops this exfiltration path (the VPC has no other way out).
  const exfiltrator = `arn:aws:iam::${OTHER_ACCOUNT}:role/exfiltrator`;
  for (const action of ['secretsmanager:PutSecretValue', 'secretsmanager:GetSecretValue']) {
    add(
      `another account's role ${action} on its own secret through our endpoint`,
      roleCall(
        exfiltrator,
        action,
        `arn:aws:secretsmanager:${region}:${OTHER_ACCOUNT}:secret:drop-AbCdEf`,
        viaEndpoint,
      ),
      { throughEndpoint: landmarks.endpointId, identityPolicies: [ALLOW_ALL] },
    );
  }
  // A log group that only shares the name prefix (another project's /aws/lambda/<prefix>tools-api).
  add(
    'CloudWatch Logs encrypts a log group that only shares the name prefix',
    serviceRequest(
      'cloudWatchLogsEncrypts',
      'kms:GenerateDataKey',
      landmarks.get('logs-key'),
      {
        'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${accountId}:log-group:/aws/lambda/${namePrefix}tools-api`,
      },
      `logs.${region}.amazonaws.com`,
    ),
  );
  add(
    'an alarm that only shares the name prefix publishes',
    serviceRequest('cloudWatchPublishesAlarm', 'sns:Publish', landmarks.get('topic'), {
      'aws:SourceAccount': accountId,
      'aws:SourceArn': `arn:aws:cloudwatch:${region}:${accountId}:alarm:${namePrefix}tools-cpu`,
    }),
  );
  // No principal of the account uses a key except through its service: not even with an allow-all identity
  // policy (kms:CreateGrant would let it grant itself Decrypt).
  const insider = `arn:aws:iam::${accountId}:role/an-administrator`;
  for (const key of ['secrets-key', 'database-key', 'logs-key', 'alerts-key'] as const) {
    for (const action of ['kms:Decrypt', 'kms:CreateGrant', 'kms:ReEncryptFrom', 'kms:GenerateDataKey']) {
      add(
        `an account principal ${action} with the ${key} without its service`,
        roleCall(insider, action, landmarks.get(key), { 'kms:CallerAccount': accountId }),
        { identityPolicies: [ALLOW_ALL] },
      );
    }
  }
  // Every runtime request to a resource whose policy refuses plain HTTP, made without TLS.
  for (const entry of requiredRequests(landmarks, options)) {
    if (entry.target !== 'topic' && entry.target !== 'dead-letter-queue') continue;
    add(`without TLS: ${entry.id}`, {
      ...entry.request,
      context: { ...entry.request.context, 'aws:SecureTransport': 'false' },
    });
  }
  return requests;
}

const SWAP_ACCOUNT = (value: string, from: string) => value.split(from).join(OTHER_ACCOUNT);

/**
 * Each REQUIRED request as another account would make it: a role of that account (with an allow-all identity
 * policy) for role calls, and for service requests both the same service acting for that account (its source ARN and
 * account in that account) and a principal of that account calling directly with our values in every key a caller
 * sets itself (an encryption context). Our resource policies alone must refuse every one. Requests to a resource that
 * has no resource policy (a secret, an instance, "*") are left out: AWS refuses them across accounts by design, so
 * they would only inflate the count.
 */
export function fromAnotherAccount(
  required: readonly MatrixRequest[],
  accountId: string,
  hasResourcePolicy: (resource: string) => boolean = () => true,
): MatrixRequest[] {
  const swap = (value: string | readonly string[]) =>
    typeof value === 'string' ? SWAP_ACCOUNT(value, accountId) : value.map((item) => SWAP_ACCOUNT(item, accountId));
  return required
    .filter((entry) => hasResourcePolicy(entry.request.resource))
    .flatMap((entry): MatrixRequest[] => {
      const { request } = entry;
      const isService = request.principal.endsWith('.amazonaws.com');
      const context = Object.fromEntries(
        Object.entries(request.context ?? {}).map(([key, value]) => [
          key,
          // A service acting for another account names that account's resources throughout (its source, its topic
          // or log group in the encryption context). A role of another account keeps naming our resources (it is
          // after our secret) but calls as itself.
          isService ||
          /^(aws:SourceAccount|aws:SourceArn|aws:PrincipalArn|aws:PrincipalAccount|kms:CallerAccount)$/.test(key)
            ? swap(value)
            : value,
        ]),
      );
      const asThatAccount: MatrixRequest = {
        id: `from another account: ${entry.id}`,
        request: {
          ...request,
          principal: isService ? request.principal : SWAP_ACCOUNT(request.principal, accountId),
          context,
        },
        throughEndpoint: entry.throughEndpoint,
        identityPolicies: isService ? [] : [ALLOW_ALL],
      };
      if (!isService) return [asThatAccount];
      const caller = `arn:aws:iam::${OTHER_ACCOUNT}:role/caller`;
      const callerSets = Object.fromEntries(
        Object.entries(request.context ?? {}).filter(([key]) => /^kms:EncryptionContext:/i.test(key)),
      );
      const direct: MatrixRequest = {
        id: `from another account, directly with our context: ${entry.id}`,
        request: {
          ...request,
          principal: caller,
          context: {
            ...callerSets,
            'aws:SecureTransport': 'true',
            'aws:PrincipalArn': caller,
            'aws:PrincipalAccount': OTHER_ACCOUNT,
            ...(request.action.startsWith('kms:') ? { 'kms:CallerAccount': OTHER_ACCOUNT } : {}),
          },
        },
        identityPolicies: [ALLOW_ALL],
      };
      return [asThatAccount, direct];
    });
}

/**
 * Each REQUIRED request of one environment aimed at the other environment's counterpart (same account): the
 * principal, its policies and its context stay; the resource becomes the twin.
 */
export function atTheOtherEnvironment(
  required: readonly MatrixRequest[],
  ours: PlatformLandmarks,
  theirs: PlatformLandmarks,
): { entry: MatrixRequest; identityPolicies: readonly NamedPolicy[] }[] {
  return required
    .filter((entry) => entry.target && theirs.arns.has(entry.target))
    .map((entry) => ({
      entry: {
        ...entry,
        id: `${ours.namePrefix} -> ${theirs.namePrefix}: ${entry.id}`,
        request: { ...entry.request, resource: `${theirs.get(entry.target!)}${entry.targetSuffix ?? ''}` },
        throughEndpoint: undefined,
      },
      identityPolicies: ours.model.roles.get(entry.request.principal)?.policies ?? [],
    }));
}

/** A matrix outcome that goes the other way on purpose, matched by its id, with the reason. */
export interface AcceptedException {
  readonly id: RegExp;
  readonly reason: string;
}

/**
 * The requests that are allowed although the matrix expects a denial, each for a reason AWS imposes. A spec checks
 * that each one still happens: an exception that no longer applies must be removed.
 */
export const ACCEPTED_DENIAL_EXCEPTIONS: readonly AcceptedException[] = [
  {
    id: /: Lambda assumes the [a-z-]+ role$/,
    reason:
      'Lambda documents no source keys for assuming an execution role (lambda-intro-execution-role.html): what ' +
      'decides is iam:PassRole, and a function can only be given a role of its own account',
  },
  {
    id: /^rdsp-[a-z0-9-]+ -> rdsp-[a-z0-9-]+: RDS assumes the proxy role$/,
    reason:
      'the trust must name db-proxy:* because a proxy ARN carries an id (prx-…) that exists only once the proxy ' +
      'that needs the role exists; any proxy of the account may assume it, and it reads only its own login secret',
  },
  {
    id: /^rdsp-[a-z0-9-]+ -> rdsp-[a-z0-9-]+: VPC Flow Logs assumes its role$/,
    reason:
      'the trust names vpc-flow-log/* because a flow log id exists only after the flow log that needs the role; ' +
      'the role writes only to its own flow log group',
  },
  {
    id: /^rdsp-[a-z0-9-]+ -> rdsp-[a-z0-9-]+: FIS rds:DescribeDBInstances on the instance$/,
    reason:
      'FIS resolves its targets with rds:DescribeDBInstances on "*", as AWSFaultInjectionSimulatorRDSAccess grants ' +
      'it (read-only); rebooting stays on the one instance',
  },
];

/**
 * Allow statements no runtime request uses, kept on purpose. Each is matched by the policy it sits in, its Sid and
 * its whole shape (principal, actions, conditions), so another statement cannot borrow its name to go unchecked.
 */
export interface AcceptedUnusedStatement {
  readonly policy: RegExp;
  readonly sid: string;
  readonly reason: string;
  readonly shape: (statement: Record<string, unknown>, accountId: string) => boolean;
}

const listOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];
const onlyOwnRoot = (statement: Record<string, unknown>, accountId: string) => {
  const principal = statement.Principal as Record<string, unknown> | undefined;
  return (
    principal !== undefined &&
    Object.keys(principal).length === 1 &&
    listOf(principal.AWS).length === 1 &&
    listOf(principal.AWS)[0] === `arn:aws:iam::${accountId}:root`
  );
};
/** What administering a key takes, and nothing that uses it or grants its use (no kms:CreateGrant, no crypto). */
const KEY_ADMINISTRATION = new Set([
  'kms:CreateAlias',
  'kms:DescribeKey',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:ListAliases',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
  'kms:RevokeGrant',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:DeleteAlias',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:RotateKeyOnDemand',
]);
/** Using a key (and letting a service create grants for the deployer), all only through the key's services. */
const KEY_USAGE = new Set([
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'kms:DescribeKey',
  'kms:CreateGrant',
]);
const TOPIC_MANAGEMENT = new Set([
  'sns:GetTopicAttributes',
  'sns:SetTopicAttributes',
  'sns:Subscribe',
  'sns:ListSubscriptionsByTopic',
  'sns:Publish',
]);

export const ACCEPTED_UNUSED_STATEMENTS: readonly AcceptedUnusedStatement[] = [
  {
    policy: /^aws_kms_key\./,
    sid: 'AccountAdministersTheKey',
    reason: 'people administer keys (policy, rotation, deletion, aliases); no runtime request does',
    shape: (statement, accountId) =>
      onlyOwnRoot(statement, accountId) &&
      statement.Condition === undefined &&
      listOf(statement.Action).every((action) => KEY_ADMINISTRATION.has(action)),
  },
  {
    policy: /^aws_kms_key\./,
    sid: 'AccountUsesTheKeyOnlyThroughItsServices',
    reason:
      'what deploying takes: RDS, Lambda, SNS and CloudWatch Logs create grants and data keys for the deployer, ' +
      'only through those services (kms:ViaService)',
    shape: (statement, accountId) => {
      const equals = ((statement.Condition ?? {}) as Record<string, Record<string, unknown>>).StringEquals ?? {};
      return (
        onlyOwnRoot(statement, accountId) &&
        listOf(statement.Action).every((action) => KEY_USAGE.has(action)) &&
        Object.keys(statement.Condition as object).length === 1 &&
        listOf(equals['kms:ViaService']).length > 0 &&
        listOf(equals['kms:ViaService']).every((service) => /^[a-z0-9-]+\.[a-z0-9-]+\.amazonaws\.com$/.test(service)) &&
        listOf(equals['kms:CallerAccount']).join() === accountId
      );
    },
  },
  {
    policy: /^aws_sns_topic(_policy)?\./,
    sid: 'AccountManagesTheTopic',
    reason: 'people subscribe to the topic, and the alert-path self-test subscribes a queue and publishes',
    shape: (statement, accountId) =>
      onlyOwnRoot(statement, accountId) &&
      statement.Condition === undefined &&
      listOf(statement.Action).every((action) => TOPIC_MANAGEMENT.has(action)),
  },
];

/** The accepted exception an unused statement matches, if any (policy, Sid and shape). */
export function acceptedUnused(
  unused: { readonly policy: string; readonly statement: string; readonly document?: Record<string, unknown> },
  accountId: string,
): AcceptedUnusedStatement | undefined {
  return ACCEPTED_UNUSED_STATEMENTS.find(
    (accepted) =>
      accepted.policy.test(unused.policy) &&
      // The whole statement, or one entry of it (`<Sid> Action kms:Encrypt`): the shape bounds what it may hold.
      unused.statement.split(' ')[0] === accepted.sid &&
      unused.document !== undefined &&
      accepted.shape(unused.document, accountId),
  );
}

export function acceptedException(id: string, exceptions: readonly AcceptedException[]): AcceptedException | undefined {
  return exceptions.find((exception) => exception.id.test(id));
}

/**
 * Who may reach each protected asset of this architecture (reach.ts): the roles that need it, by landmark. An asset
 * not listed here (the database's control plane, every function's code, the alert path) may be reached by none of
 * the stack's roles: only people and the deploy role, which are not in the stack.
 */
export const DECLARED_REACH: Readonly<Record<string, readonly Landmark[]>> = {
  'the app secret (its value)': ['role:*-api', 'role:*-secret-rotation', 'role:*-db-bootstrap', 'role:*-proxy-role'],
  'the master secret (its value)': ['role:*-db-bootstrap'],
  'the database (reboot)': ['role:*-failover-drill'],
};
