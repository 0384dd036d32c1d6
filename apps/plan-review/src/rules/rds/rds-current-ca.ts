import { label } from '../../model/lookup';
import { defineResourceRule } from '../rule';
import { INSTANCE } from './db-resources';

/** CAs AWS documents as current (the 2015/2019 CAs are retired). */
export const CURRENT_RDS_CAS = ['rds-ca-rsa2048-g1', 'rds-ca-rsa4096-g1', 'rds-ca-ecc384-g1'];

export const rdsCurrentCa = defineResourceRule({
  id: 'rds-current-ca',
  severity: 'high',
  peers: { checkov: ['CKV_AWS_211'], trivy: [] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_211',
      difference:
        'CKV_AWS_211 accepts an instance that leaves `ca_cert_identifier` unset; ours refuses it, because the CA RDS ' +
        "then picks is the region's default of the day the instance is made, which the clients' trust store and the " +
        'review cannot see in the plan.',
    },
  ],
  title: `RDS instance pins a current CA (${CURRENT_RDS_CAS.join(', ')})`,
  description:
    'The certificate the instance presents for TLS is signed by the certificate authority `ca_cert_identifier` names. ' +
    'Clients verify it against that CA: once a CA expires (rds-ca-2019 did in 2024) a client that verifies can no ' +
    'longer connect, and the way out under pressure is to stop verifying. The rule requires one of the current CAs ' +
    '(rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1), named in the plan so the CA the clients and the proxy ' +
    'must trust is a reviewed choice, not whatever default RDS applies.',
  remediation: 'Set `ca_cert_identifier = "rds-ca-rsa2048-g1"` (or another current CA) on the DB instance.',
  docs: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL-certificate-rotation.html',
  ],
  appliesTo: INSTANCE,
  problem: (db) => {
    const ca = db.values['ca_cert_identifier'];
    return typeof ca === 'string' && CURRENT_RDS_CAS.includes(ca)
      ? undefined
      : `${label(db)} has ca_cert_identifier=${String(ca ?? 'unset')}`;
  },
});
