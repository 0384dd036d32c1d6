import { customerManagedKeyProblem, isCustomerManagedKey } from '../../model/kms-keys';
import { label } from '../../model/lookup';
import { readBoolean } from '../../model/values';
import { defineResourceRule } from '../rule';
import { INSTANCE } from './db-resources';

export const rdsPerformanceInsightsWithCmk = defineResourceRule({
  id: 'rds-performance-insights-with-cmk',
  severity: 'high',
  peers: { checkov: ['CKV_AWS_353', 'CKV_AWS_354'], trivy: [] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_353',
      difference:
        'CKV_AWS_353 skips MySQL and MariaDB instances of the classes without Performance Insights (db.t2/db.t3/' +
        'db.t4g micro and small) and also checks `aws_rds_cluster_instance`; ours refuses those classes and leaves the ' +
        'exception to a suppression with its reason (apps/infra gives its db.t4g.micro dev instance one), so that ' +
        'losing Performance Insights with a class change is a reviewed decision; this architecture has no Aurora ' +
        'cluster instances.',
    },
    {
      peer: 'checkov',
      id: 'CKV_AWS_354',
      difference:
        'CKV_AWS_354 accepts any `performance_insights_kms_key_id`, the AWS managed `aws/rds` included, and passes an ' +
        'instance with Performance Insights off; ours refuses the AWS managed key (by alias, ARN or data source) and ' +
        'Performance Insights off.',
    },
  ],
  title: 'Performance Insights is on and encrypted with a CMK',
  description:
    'Performance Insights keeps the database load of the instance, with the text of the top SQL statements, for at ' +
    'least 7 days, encrypted with a KMS key chosen when it is turned on. Without ' +
    '`performance_insights_kms_key_id`, RDS uses the AWS managed key `aws/rds`, which every principal of the account ' +
    'allowed to call RDS and Performance Insights may use; with a customer managed key, only the principals its key ' +
    'policy names can read the statements. The rule also requires Performance Insights on, the view of database ' +
    'load the stack is operated with; on the small classes RDS for MySQL offers it on none, so an instance there ' +
    'needs a suppression with its reason.',
  remediation:
    'Set `performance_insights_enabled = true` and `performance_insights_kms_key_id` to the ARN of the database ' +
    '`aws_kms_key` of the stack.',
  docs: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PerfInsights.access-control.cmk-policy.html',
    'https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#aws-managed-key',
  ],
  appliesTo: INSTANCE,
  problem: (db, model) =>
    readBoolean(db.values['performance_insights_enabled']) !== true
      ? `${label(db)} has performance_insights_enabled off`
      : !isCustomerManagedKey(db.values['performance_insights_kms_key_id'], model)
        ? `${label(db)} encrypts Performance Insights with the AWS-managed key (${customerManagedKeyProblem(db.values['performance_insights_kms_key_id'], 'performance_insights_kms_key_id', model)})`
        : undefined,
});
