import { label } from '../../model/lookup';
import { readBoolean } from '../../model/values';
import { defineResourceRule } from '../rule';
import { INSTANCE } from './db-resources';

export const rdsMultiAzInProd = defineResourceRule({
  id: 'rds-multi-az-in-prod',
  severity: 'medium',
  peers: { checkov: ['CKV_AWS_157'], trivy: [] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_157',
      difference:
        'CKV_AWS_157 refuses a single-AZ instance in every environment; ours only in production, because a dev ' +
        "environment's database is rebuilt at will and a standby there buys no availability anyone relies on.",
    },
  ],
  title: 'RDS instance is Multi-AZ (prod)',
  description:
    'In a Multi-AZ DB instance deployment RDS keeps a synchronous standby in another Availability Zone and fails ' +
    'over to it on an instance or AZ failure, and during maintenance, keeping the same endpoint (the proxy follows ' +
    'it). A single-AZ production instance is down until RDS replaces it or it is restored from a backup, and loses ' +
    'the writes since the last backup if its storage is lost.',
  remediation: 'Set `multi_az = true` on the production DB instance.',
  docs: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZSingleStandby.html'],
  appliesTo: INSTANCE,
  productionOnly: true,
  problem: (db) =>
    readBoolean(db.values['multi_az']) !== true ? `${label(db)} is not multi_az in production` : undefined,
});
