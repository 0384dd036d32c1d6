import { defineCases } from '../../testing/cases';
import { addSynthData } from '../../testing/fixtures';
import { db, OUR_ACCOUNT } from './fixture-edits';
import { rdsPerformanceInsightsWithCmk } from './rds-performance-insights-with-cmk';

export default defineCases({
  rule: rdsPerformanceInsightsWithCmk,
  failing: [
    {
      variant: 'performance_insights_kms_key_id removed (the AWS-managed key)',
      change: (s) => delete db(s).performance_insights_kms_key_id,
    },
    {
      variant: 'performance_insights_kms_key_id = alias/aws/rds',
      change: (s) => (db(s).performance_insights_kms_key_id = 'alias/aws/rds'),
    },
    {
      variant: 'Performance Insights with the AWS-managed key through data "aws_kms_key" of a data "aws_kms_alias"',
      change: (s) => {
        addSynthData(s, 'aws_kms_alias', 'rds', { name: 'alias/aws/rds' });
        addSynthData(s, 'aws_kms_key', 'rds', { key_id: '${data.aws_kms_alias.rds.target_key_id}' });
        Object.assign(db(s), {
          performance_insights_enabled: true,
          performance_insights_kms_key_id: '${data.aws_kms_key.rds.arn}',
        });
      },
    },
    { variant: 'performance_insights_enabled = false', change: (s) => (db(s).performance_insights_enabled = false) },
  ],
  passing: [
    {
      variant: 'a customer-managed key given by its ARN',
      change: (s) =>
        (db(s).performance_insights_kms_key_id =
          `arn:aws:kms:ap-northeast-2:${OUR_ACCOUNT}:key/0a1b2c3d-1111-2222-3333-444455556666`),
    },
  ],
});
