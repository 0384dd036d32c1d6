import { defineCases } from '../../testing/cases';
import { synthResource, type SynthJson } from '../../testing/fixtures';
import { databaseAdmitsOnlyProxyAndRotation } from './database-admits-only-proxy-and-rotation';

const ingress = (synth: SynthJson, suffix: string) =>
  synthResource(synth, 'aws_vpc_security_group_ingress_rule', suffix);

export default defineCases({
  rule: databaseAdmitsOnlyProxyAndRotation,
  failing: [
    {
      variant: "the API Lambda's group admitted straight to the database, around the proxy",
      change: (s) =>
        (ingress(s, 'database-from-proxy').referenced_security_group_id =
          '${aws_security_group.security-groups_lambda_BAF8CC59.id}'),
    },
    {
      variant: 'a subnet CIDR admitted instead of the proxy group',
      change: (s) =>
        Object.assign(ingress(s, 'database-from-proxy'), {
          referenced_security_group_id: undefined,
          cidr_ipv4: '10.20.0.0/24',
        }),
    },
    {
      variant: 'the rotation group admitted on every port',
      change: (s) => Object.assign(ingress(s, 'database-from-rotation'), { from_port: 0, to_port: 65535 }),
    },
  ],
  passing: [
    {
      // A team moving MySQL off its default port moves the rules with it.
      variant: 'the database on port 3307, its two rules on 3307',
      change: (s) => {
        synthResource(s, 'aws_db_instance').port = 3307;
        for (const suffix of ['database-from-proxy', 'database-from-rotation']) {
          Object.assign(ingress(s, suffix), { from_port: 3307, to_port: 3307 });
        }
      },
    },
  ],
});
