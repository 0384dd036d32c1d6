import { label } from '../../model/lookup';
import { readBoolean } from '../../model/values';
import { defineResourceRule } from '../rule';
import { INSTANCE } from './db-resources';

export const rdsCopyTagsToSnapshot = defineResourceRule({
  id: 'rds-copy-tags-to-snapshot',
  severity: 'low',
  peers: { checkov: ['CKV2_AWS_60'], trivy: [] },
  title: 'RDS instance copies tags to snapshots',
  description:
    "By default RDS does not copy a DB instance's tags to its snapshots. With `copy_tags_to_snapshot`, every automated " +
    'and manual snapshot carries the tags of its instance (environment, owner, cost centre), so snapshots stay ' +
    'attributable in cost reports and covered by tag-based IAM conditions and cleanup, instead of anonymous copies of ' +
    'the data nobody can place.',
  remediation: 'Set `copy_tags_to_snapshot = true` on the DB instance.',
  docs: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Tagging.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html',
  ],
  appliesTo: INSTANCE,
  problem: (db) =>
    readBoolean(db.values['copy_tags_to_snapshot']) === true
      ? undefined
      : `${label(db)} does not copy_tags_to_snapshot`,
});
