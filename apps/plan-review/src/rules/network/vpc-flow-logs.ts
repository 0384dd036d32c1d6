import { label, resourcesReferring } from '../../model/lookup';
import { defineResourceRule } from '../rule';

export const vpcFlowLogs = defineResourceRule({
  id: 'vpc-flow-logs',
  severity: 'medium',
  peers: { checkov: ['CKV2_AWS_11'], trivy: [] },
  title: 'VPCs have flow logs that record all traffic (traffic_type ALL)',
  description:
    'VPC Flow Logs record the IP traffic of every network interface in the VPC (source, destination, port, accepted ' +
    'or rejected), outside the path of the traffic. They are the only record of who tried to reach the database, ' +
    'the proxy or the endpoint, and of what a changed security group let through: without them an investigation ' +
    'has nothing to read. A VPC passes when an `aws_flow_log` names it in `vpc_id` with `traffic_type = "ALL"`: a ' +
    'log of REJECT only drops every accepted connection, which is what an exfiltration or a misused path looks like.',
  remediation:
    'Add an `aws_flow_log` with `vpc_id` set to the VPC, `traffic_type = "ALL"`, delivering to an encrypted log ' +
    'group with a retention.',
  docs: [
    'https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html',
    'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/flow_log',
  ],
  appliesTo: ['aws_vpc'],
  problem: (vpc, model) => {
    const flowLogs = resourcesReferring(model, 'aws_flow_log', 'vpc_id', vpc);
    if (!flowLogs.length) return `${label(vpc)} has no aws_flow_log`;
    // traffic_type is ACCEPT, REJECT or ALL (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html).
    return flowLogs.some((flowLog) => flowLog.values['traffic_type'] === 'ALL')
      ? undefined
      : `${label(vpc)} logs ${flowLogs.map((flowLog) => String(flowLog.values['traffic_type'] ?? 'no traffic_type')).join(', ')} traffic only (traffic_type ALL records accepted and rejected connections)`;
  },
});
