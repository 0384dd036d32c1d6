import { defineCases } from '../../testing/cases';
import { addSynthResource, synthResource, type SynthJson } from '../../testing/fixtures';
import { endpointAdmitsOnlyHttpsFromOurGroups } from './endpoint-admits-only-https-from-our-groups';

const ingress = (synth: SynthJson, suffix: string) =>
  synthResource(synth, 'aws_vpc_security_group_ingress_rule', suffix);

export default defineCases({
  rule: endpointAdmitsOnlyHttpsFromOurGroups,
  failing: [
    {
      variant: 'the Lambda rule opened to every port',
      change: (s) => Object.assign(ingress(s, 'endpoint-from-lambda'), { from_port: 0, to_port: 65535 }),
    },
    {
      variant: 'the VPC block admitted instead of the Lambda group',
      change: (s) =>
        Object.assign(ingress(s, 'endpoint-from-lambda'), {
          referenced_security_group_id: undefined,
          cidr_ipv4: '10.20.0.0/16',
        }),
    },
    {
      variant: "the database's group admitted on 443",
      change: (s) =>
        (ingress(s, 'endpoint-from-proxy').referenced_security_group_id =
          '${aws_security_group.security-groups_database_D8550215.id}'),
    },
  ],
  passing: [
    {
      // A second interface endpoint (KMS) that shares the endpoint security group and its rules.
      variant: 'a KMS interface endpoint sharing the endpoint security group',
      change: (s) =>
        addSynthResource(s, 'aws_vpc_endpoint', 'kms', {
          vpc_id: '${aws_vpc.network_vpc_4E8F0223.id}',
          service_name: 'com.amazonaws.ap-northeast-2.kms',
          vpc_endpoint_type: 'Interface',
          private_dns_enabled: true,
          security_group_ids: ['${aws_security_group.security-groups_endpoint_1B4A6264.id}'],
        }),
    },
  ],
});
