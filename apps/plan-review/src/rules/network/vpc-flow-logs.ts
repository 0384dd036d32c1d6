import { label, resourcesReferring } from '../../model/lookup';
import type { Resource } from '../../model/types';
import { defineResourceRule } from '../rule';

export const vpcFlowLogs = defineResourceRule({
  id: 'vpc-flow-logs',
  severity: 'medium',
  peers: { checkov: ['CKV2_AWS_11'], trivy: [] },
  title: 'VPCs have flow logs that record all traffic (traffic_type ALL) with addresses, ports and verdicts',
  description:
    'VPC Flow Logs record the IP traffic of every network interface in the VPC (source, destination, port, accepted ' +
    'or rejected), outside the path of the traffic. They are the only record of who tried to reach the database, ' +
    'the proxy or the endpoint, and of what a changed security group let through: without them an investigation ' +
    'has nothing to read. A VPC passes when an `aws_flow_log` on it (or one on each of its subnets) has `traffic_type = ' +
    '"ALL"` and a record format that keeps source and destination addresses and ports, protocol, interface, time and ' +
    'verdict (the default format does): a log of REJECT only drops every accepted connection, which is what an ' +
    'exfiltration or a misused path looks like, and a format without addresses says nothing of who.',
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
    const atVpc = resourcesReferring(model, 'aws_flow_log', 'vpc_id', vpc);
    if (atVpc.some(recordsEverything)) return undefined;
    // Flow logs on every subnet of the VPC cover it too (a flow log may name a VPC, a subnet or an interface).
    const subnets = resourcesReferring(model, 'aws_subnet', 'vpc_id', vpc);
    const uncovered = subnets.filter(
      (subnet) => !resourcesReferring(model, 'aws_flow_log', 'subnet_id', subnet).some(recordsEverything),
    );
    if (subnets.length && !uncovered.length) return undefined;
    if (!atVpc.length && subnets.length === uncovered.length) return `${label(vpc)} has no aws_flow_log`;
    const partial = atVpc.length
      ? atVpc
      : subnets.flatMap((subnet) => resourcesReferring(model, 'aws_flow_log', 'subnet_id', subnet));
    return `${label(vpc)} has no flow log that records everything: ${partial.map(shortfall).join('; ')}${
      uncovered.length && !atVpc.length ? ` (and ${uncovered.length} of its ${subnets.length} subnets have none)` : ''
    }`;
  },
});

/**
 * The fields a flow log record must keep to say who talked to whom and whether it was let through: the default
 * format has them all ("${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport}
 * ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}",
 * https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html); a custom `log_format` must too.
 */
const REQUIRED_FIELDS = ['srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'action', 'start', 'interface-id'];

function missingFields(flowLog: Resource): string[] {
  const format = flowLog.values['log_format'];
  if (format === undefined || format === null || format === '') return [];
  if (typeof format !== 'string') return ['(a log_format the review cannot read)'];
  return REQUIRED_FIELDS.filter((field) => !format.includes(`\${${field}}`));
}

/** traffic_type is ACCEPT, REJECT or ALL (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html). */
function recordsEverything(flowLog: Resource): boolean {
  return flowLog.values['traffic_type'] === 'ALL' && missingFields(flowLog).length === 0;
}

function shortfall(flowLog: Resource): string {
  const traffic = flowLog.values['traffic_type'];
  const problems = [
    traffic === 'ALL' ? undefined : `${String(traffic ?? 'no traffic_type')} traffic only`,
    missingFields(flowLog).length ? `a log_format without ${missingFields(flowLog).join(', ')}` : undefined,
  ].filter(Boolean);
  return `${label(flowLog)} logs ${problems.join(' and ')}`;
}
