import { defineCases } from '../../testing/cases';
import { addSynthResource, synthResource } from '../../testing/fixtures';
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
    {
      variant: 'a log_format of version and action only (no addresses, no ports)',
      change: (s) => (synthResource(s, 'aws_flow_log').log_format = '$${version} $${action}'),
    },
    {
      variant: 'flow logs on only one of the subnets',
      change: (s) => {
        const vpcLog = synthResource(s, 'aws_flow_log');
        delete s.resource.aws_flow_log;
        const [name] = Object.keys(s.resource.aws_subnet);
        addSynthResource(s, 'aws_flow_log', 'flow-log-one', {
          ...vpcLog,
          vpc_id: undefined,
          subnet_id: `\${aws_subnet.${name}.id}`,
        });
      },
    },
  ],
  passing: [
    {
      variant: 'a custom log_format that keeps every field of the default and adds some',
      change: (s) =>
        (synthResource(s, 'aws_flow_log').log_format =
          '$${version} $${interface-id} $${srcaddr} $${dstaddr} $${srcport} $${dstport} $${protocol} $${start} $${end} $${action} $${vpc-id} $${flow-direction}'),
    },
    {
      variant: 'flow logs on every subnet of the VPC instead of on the VPC',
      change: (s) => {
        const vpcLog = synthResource(s, 'aws_flow_log');
        delete s.resource.aws_flow_log;
        for (const [name, subnet] of Object.entries<Record<string, unknown>>(s.resource.aws_subnet)) {
          void subnet;
          addSynthResource(s, 'aws_flow_log', `flow-log-${name}`, {
            ...vpcLog,
            vpc_id: undefined,
            subnet_id: `\${aws_subnet.${name}.id}`,
          });
        }
      },
    },
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
