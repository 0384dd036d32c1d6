import { review } from '../../review';
import {
  addSynthResource,
  FIXTURE_BOUNDS_CONFIG,
  fixtureSynth,
  synthModel,
  synthResource,
  type SynthJson,
} from '../../testing/fixtures';
import { allRules } from '../index';

/**
 * Ways around the guard invariants an independent review found, each a hostile change that must fail, and
 * legitimate alarms that must pass. The fixture's alarms are the starting point.
 */
function failing(ruleId: string, change: (synth: SynthJson) => void): string[] {
  const synth = fixtureSynth();
  change(synth);
  const rules = allRules.filter((rule) => rule.id === ruleId);
  const result = review(synthModel(synth), { rules, config: FIXTURE_BOUNDS_CONFIG }).results[0];
  return result.findings.filter((found) => !found.passed).map((found) => found.message);
}
const alarm = (s: SynthJson, suffix: string) => synthResource(s, 'aws_cloudwatch_metric_alarm', suffix);

describe('alarm-threshold-in-configured-band', () => {
  it.each([
    ['a Maximum instead of a Sum', { statistic: 'Maximum', threshold: 1e12 }],
    ['a percentile', { statistic: undefined, extended_statistic: 'p100', threshold: 1e12 }],
  ])('holds a count metric to the band whatever the statistic: %s', (_, values) => {
    expect(failing('alarm-threshold-in-configured-band', (s) => Object.assign(alarm(s, 'api-errors'), values))).toEqual(
      [expect.stringContaining('past the 100,000 the reviewed bounds allow')],
    );
  });

  it('reads metric math: the threshold band and the window of its metrics', () => {
    const mathAlarm = (period: number, threshold: number) => (s: SynthJson) => {
      const errors = alarm(s, 'api-errors');
      const metric = {
        namespace: errors.namespace,
        metric_name: errors.metric_name,
        period,
        stat: 'Sum',
        dimensions: errors.dimensions,
      };
      for (const key of ['namespace', 'metric_name', 'period', 'statistic', 'dimensions']) delete errors[key];
      Object.assign(errors, {
        threshold,
        evaluation_periods: 7,
        metric_query: [{ id: 'm1', return_data: true, metric }],
      });
    };
    expect(failing('alarm-threshold-in-configured-band', mathAlarm(300, 1e12))).toEqual([
      expect.stringContaining('past the 100,000'),
    ]);
    expect(failing('alarm-threshold-in-configured-band', mathAlarm(86_400, 1))).toEqual([
      expect.stringContaining('needs 10080 minutes'),
    ]);
  });

  it('refuses a period it cannot read instead of passing it', () => {
    expect(failing('alarm-threshold-in-configured-band', (s) => (alarm(s, 'api-errors').period = '${var.p}'))).toEqual([
      expect.stringContaining('cannot read'),
    ]);
  });

  // The soonest an alarm fires is datapoints_to_alarm periods in breach, not every evaluation period.
  it.each([
    ['3 of 15 five-minute periods', { period: 300, evaluation_periods: 15, datapoints_to_alarm: 3 }],
    [
      'a Sum of Duration as a cost guard',
      { metric_name: 'Duration', namespace: 'AWS/Lambda', statistic: 'Sum', threshold: 2_000_000 },
    ],
  ])('lets a legitimate alarm through: %s', (_, values) => {
    expect(failing('alarm-threshold-in-configured-band', (s) => Object.assign(alarm(s, 'api-errors'), values))).toEqual(
      [],
    );
  });
});

describe('alarm-watches-a-published-metric', () => {
  it('refuses an AWS namespace spelled in the wrong case (namespaces are case-sensitive)', () => {
    expect(
      failing('alarm-watches-a-published-metric', (s) => (alarm(s, 'api-errors').namespace = 'aws/lambda')),
    ).toEqual([expect.stringContaining('namespaces are case-sensitive')]);
  });

  it('applies AWS bounds to values, not to sums: a Sum of Duration may exceed 900 s', () => {
    const sum = (s: SynthJson) =>
      Object.assign(alarm(s, 'api-errors'), { metric_name: 'Duration', statistic: 'Sum', threshold: 2_000_000 });
    const maximum = (s: SynthJson) =>
      Object.assign(alarm(s, 'api-errors'), { metric_name: 'Duration', statistic: 'Maximum', threshold: 2_000_000 });
    expect(failing('alarm-watches-a-published-metric', sum)).toEqual([]);
    expect(failing('alarm-watches-a-published-metric', maximum)).toEqual([
      expect.stringContaining('AWS bounds it at 900000'),
    ]);
  });

  it('knows DBLoadCPU is a number of sessions, not a percentage', () => {
    const load = (s: SynthJson) => Object.assign(alarm(s, 'db-cpu'), { metric_name: 'DBLoadCPU', threshold: 150 });
    expect(failing('alarm-watches-a-published-metric', load)).toEqual([]);
    expect(failing('alarm-can-fire', load)).toEqual([]);
  });
});

const TOPIC = '${aws_sns_topic.monitoring_topic_631C3BE1.arn}';
function withAlertPath(s: SynthJson, subscription: Record<string, unknown> = {}): void {
  addSynthResource(s, 'aws_sns_topic_subscription', 'email-0', {
    topic_arn: TOPIC,
    protocol: 'email',
    endpoint: 'oncall@acme.test',
    ...subscription,
  });
  addSynthResource(s, 'aws_cloudwatch_event_rule', 'rotation-failed', {
    name: 'rotation-failed',
    event_pattern: JSON.stringify({
      source: ['aws.secretsmanager'],
      'detail-type': ['AWS Service Event via CloudTrail'],
      detail: { eventName: ['RotationFailed'] },
    }),
  });
  addSynthResource(s, 'aws_sqs_queue', 'dead-letters', { name: 'dead-letters' });
  addSynthResource(s, 'aws_cloudwatch_event_target', 'rotation-failed-target', {
    rule: '${aws_cloudwatch_event_rule.rotation-failed.name}',
    arn: TOPIC,
    dead_letter_config: { arn: '${aws_sqs_queue.dead-letters.arn}' },
  });
}
const prodFailing = (ruleId: string, change: (synth: SynthJson) => void) => {
  const synth = fixtureSynth();
  change(synth);
  const result = review(synthModel(synth, 'prod'), { rules: allRules.filter((rule) => rule.id === ruleId) }).results[0];
  return result.findings.filter((found) => !found.passed).map((found) => found.message);
};

describe('alerts-reach-a-subscriber', () => {
  it('counts an e-mail subscription', () => {
    expect(prodFailing('alerts-reach-a-subscriber', (s) => withAlertPath(s))).toEqual([]);
  });

  it.each([
    ['a count of 0', { count: 0 }],
    ['a for_each that may be empty', { for_each: '${toset([])}' }],
    ['a filter policy that drops every alert', { filter_policy: '{"never":["x"]}' }],
    ['the stack’s own dead-letter queue', { protocol: 'sqs', endpoint: '${aws_sqs_queue.dead-letters.arn}' }],
    ['a protocol SNS does not have', { protocol: 'carrier-pigeon' }],
  ])('does not count a subscription with %s', (_, subscription) => {
    expect(prodFailing('alerts-reach-a-subscriber', (s) => withAlertPath(s, subscription))).toEqual([
      expect.stringContaining('has no subscription in the stack'),
    ]);
  });
});

describe('event-rule-delivers-or-is-counted', () => {
  it('does not count a target that is a dead-letter queue, nor a dashboard that only names the rule in text', () => {
    const change = (s: SynthJson) => {
      withAlertPath(s);
      synthResource(s, 'aws_cloudwatch_event_target', 'rotation-failed-target').arn =
        '${aws_sqs_queue.dead-letters.arn}';
      addSynthResource(s, 'aws_cloudwatch_dashboard', 'overview', {
        dashboard_body: JSON.stringify({
          widgets: [{ type: 'text', properties: { markdown: '${aws_cloudwatch_event_rule.rotation-failed.name}' } }],
        }),
      });
    };
    expect(failing('event-rule-delivers-or-is-counted', change)).toEqual([expect.stringContaining('goes nowhere')]);
  });
});

describe('event-pattern-names-real-events', () => {
  const pattern =
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (edit: (p: Record<string, any>) => void, rule: Record<string, unknown> = {}) =>
      (s: SynthJson) => {
        withAlertPath(s);
        const resource = synthResource(s, 'aws_cloudwatch_event_rule', 'rotation-failed');
        const parsed = JSON.parse(resource.event_pattern);
        edit(parsed);
        Object.assign(resource, { event_pattern: JSON.stringify(parsed), ...rule });
      };
  it.each([
    [
      'a prefix filter',
      pattern((p) => (p.detail.eventName = [{ prefix: 'Nope' }])),
      'filters detail.eventName by content',
    ],
    ['anything-but', pattern((p) => (p.detail.eventName = [{ 'anything-but': ['RotationFailed'] }])), 'by content'],
    ['a miscased source', pattern((p) => (p.source = ['aws.SecretsManager'])), 'AWS sources are lowercase'],
    [
      'the API-call detail-type',
      pattern((p) => (p['detail-type'] = ['AWS API Call via CloudTrail'])),
      'come as "AWS Service Event via CloudTrail"',
    ],
    ['a custom bus', pattern(() => undefined, { event_bus_name: 'elsewhere' }), 'arrive on the default bus only'],
    [
      'a field name in the wrong case',
      pattern((p) => {
        p.detail.eventname = p.detail.eventName;
        delete p.detail.eventName;
      }),
      'but the field is eventName',
    ],
  ])('fails %s', (_, change, message) => {
    expect(failing('event-pattern-names-real-events', change)).toEqual([expect.stringContaining(message)]);
  });

  it('fails an instance failover rule under the cluster detail-type', () => {
    const change = (s: SynthJson) =>
      addSynthResource(s, 'aws_cloudwatch_event_rule', 'failovers', {
        event_pattern: JSON.stringify({
          source: ['aws.rds'],
          'detail-type': ['RDS DB Cluster Event'],
          detail: {
            SourceIdentifier: ['${aws_db_instance.database_instance_D7FC2283.identifier}'],
            EventCategories: ['failover'],
          },
        }),
      });
    expect(failing('event-pattern-names-real-events', change)).toEqual([
      expect.stringContaining('"RDS DB Instance Event"'),
    ]);
  });

  it('passes the rotation failure rule as the stack writes it', () => {
    expect(
      failing(
        'event-pattern-names-real-events',
        pattern(() => undefined),
      ),
    ).toEqual([]);
  });
});

describe('db-events-include-failures', () => {
  const subscription = (values: Record<string, unknown>) => (s: SynthJson) =>
    addSynthResource(s, 'aws_db_event_subscription', 'db-events', { sns_topic: TOPIC, ...values });

  it('passes a db-instance subscription with the failure categories (or all of them)', () => {
    const categories = ['availability', 'failover', 'failure', 'low storage'];
    expect(
      failing('db-events-include-failures', subscription({ source_type: 'db-instance', event_categories: categories })),
    ).toEqual([]);
    expect(failing('db-events-include-failures', subscription({ source_type: 'db-instance' }))).toEqual([]);
  });

  it.each([
    [
      'moved to parameter group events',
      { source_type: 'db-parameter-group', source_ids: ['${aws_db_parameter_group.x.name}'] },
      'is in no RDS event subscription',
    ],
    [
      'maintenance only',
      { source_type: 'db-instance', event_categories: ['maintenance'] },
      'leaves out availability, failover, failure, low storage',
    ],
  ])('fails a subscription %s', (_, values, message) => {
    expect(failing('db-events-include-failures', subscription(values))).toEqual([expect.stringContaining(message)]);
  });
});

describe('fis-experiment-stops-on-alarms', () => {
  it('does not count a stop alarm on the app’s own metrics (it says nothing of the harm done)', () => {
    const change = (s: SynthJson) => {
      Object.assign(alarm(s, 'db-cpu'), { namespace: 'RdsPlatform/AlertPath', metric_name: 'SelfTest' });
      addSynthResource(s, 'aws_fis_experiment_template', 'drill', {
        stop_condition: [
          {
            source: 'aws:cloudwatch:alarm',
            value: '${aws_cloudwatch_metric_alarm.monitoring_alarm-db-cpu_A9709D6C.arn}',
          },
        ],
      });
    };
    expect(failing('fis-experiment-stops-on-alarms', change)).toEqual([
      expect.stringContaining('no alarm on an AWS metric'),
    ]);
  });
});

describe('alarm-watches-a-published-metric, by the kind of resource', () => {
  it.each([
    [
      'a REST API metric on an HTTP API',
      'api-5xx',
      { metric_name: '5XXError', dimensions: { ApiId: 'abc', Stage: 'dev' } },
    ],
    [
      'a proxy metric on a DB instance',
      'db-cpu',
      { metric_name: 'DatabaseConnectionsBorrowLatency', dimensions: { DBInstanceIdentifier: 'db' } },
    ],
  ])('fails %s', (_, suffix, values) => {
    expect(failing('alarm-watches-a-published-metric', (s) => Object.assign(alarm(s, suffix), values))).toEqual([
      expect.stringContaining('does not publish'),
    ]);
  });

  it('passes DatabaseConnections of an instance and of a proxy', () => {
    for (const dimensions of [{ DBInstanceIdentifier: 'db' }, { ProxyName: 'proxy' }]) {
      const change = (s: SynthJson) =>
        Object.assign(alarm(s, 'db-cpu'), { metric_name: 'DatabaseConnections', dimensions });
      expect(failing('alarm-watches-a-published-metric', change)).toEqual([]);
    }
  });
});

describe('alerts-reach-a-subscriber, across Regions', () => {
  it('fails an alert topic moved to another Region’s provider', () => {
    const change = (s: SynthJson) => {
      withAlertPath(s);
      const providers = s.provider.aws as Record<string, unknown>[];
      providers.push({ alias: 'useast1', region: 'us-east-1' });
      synthResource(s, 'aws_sns_topic', '').provider = 'aws.useast1';
    };
    expect(prodFailing('alerts-reach-a-subscriber', change)).toEqual([expect.stringContaining('is in us-east-1')]);
  });
});

describe('alarm-threshold-in-configured-band, metric math that no metric moves', () => {
  const math = (expression: string) => (s: SynthJson) => {
    const errors = alarm(s, 'api-errors');
    const metric = {
      namespace: errors.namespace,
      metric_name: errors.metric_name,
      period: 300,
      stat: 'Sum',
      dimensions: errors.dimensions,
    };
    for (const key of ['namespace', 'metric_name', 'period', 'statistic', 'dimensions']) delete errors[key];
    Object.assign(errors, {
      metric_query: [
        { id: 'm1', metric },
        { id: 'e1', expression, return_data: true },
      ],
    });
  };
  it.each(['m1*0', '0 * m1', '5', 'm1*0.0', '0.00 * m1'])('fails "%s"', (expression) => {
    expect(failing('alarm-threshold-in-configured-band', math(expression))).toEqual([
      expect.stringContaining('no metric moves'),
    ]);
  });
  it.each(['m1*10', 'm1 + 0.5', 'FILL(m1, 0)', 'm1*0.5', 'm1*0.05'])('passes "%s"', (expression) => {
    expect(failing('alarm-threshold-in-configured-band', math(expression))).toEqual([]);
  });
});
