import { SecretsManagerEndpoint } from './secrets-manager-endpoint';
import { synthesize } from '../testing/synth-json';

describe('SecretsManagerEndpoint', () => {
  it('is an interface endpoint for the region’s Secrets Manager with private DNS, in the endpoint subnets and SG', () => {
    const synth = synthesize(
      (scope) =>
        new SecretsManagerEndpoint(scope, 'endpoint', {
          namePrefix: 'rdsp-test',
          region: 'ap-northeast-2',
          vpcId: 'vpc-1',
          subnetIds: ['subnet-endpoints-a', 'subnet-endpoints-c'],
          securityGroupId: 'sg-endpoint',
        }),
    );
    expect(synth.only('aws_vpc_endpoint')).toMatchObject({
      service_name: 'com.amazonaws.ap-northeast-2.secretsmanager',
      vpc_endpoint_type: 'Interface',
      private_dns_enabled: true,
      subnet_ids: ['subnet-endpoints-a', 'subnet-endpoints-c'],
      security_group_ids: ['sg-endpoint'],
    });
  });
});
