import { label } from '../../model/lookup';
import { describeBoolean, readBoolean } from '../../model/values';
import { defineResourceRule } from '../rule';
import { ENDPOINT } from './db-resources';

export const rdsNotPublic = defineResourceRule({
  id: 'rds-not-public',
  severity: 'critical',
  peers: { checkov: ['CKV_AWS_17'], trivy: [] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_17',
      difference:
        'CKV_AWS_17 refuses only a literal `true` on `aws_db_instance` and `aws_rds_cluster_instance`: it leaves a ' +
        '`publicly_accessible` from a variable or an expression unknown and does not look at a Multi-AZ DB cluster ' +
        '(`aws_rds_cluster`); ours refuses a value it cannot read and checks the cluster, because a database that may ' +
        'be public is a hole no change may leave to chance.',
    },
  ],
  title: 'RDS instance is not publicly accessible',
  description:
    'A publicly accessible DB instance (or Multi-AZ DB cluster, or Aurora cluster instance) gets a DNS name that ' +
    'resolves to a public IP address from outside its VPC; only its security groups then stand between the database ' +
    'and the internet. This architecture reaches the database only through RDS Proxy from the Lambda functions in ' +
    'isolated subnets, so no endpoint may be public. Terraform also takes the strings "true" and "1" as true, and a ' +
    'value known only at apply may be true: the rule fails every value it cannot read as false.',
  remediation: 'Set `publicly_accessible = false` (literally) and keep the DB subnet group in the isolated subnets.',
  docs: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html',
    'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#publicly_accessible',
  ],
  appliesTo: ENDPOINT,
  problem: (db) => {
    const reading = readBoolean(db.values['publicly_accessible']);
    if (reading === true) return `${label(db)} is publicly_accessible`;
    return reading === 'unknown'
      ? `${label(db)} has ${describeBoolean('publicly_accessible', db.values['publicly_accessible'])}: it may be public`
      : undefined;
  },
});
