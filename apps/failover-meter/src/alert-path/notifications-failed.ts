import { GetMetricDataCommand, type CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { Topic } from './alert-path-outputs';
import { cannotRunReason, describeAwsError } from './aws-problems';

/** Deliveries SNS gave up on in the last hour, for the report; informative only, never the verdict. */
export type NotificationsFailed =
  { readonly available: true; readonly count: number } | { readonly available: false; readonly problem: string };

const HOUR_MS = 3600_000;

/**
 * The sum of AWS/SNS NumberOfNotificationsFailed for the topic over the last hour, minute by minute (so the hour is
 * not cut into two misaligned hourly periods). https://docs.aws.amazon.com/sns/latest/dg/sns-monitoring-using-cloudwatch.html
 */
export async function notificationsFailedLastHour(
  cloudwatch: CloudWatchClient,
  topic: Topic,
  now: number,
): Promise<NotificationsFailed> {
  try {
    const answer = await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(now - HOUR_MS),
        EndTime: new Date(now),
        MetricDataQueries: [
          {
            Id: 'failed',
            MetricStat: {
              Metric: {
                Namespace: 'AWS/SNS',
                MetricName: 'NumberOfNotificationsFailed',
                Dimensions: [{ Name: 'TopicName', Value: topic.name }],
              },
              Period: 60,
              Stat: 'Sum',
            },
            ReturnData: true,
          },
        ],
      }),
    );
    const values = answer.MetricDataResults?.find((result) => result.Id === 'failed')?.Values ?? [];
    return { available: true, count: values.reduce((sum, value) => sum + value, 0) };
  } catch (error) {
    // A report line, not a reason to stop: the delivery paths above are the check.
    const problem = cannotRunReason(error, 'cloudwatch:GetMetricData', topic.region) ?? describeAwsError(error);
    return { available: false, problem };
  }
}
