import { Monitoring } from './monitoring';
import { DEFAULT_ALARM_THRESHOLDS } from '../config/environment-rules';
import { App } from 'cdktf';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { environments, stateConfig } from '../config';
import { EnvironmentStack } from '../stacks/environment-stack';
import { fakeBundleDirectory } from '../testing/synth-json';
import { alarmTable, proxyAlarms } from './alarm-definitions';
import { synthesize, type TerraformBlock } from '../testing/synth-json';

const README = path.resolve(__dirname, '../../../../README.md');

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

describe('Monitoring', () => {
  const { synth, monitoring } = synthMonitoring(
    (m) => {
      m.subscribeToDatabaseEvents('rdsp-dev-mysql');
      m.notifyRotationFailures('arn:aws:secretsmanager:eu-west-1:123456789012:secret:app');
    },
    ['oncall@example.com'],
  );
  const topicRef = synth.ref(monitoring.topicArn);

  it('encrypts the topic with its own CMK, which only CloudWatch, EventBridge and RDS of this account may use for it', () => {
    const topic = synth.only('aws_sns_topic');
    expect(topic.name).toBe('rdsp-dev-alerts');
    const [keyId] = Object.keys(synth.resources('aws_kms_key'));
    expect(topic.kms_master_key_id).toBe(`\${aws_kms_key.${keyId}.arn}`);
    const services = JSON.parse(synth.only('aws_kms_key').policy)
      .Statement.filter((statement: TerraformBlock) => statement.Principal.Service)
      .map((statement: TerraformBlock) => [statement.Principal.Service, statement.Condition]);
    const thisAccount = { StringEquals: { 'aws:SourceAccount': '123456789012' } };
    expect(services).toEqual([
      ['cloudwatch.amazonaws.com', thisAccount],
      ['events.amazonaws.com', thisAccount],
      ['events.rds.amazonaws.com', thisAccount],
    ]);
  });

  it('lets each service publish only from this stack’s alarms, rules and event subscriptions, never without TLS', () => {
    const statements = JSON.parse(synth.only('aws_sns_topic_policy').policy).Statement as TerraformBlock[];
    const publishers = statements.filter((statement) => statement.Principal.Service);
    expect(publishers.map((statement) => [statement.Principal.Service, statement.Condition])).toEqual([
      [
        'cloudwatch.amazonaws.com',
        {
          StringEquals: { 'aws:SourceAccount': '123456789012' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:rdsp-dev-*' },
        },
      ],
      [
        'events.amazonaws.com',
        {
          StringEquals: { 'aws:SourceAccount': '123456789012' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:events:eu-west-1:123456789012:rule/rdsp-dev-*' },
        },
      ],
      [
        'events.rds.amazonaws.com',
        {
          StringEquals: { 'aws:SourceAccount': '123456789012' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:rds:eu-west-1:123456789012:es:rdsp-dev-*' },
        },
      ],
    ]);
    expect(statements.find((statement) => statement.Principal === '*')).toMatchObject({
      Effect: 'Deny',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect(statements.filter((statement) => statement.Effect === 'Allow' && statement.Principal === '*')).toEqual([]);
  });

  it('subscribes the configured e-mail and HTTPS endpoints', () => {
    const subscriptions = Object.values(synth.resources('aws_sns_topic_subscription'));
    expect(subscriptions.map((s) => [s.protocol, s.endpoint, s.topic_arn])).toEqual([
      ['email', 'oncall@example.com', topicRef],
      ['https', 'https://hooks.example.com/alerts', topicRef],
    ]);
  });

  it('sends every alarm and its recovery to the topic, with the reason in the description', () => {
    const alarms = Object.values(synth.resources('aws_cloudwatch_metric_alarm'));
    expect(alarms).toHaveLength(3);
    for (const alarm of alarms) {
      expect(alarm.alarm_actions).toEqual([topicRef]);
      expect(alarm.ok_actions).toEqual([topicRef]);
      expect(alarm.alarm_name).toMatch(/^rdsp-dev-proxy-/);
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

  it('lays the dashboard out by layer, one alarm widget per alarm, from the same definitions', () => {
    const body = JSON.parse(synth.only('aws_cloudwatch_dashboard').dashboard_body);
    expect(body.widgets[0]).toMatchObject({ type: 'text', properties: { markdown: '## RDS Proxy' } });
    const alarmWidgets = body.widgets.filter((widget: TerraformBlock) => widget.type === 'metric');
    const alarmArns = Object.keys(synth.resources('aws_cloudwatch_metric_alarm')).map(
      (id) => `\${aws_cloudwatch_metric_alarm.${id}.arn}`,
    );
    expect(alarmWidgets.map((widget: TerraformBlock) => widget.properties.annotations.alarms[0]).sort()).toEqual(
      alarmArns.sort(),
    );
    expect(monitoring.alarmDefinitions.map((definition) => definition.name)).toEqual([
      'proxy-session-pinning',
      'proxy-auth-failures',
      'proxy-borrow-latency',
    ]);
  });

  it('sends the instance’s failover, failure, maintenance, notification and low-storage events to the topic', () => {
    expect(synth.only('aws_db_event_subscription')).toEqual(
      expect.objectContaining({
        name: 'rdsp-dev-db-events',
        sns_topic: topicRef,
        source_type: 'db-instance',
        source_ids: ['rdsp-dev-mysql'],
        event_categories: ['failover', 'failure', 'maintenance', 'notification', 'low storage'],
      }),
    );
  });

  it('sends the app secret’s RotationFailed and RotationAbandoned events to the topic', () => {
    const rule = synth.only('aws_cloudwatch_event_rule');
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ['aws.secretsmanager'],
      'detail-type': ['AWS Service Event via CloudTrail'],
      detail: {
        eventName: ['RotationFailed', 'RotationAbandoned'],
        additionalEventData: { SecretId: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:app'] },
      },
    });
    expect(rule.name).toBe('rdsp-dev-rotation-failed');
    expect(synth.only('aws_cloudwatch_event_target').arn).toBe(topicRef);
  });

  it('names the critical alarms for drill stop conditions and refuses an alarm defined twice', () => {
    expect(monitoring.criticalAlarmArns().map(synth.ref)).toEqual([
      expect.stringMatching(/^\$\{aws_cloudwatch_metric_alarm\.monitoring_alarm-proxy-auth-failures_\w+\.arn\}$/),
    ]);
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

  it('watch every layer: the API, every function, the proxy and the database', () => {
    expect([...new Set(definitions.map((definition) => definition.layer))]).toEqual([
      'api',
      'lambda',
      'proxy',
      'database',
      'rotation',
    ]);
    expect(definitions).toHaveLength(22);
  });

  it('are quoted in the README exactly as generated (regenerate the table from alarmTable)', () => {
    const table = alarmTable(definitions);
    console.log(`Alarms of dev:\n${table}`);
    expect(readFileSync(README, 'utf8')).toContain(table);
  });
});
