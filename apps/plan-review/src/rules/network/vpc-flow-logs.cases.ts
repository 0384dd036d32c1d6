import { defineCases } from '../../testing/cases';
import { synthResource } from '../../testing/fixtures';
import { vpcFlowLogs } from './vpc-flow-logs';

export default defineCases({
  rule: vpcFlowLogs,
  failing: [
    { variant: 'the flow log removed', change: (s) => delete s.resource.aws_flow_log },
    {
      variant: 'traffic_type = REJECT (accepted connections no longer logged)',
      change: (s) => (synthResource(s, 'aws_flow_log').traffic_type = 'REJECT'),
    },
    { variant: 'traffic_type = ACCEPT', change: (s) => (synthResource(s, 'aws_flow_log').traffic_type = 'ACCEPT') },
  ],
  passing: [
    {
      variant: 'the flow log delivered to an S3 bucket instead of CloudWatch Logs',
      change: (s) => {
        const flowLog = synthResource(s, 'aws_flow_log');
        delete flowLog.iam_role_arn;
        Object.assign(flowLog, { log_destination_type: 's3', log_destination: 'arn:aws:s3:::rdsp-dev-flow-logs' });
      },
    },
  ],
});
