import { label, liveResources, referencedResources, resourcesReferring } from '../../model/lookup';
import type { ReviewModel } from '../../model/types';
import { asList, blocksAt, isObject } from '../../model/values';
import { defineRule, finding } from '../rule';

export const eventRuleDeliversOrIsCounted = defineRule({
  id: 'event-rule-delivers-or-is-counted',
  severity: 'medium',
  peers: { checkov: [], trivy: [] },
  title: 'Every event rule has a target, or is a count-only rule shown on a dashboard',
  description:
    'An EventBridge rule sends the events it matches to its targets; a rule without one still counts them as ' +
    '`MatchedEvents` in `AWS/Events`, and nothing else happens. A rule that feeds the alerts (a failed rotation) ' +
    'must therefore have a target, or be a deliberate count-only rule whose `MatchedEvents` a dashboard graphs. A ' +
    "target that is a dead-letter queue of the stack's own targets delivers to nobody who reads it, and a dashboard " +
    'that names the rule only in text shows no count.',
  remediation:
    "Add an `aws_cloudwatch_event_target` (the alerts topic) for the rule, or graph the rule's `AWS/Events` " +
    '`MatchedEvents` on a dashboard if it is meant to count only.',
  docs: [
    'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rules.html',
    'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html',
    'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-targets.html',
  ],
  appliesTo: ['aws_cloudwatch_event_rule', 'aws_cloudwatch_event_target'],
  check(model) {
    // A rule sends what it matches to its targets; without one it only counts MatchedEvents
    // (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rules.html, eb-monitoring.html).
    const counted = countedRuleReferences(model);
    // A target that is itself a dead-letter queue of the stack delivers nothing anyone reads.
    const deadLetterQueues = new Set(
      liveResources(model, 'aws_cloudwatch_event_target').flatMap((target) =>
        blocksAt(target.values, 'dead_letter_config').flatMap((config) =>
          referencedResources(model, config['arn'], 'aws_sqs_queue').map((queue) => queue.address),
        ),
      ),
    );
    return liveResources(model, 'aws_cloudwatch_event_rule').map((rule) => {
      const targets = resourcesReferring(model, 'aws_cloudwatch_event_target', 'rule', rule).filter(
        (target) =>
          !referencedResources(model, target.values['arn'], 'aws_sqs_queue').some((queue) =>
            deadLetterQueues.has(queue.address),
          ),
      );
      return finding(
        'event-rule-delivers-or-is-counted',
        rule,
        targets.length > 0 || counted.some((reference) => reference.includes(`aws_cloudwatch_event_rule.${rule.name}.`))
          ? undefined
          : `${label(rule)} has no target but a dead-letter queue, and no dashboard graphs its MatchedEvents: what it matches goes nowhere`,
      );
    });
  },
});

/**
 * The event rule references a dashboard graphs as MatchedEvents (the metric a rule without targets still has:
 * eb-monitoring.html), read from the dashboards' metric widgets, not from their text.
 */
function countedRuleReferences(model: ReviewModel): string[] {
  return liveResources(model, 'aws_cloudwatch_dashboard').flatMap((dashboard) => {
    let body: unknown;
    try {
      body = JSON.parse(String(dashboard.values['dashboard_body'] ?? ''));
    } catch {
      return [];
    }
    const widgets = isObject(body) ? asList(body['widgets']) : [];
    return widgets.flatMap((widget) => {
      const metrics = isObject(widget) && isObject(widget['properties']) ? asList(widget['properties']['metrics']) : [];
      return metrics
        .filter((metric): metric is unknown[] => Array.isArray(metric))
        .filter((metric) => metric[0] === 'AWS/Events' && metric[1] === 'MatchedEvents')
        .map((metric) => metric.map(String).join(' '));
    });
  });
}
