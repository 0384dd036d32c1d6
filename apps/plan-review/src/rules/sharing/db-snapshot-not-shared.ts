import { isTrustedAccount } from '../../config/review-config';
import { label } from '../../model/lookup';
import { isUnknownPrincipal } from '../../model/resource-policies';
import { asList } from '../../model/values';
import { defineResourceRule } from '../rule';
import { FOREIGN } from './principals';

export const dbSnapshotNotShared = defineResourceRule({
  id: 'db-snapshot-not-shared',
  severity: 'critical',
  peers: { checkov: [], trivy: [] },
  title: 'DB snapshots are not public (shared_accounts "all") nor shared with foreign accounts',
  description:
    "A manual DB snapshot's `restore` attribute lists the accounts that may copy or restore it; the value `all` " +
    'makes it public, so any AWS account can restore the whole database. `shared_accounts` on `aws_db_snapshot`, ' +
    '`aws_db_cluster_snapshot` and `aws_db_snapshot_copy` sets that attribute. Every account listed must be the ' +
    "stack's own or one listed in apps/plan-review/review-config.json; one known only at apply could be anyone.",
  remediation:
    'Remove `all` and any foreign account from `shared_accounts`; share with a partner only through an account listed ' +
    'in review-config.json with its reason.',
  docs: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBSnapshotAttribute.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBSnapshotAttributes.html',
  ],
  appliesTo: ['aws_db_snapshot', 'aws_db_cluster_snapshot', 'aws_db_snapshot_copy'],
  problem: (snapshot, model, { config }) => {
    const shared = asList(snapshot.values['shared_accounts']).map(String);
    const problems = shared
      .map((account) =>
        account.toLowerCase() === 'all'
          ? 'everyone ("all": a public snapshot)'
          : isUnknownPrincipal(account)
            ? `${account}, known only at apply`
            : isTrustedAccount(account, model, config)
              ? undefined
              : `the account ${account}, ${FOREIGN}`,
      )
      .filter((problem): problem is string => problem !== undefined);
    return problems.length ? `${label(snapshot)} shares the snapshot with ${problems.join(', ')}` : undefined;
  },
});
