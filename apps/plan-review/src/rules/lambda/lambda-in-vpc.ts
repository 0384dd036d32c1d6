import { label } from '../../model/lookup';
import { isSet, valueAt } from '../../model/values';
import { defineResourceRule } from '../rule';
import { FUNCTION } from './functions';

export const lambdaInVpc = defineResourceRule({
  id: 'lambda-in-vpc',
  severity: 'high',
  peers: { checkov: ['CKV_AWS_117'], trivy: [] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_117',
      difference:
        'checkov accepts any `vpc_config` block, even one with empty subnet_ids or security_group_ids (which detaches ' +
        'the function from its VPC); we refuse it, since Lambda connects a function to a VPC only with at least one ' +
        'subnet and one security group.',
    },
  ],
  title: 'Lambda functions run inside the VPC',
  description:
    'The functions reach RDS Proxy and the Secrets Manager interface endpoint over private addresses, through ' +
    'security groups that name each other. Lambda connects a function to a VPC only when its `vpc_config` names at ' +
    'least one subnet and one security group: it then places network interfaces in those subnets, and the function ' +
    'reaches resources, and the internet, only through that VPC. Without them the function runs in a Lambda-managed ' +
    'network with internet access, outside the isolated subnets, the flow logs and the security groups that guard ' +
    'the proxy.',
  remediation:
    "Give the function a `vpc_config` with the stack's private application subnets and the function's own security " +
    'group.',
  docs: [
    'https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html',
    'https://docs.aws.amazon.com/lambda/latest/api/API_VpcConfig.html',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function#vpc_config',
  ],
  appliesTo: FUNCTION,
  problem: (fn) =>
    isSet(valueAt(fn.values, 'vpc_config.subnet_ids')) && isSet(valueAt(fn.values, 'vpc_config.security_group_ids'))
      ? undefined
      : `${label(fn)} is not in a VPC (vpc_config subnet_ids/security_group_ids)`,
});
