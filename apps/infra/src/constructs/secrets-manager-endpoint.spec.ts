import { SecretsManagerEndpoint } from './secrets-manager-endpoint';
import { Network } from './network';
import { synthesize } from '../testing/synth-json';

describe('SecretsManagerEndpoint', () => {
  it('is an interface endpoint for the region’s Secrets Manager with private DNS, in the endpoint subnets and SG', () => {
    let refs: { subnets: string[]; group: string } = { subnets: [], group: '' };
    const synth = synthesize(
      (scope) => {
        const network = new Network(scope, 'network', {
          vpcCidr: '10.10.0.0/16',
          azNames: ['ap-northeast-2a', 'ap-northeast-2c'],
        });
        const endpoint = new SecretsManagerEndpoint(scope, 'endpoint', { network });
        refs = { subnets: network.endpointSubnetIds, group: endpoint.connections.securityGroupId };
      },
      { region: 'ap-northeast-2' },
    );
    expect(synth.only('aws_vpc_endpoint')).toMatchObject({
      service_name: 'com.amazonaws.ap-northeast-2.secretsmanager',
      vpc_endpoint_type: 'Interface',
      private_dns_enabled: true,
      subnet_ids: refs.subnets.map(synth.ref),
      security_group_ids: [synth.ref(refs.group)],
      tags: { Name: 'rdsp-dev-secretsmanager' },
    });
    expect(synth.only('aws_vpc_endpoint').subnet_ids[0]).toMatch(
      /^\$\{aws_subnet\.network_endpoints-subnet-ap-northeast-2a_\w+\.id\}$/,
    );
    expect(synth.only('aws_security_group')).toMatchObject({ name: 'rdsp-dev-endpoint' });
  });

  it('has an endpoint policy: this account only, only the secrets allowed, and nothing before any is', () => {
    const statementsWith = (arns: string[]) => {
      const synth = synthesize((scope) => {
        const network = new Network(scope, 'network', {
          vpcCidr: '10.10.0.0/16',
          azNames: ['eu-west-1a', 'eu-west-1b'],
        });
        const endpoint = new SecretsManagerEndpoint(scope, 'endpoint', { network });
        endpoint.allowSecrets(...arns.map((secretArn) => ({ secretArn })));
      });
      return JSON.parse(synth.only('aws_vpc_endpoint_policy').policy).Statement;
    };
    const [secrets, passwords] = statementsWith(['arn:aws:secretsmanager:eu-west-1:123456789012:secret:app']);
    expect(secrets).toEqual({
      Sid: 'ThisStacksSecretsOnly',
      Effect: 'Allow',
      Principal: '*',
      Action: [
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
        'secretsmanager:UpdateSecretVersionStage',
      ],
      Resource: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:app'],
      Condition: { StringEquals: { 'aws:PrincipalAccount': '123456789012' } },
    });
    expect(passwords).toMatchObject({ Action: ['secretsmanager:GetRandomPassword'], Resource: '*' });
    expect(statementsWith([])[0].Resource).toEqual(['arn:aws:secretsmanager:::secret:none']);
  });
});
