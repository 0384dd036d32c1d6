import { Monitoring } from './monitoring';
import { DEFAULT_ALARM_THRESHOLDS } from '../config/environment-rules';
import { App, Testing } from 'cdktf';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { environments, stateConfig } from '../config';
import { EnvironmentStack } from '../stacks/environment-stack';
import { fakeBundleDirectory } from '../testing/synth-json';
import { alarmTable, proxyAlarms } from './alarm-definitions';
import { synthesize, type TerraformBlock } from '../testing/synth-json';

const README = path.resolve(__dirname, '../../../../docs/operations.md');

function synthMonitoring(extra: (monitoring: Monitoring) => void = () => undefined, emails: string[] = []) {
  let monitoring: Monitoring | undefined;
  const synth = synthesize((scope) => {
    monitoring = new Monitoring(scope, 'monitoring', {
      thresholds: DEFAULT_ALARM_THRESHOLDS,
      alertEmails: emails,
      alertHttpsEndpoints: ['https://hooks.example.com/alerts'],
    });
    monitoring.addAlarms(proxyAlarms('rdsp-dev-proxy', DEFAULT_ALARM_THRESHOLDS));
    extra(monitoring);
  });
  return { synth, monitoring: monitoring! };
}

const PROXY_ALARMS = proxyAlarms('rdsp-dev-proxy', DEFAULT_ALARM_THRESHOLDS);
const alarmArn = (alarmName: string) => `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${alarmName}`;
const ROTATION_RULE_ARN = 'arn:aws:events:eu-west-1:123456789012:rule/rdsp-dev-rotation-failed';

describe('Monitoring', () => {
  const { synth, monitoring } = synthMonitoring(
    (m) => {
      m.subscribeToDatabaseEvents('rdsp-dev-mysql');
      m.notifyRotationFailures('arn:aws:secretsmanager:eu-west-1:123456789012:secret:app');
    },
    ['oncall@example.com'],
  );
  const topicRef = synth.ref(monitoring.topicArn);
  const alarms = Object.values(synth.resources('aws_cloudwatch_metric_alarm'));
  // In the order the alarms were added (the synthesized resources are sorted by id).
  const alarmArns = monitoring.alarmDefinitions.map((definition) => alarmArn(`rdsp-dev-${definition.name}`));
  const keyStatements = () => JSON.parse(synth.only('aws_kms_key').policy).Statement as TerraformBlock[];
  const ruleNamed = (name: string) =>
    Object.entries(synth.resources('aws_cloudwatch_event_rule')).find(([, rule]) => rule.name === name)!;

  it('encrypts the topic with its own CMK, which CloudWatch, EventBridge and RDS may use only for this topic', () => {
    const topic = synth.only('aws_sns_topic');
    expect(topic.name).toBe('rdsp-dev-alerts');
    const [keyId] = Object.keys(synth.resources('aws_kms_key'));
    expect(topic.kms_master_key_id).toBe(`\${aws_kms_key.${keyId}.arn}`);
    const services = keyStatements()
      .filter((statement) => statement.Principal.Service)
      .map((statement) => [statement.Principal.Service, statement.Condition]);
    // SNS asks KMS with the topic's ARN as encryption context: https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
    const forThisTopic = {
      'kms:EncryptionContext:aws:sns:topicArn': 'arn:aws:sns:eu-west-1:123456789012:rdsp-dev-alerts',
    };
    expect(services).toEqual([
      ['events.amazonaws.com', { StringEquals: forThisTopic }],
      ['events.rds.amazonaws.com', { StringEquals: forThisTopic }],
      [
        'cloudwatch.amazonaws.com',
        {
          StringEquals: { 'aws:SourceAccount': '123456789012', ...forThisTopic },
          ArnEquals: { 'aws:SourceArn': alarmArns },
        },
      ],
    ]);
  });

  it('ties EventBridge’s use of the key to the topic alone, with no aws:Source* key (unsupported for EventBridge)', () => {
    // "Adding the aws:SourceAccount and aws:SourceArn to a AWS KMS policy is not supported for EventBridge-to-encrypted
    // topics" (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html): such a condition would drop events.
    const eventBridge = keyStatements().find((statement) => statement.Principal.Service === 'events.amazonaws.com')!;
    const keys = Object.values(eventBridge.Condition as Record<string, object>).flatMap((values) =>
      Object.keys(values),
    );
    expect(keys).toEqual(['kms:EncryptionContext:aws:sns:topicArn']);
  });

  it('lets each service publish only from this stack’s own alarms, rules and DB instance, named one by one, never without TLS', () => {
    const statements = JSON.parse(synth.only('aws_sns_topic_policy').policy).Statement as TerraformBlock[];
    const publishers = statements.filter((statement) => statement.Principal.Service);
    const from = (sources: string[]) => ({
      StringEquals: { 'aws:SourceAccount': '123456789012' },
      ArnEquals: { 'aws:SourceArn': sources },
    });
    expect(publishers.map((statement) => [statement.Principal.Service, statement.Condition])).toEqual([
      ['cloudwatch.amazonaws.com', from(alarmArns)],
      ['events.amazonaws.com', from([ROTATION_RULE_ARN])],
      ['events.rds.amazonaws.com', from(['arn:aws:rds:eu-west-1:123456789012:db:rdsp-dev-mysql'])],
    ]);
    expect(statements.find((statement) => statement.Principal === '*')).toMatchObject({
      Effect: 'Deny',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect(statements.filter((statement) => statement.Effect === 'Allow' && statement.Principal === '*')).toEqual([]);
    // A service with nothing to publish from gets no statement.
    const alarmsOnly = JSON.parse(synthMonitoring().synth.only('aws_sns_topic_policy').policy).Statement;
    expect(alarmsOnly.map((statement: TerraformBlock) => statement.Principal.Service).filter(Boolean)).toEqual([
      'cloudwatch.amazonaws.com',
    ]);
  });

  it('admits RDS events from the DB instance ARN, the source RDS names, not the event subscription', () => {
    // AWS's topic policy for RDS events "restricts the topic to DB instances with names that match the specified
    // prefix", with SourceARN "Your RDS resource ARN" (arn:aws:rds:<region>:<account>:db:<prefix>-*):
    // https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.GrantingPermissions.html
    const statements = JSON.parse(synth.only('aws_sns_topic_policy').policy).Statement as TerraformBlock[];
    const rds = statements.find((statement) => statement.Principal.Service === 'events.rds.amazonaws.com')!;
    expect(rds.Condition.ArnEquals['aws:SourceArn']).toEqual(['arn:aws:rds:eu-west-1:123456789012:db:rdsp-dev-mysql']);
    expect(JSON.stringify(rds)).not.toContain(':es:');
  });

  it('subscribes the configured e-mail and HTTPS endpoints', () => {
    const subscriptions = Object.values(synth.resources('aws_sns_topic_subscription'));
    expect(subscriptions.map((s) => [s.protocol, s.endpoint, s.topic_arn])).toEqual([
      ['email', 'oncall@example.com', topicRef],
      ['https', 'https://hooks.example.com/alerts', topicRef],
    ]);
  });

  it('sends every alarm and its recovery to the topic, with the reason in the description', () => {
    expect(alarms).toHaveLength(PROXY_ALARMS.length + 4);
    expect(alarms.map((alarm) => alarmArn(alarm.alarm_name)).sort()).toEqual([...alarmArns].sort());
    for (const alarm of alarms) {
      expect(alarm.alarm_actions).toEqual([topicRef]);
      expect(alarm.ok_actions).toEqual([topicRef]);
      expect(alarm.alarm_name).toMatch(/^rdsp-dev-/);
      expect(alarm.alarm_description).toMatch(/: .+\.$/);
    }
    expect(alarms.find((alarm) => alarm.metric_name === 'ClientConnectionsSetupFailedAuth')).toMatchObject({
      namespace: 'AWS/RDS',
      dimensions: { ProxyName: 'rdsp-dev-proxy' },
      statistic: 'Sum',
      threshold: 5,
      treat_missing_data: 'notBreaching',
    });
  });

  it('watches the alert path itself: failed SNS deliveries, the test alarm, failed rule invocations, dead letters', () => {
    const alerting = alarms
      .filter((alarm) => !PROXY_ALARMS.some((proxy) => alarm.alarm_name === `rdsp-dev-${proxy.name}`))
      .map((alarm) => [alarm.alarm_name, `${alarm.namespace} ${alarm.metric_name}`, alarm.dimensions])
      .sort();
    expect(alerting).toEqual([
      ['rdsp-dev-alert-path-test', 'RdsPlatform/AlertPath SelfTest', { purpose: 'alert-path-test' }],
      [
        'rdsp-dev-alerts-dead-letters',
        'AWS/SQS ApproximateNumberOfMessagesVisible',
        { QueueName: 'rdsp-dev-alerts-dlq' },
      ],
      ['rdsp-dev-alerts-delivery-failed', 'AWS/SNS NumberOfNotificationsFailed', { TopicName: 'rdsp-dev-alerts' }],
      [
        'rdsp-dev-rotation-events-undelivered',
        'AWS/Events FailedInvocations',
        { RuleName: 'rdsp-dev-rotation-failed' },
      ],
    ]);
    expect(monitoring.alertPathTestAlarmName).toBe('rdsp-dev-alert-path-test');
    expect(
      monitoring.alarmDefinitions.filter((definition) => definition.layer === 'alerting').map((d) => d.name),
    ).toEqual(['alerts-delivery-failed', 'alert-path-test', 'alerts-dead-letters', 'rotation-events-undelivered']);
  });

  it('opens the dashboard with an overview row, then lays it out by layer, one alarm widget per alarm', () => {
    const widgets = JSON.parse(synth.only('aws_cloudwatch_dashboard').dashboard_body).widgets as TerraformBlock[];
    expect(widgets.filter((widget) => widget.type === 'text').map((widget) => widget.properties.markdown)).toEqual([
      '## Overview',
      '## RDS Proxy',
      '## Alert delivery (the alarms about the alarms)',
    ]);
    expect(widgets[0]).toMatchObject({ y: 0, properties: { markdown: '## Overview' } });
    const overview = widgets.filter((widget) => widget.y === 1);
    expect(overview.map((widget) => [widget.type, widget.properties.title])).toEqual([
      ['metric', 'Connections (clients to proxy, proxy and others to DB)'],
      ['metric', 'Failovers and retried statements'],
    ]);
    expect(widgets.slice(1, 3)).toEqual(overview);
    const [failoverRuleId] = ruleNamed('rdsp-dev-db-failovers');
    expect(overview[1].properties.metrics[0]).toEqual([
      'AWS/Events',
      'MatchedEvents',
      'RuleName',
      `\${aws_cloudwatch_event_rule.${failoverRuleId}.name}`,
      { stat: 'Sum', label: 'DB failover events' },
    ]);
    const alarmWidgets = widgets.filter((widget) => widget.properties.annotations);
    const alarmRefs = Object.keys(synth.resources('aws_cloudwatch_metric_alarm')).map(
      (id) => `\${aws_cloudwatch_metric_alarm.${id}.arn}`,
    );
    expect(alarmWidgets.map((widget) => widget.properties.annotations.alarms[0]).sort()).toEqual(alarmRefs.sort());
    expect(monitoring.alarmDefinitions.map((definition) => definition.name)).toEqual([
      'alerts-delivery-failed',
      'alert-path-test',
      ...PROXY_ALARMS.map((definition) => definition.name),
      'alerts-dead-letters',
      'rotation-events-undelivered',
    ]);
  });

  it('sends the instance’s availability, failover, failure, maintenance, notification and low-storage events to the topic', () => {
    expect(synth.only('aws_db_event_subscription')).toEqual(
      expect.objectContaining({
        name: 'rdsp-dev-db-events',
        sns_topic: topicRef,
        source_type: 'db-instance',
        source_ids: ['rdsp-dev-mysql'],
        event_categories: ['availability', 'failover', 'failure', 'maintenance', 'notification', 'low storage'],
      }),
    );
  });

  it('counts the instance’s failovers with a rule of its own that sends nowhere (the event subscription pages)', () => {
    const [failoverRuleId, failovers] = ruleNamed('rdsp-dev-db-failovers');
    expect(JSON.parse(failovers.event_pattern)).toEqual({
      source: ['aws.rds'],
      'detail-type': ['RDS DB Instance Event'],
      detail: { SourceIdentifier: ['rdsp-dev-mysql'], EventCategories: ['failover'] },
    });
    const targets = Object.values(synth.resources('aws_cloudwatch_event_target'));
    expect(targets.filter((target) => target.rule.includes(failoverRuleId))).toEqual([]);
  });

  it('sends the app secret’s RotationFailed and RotationAbandoned events to the topic', () => {
    const [ruleId, rule] = ruleNamed('rdsp-dev-rotation-failed');
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ['aws.secretsmanager'],
      'detail-type': ['AWS Service Event via CloudTrail'],
      detail: {
        eventName: ['RotationFailed', 'RotationAbandoned'],
        additionalEventData: { SecretId: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:app'] },
      },
    });
    expect(synth.only('aws_cloudwatch_event_target')).toMatchObject({
      rule: `\${aws_cloudwatch_event_rule.${ruleId}.name}`,
      arn: topicRef,
    });
  });

  it('retries the rotation events, then puts them in an SSE-SQS dead-letter queue only this rule may send to', () => {
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
    const [queueId, queue] = Object.entries(synth.resources('aws_sqs_queue'))[0];
    const queueArn = `\${aws_sqs_queue.${queueId}.arn}`;
    expect(queue).toMatchObject({ name: 'rdsp-dev-alerts-dlq', sqs_managed_sse_enabled: true });
    expect(synth.only('aws_cloudwatch_event_target')).toMatchObject({
      dead_letter_config: { arn: queueArn },
      retry_policy: { maximum_event_age_in_seconds: 86400, maximum_retry_attempts: 185 },
    });
    const queuePolicy = synth.only('aws_sqs_queue_policy');
    expect(queuePolicy.queue_url).toBe(`\${aws_sqs_queue.${queueId}.url}`);
    expect(JSON.parse(queuePolicy.policy).Statement).toEqual([
      {
        Sid: 'ThisStacksRulesSendDeadLetters',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': [ROTATION_RULE_ARN] } },
      },
      {
        Sid: 'DenyWithoutTls',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sqs:*',
        Resource: queueArn,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
  });

  it('names the critical alarms for drill stop conditions and refuses an alarm defined twice', () => {
    // The proxy's critical alarms, in order; none of the alert path's (a drill must not stop on a bounced e-mail).
    const critical = PROXY_ALARMS.filter((definition) => definition.critical).map((definition) => definition.name);
    expect(critical).toContain('proxy-auth-failures');
    expect(monitoring.criticalAlarmArns().map(synth.ref)).toEqual(
      critical.map((name) =>
        expect.stringMatching(
          new RegExp(`^\\$\\{aws_cloudwatch_metric_alarm\\.monitoring_alarm-${name}_\\w+\\.arn\\}$`),
        ),
      ),
    );
    expect(() => synthMonitoring((m) => m.addAlarms(proxyAlarms('again', DEFAULT_ALARM_THRESHOLDS)))).toThrow(
      'The alarm proxy-session-pinning is defined twice.',
    );
  });
});

describe('the alarms of an environment', () => {
  const bundle = fakeBundleDirectory();
  const stack = new EnvironmentStack(new App({ outdir: bundle }), 'dev', {
    config: environments.dev,
    state: stateConfig,
    variant: 'offline',
    lambdaBundles: { apiLambda: bundle, rotationLambda: bundle },
  });
  const definitions = stack.monitoring.alarmDefinitions;

  it('watch every layer: the API, every function, the proxy, the database and the alert path', () => {
    expect([...new Set(definitions.map((definition) => definition.layer))]).toEqual([
      'alerting',
      'api',
      'lambda',
      'proxy',
      'database',
      'rotation',
    ]);
    expect(definitions).toHaveLength(28);
  });

  it('lay the dashboard out on its 24-column grid with no two widgets overlapping, the overview row on top', () => {
    // CloudWatch dashboards place widgets on a grid 24 units wide:
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
    const body = Testing.synth(stack);
    const dashboard = Object.values(JSON.parse(body).resource.aws_cloudwatch_dashboard)[0] as TerraformBlock;
    const widgets = JSON.parse(dashboard.dashboard_body).widgets as TerraformBlock[];
    for (const widget of widgets) expect(widget.x + widget.width).toBeLessThanOrEqual(24);
    const overlaps = widgets.flatMap((a, i) =>
      widgets
        .slice(i + 1)
        .filter((b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height)
        .map((b) => `${a.properties.title ?? a.properties.markdown} / ${b.properties.title ?? b.properties.markdown}`),
    );
    expect(overlaps).toEqual([]);
    expect(widgets.filter((widget) => widget.y === 1).map((widget) => widget.properties.title)).toEqual([
      'Requests',
      'API function',
      'Connections (clients to proxy, proxy and others to DB)',
      'Failovers and retried statements',
    ]);
    expect(Math.min(...widgets.filter((widget) => widget.properties.annotations).map((widget) => widget.y))).toBe(8);
  });

  it('are quoted in the README exactly as generated (regenerate the table from alarmTable)', () => {
    const table = alarmTable(definitions);
    console.log(`Alarms of dev:\n${table}`);
    expect(readFileSync(README, 'utf8')).toContain(table);
  });
});
