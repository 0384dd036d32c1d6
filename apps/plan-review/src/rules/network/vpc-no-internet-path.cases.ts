import { defineCases } from '../../testing/cases';
import { addSynthResource, type SynthJson } from '../../testing/fixtures';
import { addS3GatewayEndpoint, VPC_ID } from './fixture-edits';
import { vpcNoInternetPath } from './vpc-no-internet-path';

export default defineCases({
  rule: vpcNoInternetPath,
  failing: [
    {
      variant: 'an aws_internet_gateway',
      change: (s) => addSynthResource(s, 'aws_internet_gateway', 'igw', { vpc_id: VPC_ID }),
    },
    ...(
      [
        ['aws_internet_gateway_attachment', { vpc_id: VPC_ID, internet_gateway_id: 'igw-0abc' }],
        ['aws_egress_only_internet_gateway', { vpc_id: VPC_ID }],
        ['aws_nat_gateway', { connectivity_type: 'public', subnet_id: 'subnet-0abc' }],
        ['aws_ec2_carrier_gateway', { vpc_id: VPC_ID }],
      ] as const
    ).map(([type, values]) => ({
      variant: `an ${type}`,
      change: (s: SynthJson) => addSynthResource(s, type, 'gateway', values),
    })),
  ],
  passing: [
    // A gateway endpoint routes to S3 over the AWS network: no way to the internet.
    { variant: 'an S3 gateway endpoint', change: addS3GatewayEndpoint },
  ],
});
