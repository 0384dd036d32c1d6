import { label, liveResources } from '../../model/lookup';
import { defineRule, finding } from '../rule';

const INTERNET_PATHS = [
  'aws_internet_gateway',
  'aws_egress_only_internet_gateway',
  'aws_nat_gateway',
  'aws_internet_gateway_attachment',
  'aws_ec2_carrier_gateway',
];

export const vpcNoInternetPath = defineRule({
  id: 'vpc-no-internet-path',
  severity: 'critical',
  peers: { checkov: [], trivy: [] },
  title: 'No internet, egress-only, NAT or carrier gateway: the VPC has no way to the internet',
  description:
    'The VPC is isolated on purpose: the Lambdas, the proxy and the database reach AWS services only through ' +
    'interface endpoints, and nothing in it talks to the internet. An internet gateway (or its attachment) gives a ' +
    'VPC a way in and out, an egress-only internet gateway a way out over IPv6, a NAT gateway a way out for private ' +
    'subnets, and a carrier gateway a way to a carrier network. Creating any of them in the stack is the first step ' +
    'of a path to the internet, whatever the route tables say today, so each VPC fails while the stack creates one.',
  remediation:
    'Remove the gateway; reach AWS services through interface (or S3/DynamoDB gateway) endpoints, and anything else ' +
    'through a reviewed change to the architecture.',
  docs: [
    'https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html',
    'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html',
    'https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html',
  ],
  appliesTo: ['aws_vpc', ...INTERNET_PATHS],
  check: (model) => {
    const gateways = liveResources(model, ...INTERNET_PATHS);
    const created = gateways.map((gateway) => `${gateway.type} ${label(gateway)}`);
    const problem = created.length ? `the stack creates ${created.join(', ')}` : undefined;
    return liveResources(model, 'aws_vpc').map((vpc) =>
      finding('vpc-no-internet-path', vpc, problem && `${label(vpc)}: ${problem}`),
    );
  },
});
