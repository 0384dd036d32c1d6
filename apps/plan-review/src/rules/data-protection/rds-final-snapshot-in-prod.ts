import { label } from '../../model/lookup';
import { isSet, readBoolean } from '../../model/values';
import { defineResourceRule } from '../rule';

export const rdsFinalSnapshotInProd = defineResourceRule({
  id: 'rds-final-snapshot-in-prod',
  severity: 'medium',
  peers: { checkov: [], trivy: [] },
  title: 'Prod databases take a final snapshot when deleted',
  description:
    'Deleting a DB instance or cluster removes its data; a final DB snapshot, taken as part of the delete, is what ' +
    'it can be restored from afterwards, and RDS keeps it (like any manual snapshot) until someone deletes it. RDS ' +
    'takes one unless `skip_final_snapshot` is set, and then needs its identifier: the provider sends ' +
    '`final_snapshot_identifier`, and refuses to delete without one unless the snapshot is skipped. In prod a replacement ' +
    'or destroy by one bad apply must leave a snapshot behind; dev may drop its database.',
  remediation:
    'In prod, set `skip_final_snapshot = false` and a `final_snapshot_identifier` on every DB instance and cluster.',
  docs: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html',
    'https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/resources/db_instance',
  ],
  appliesTo: ['aws_db_instance', 'aws_rds_cluster'],
  productionOnly: true,
  problem: (db) =>
    readBoolean(db.values['skip_final_snapshot']) === true
      ? `${label(db)} has skip_final_snapshot=true in production`
      : !isSet(db.values['final_snapshot_identifier'])
        ? `${label(db)} has no final_snapshot_identifier in production`
        : undefined,
});
