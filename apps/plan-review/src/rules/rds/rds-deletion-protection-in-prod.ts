import { label } from '../../model/lookup';
import { readBoolean } from '../../model/values';
import { defineResourceRule } from '../rule';
import { INSTANCE } from './db-resources';

export const rdsDeletionProtectionInProd = defineResourceRule({
  id: 'rds-deletion-protection-in-prod',
  severity: 'medium',
  peers: { checkov: ['CKV_AWS_293'], trivy: [] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_293',
      difference:
        'CKV_AWS_293 refuses an instance without deletion protection in every environment; ours only in production, ' +
        'because dev and preview databases are torn down by `terraform destroy`, which deletion protection would block.',
    },
  ],
  title: 'RDS instance has deletion protection (prod)',
  description:
    'With deletion protection on, RDS refuses to delete the instance, whether the call comes from the console, the ' +
    'CLI, or a `terraform destroy` or replacing plan, until a separate modification turns it off. It is off by ' +
    'default through the API (and so through Terraform), unlike in the console. In production it keeps one mistaken ' +
    'change from deleting the database and, unless retained, its automated backups with it.',
  remediation: 'Set `deletion_protection = true` on the production DB instance.',
  docs: [
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_DeleteInstance.html',
    'https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html',
  ],
  appliesTo: INSTANCE,
  productionOnly: true,
  problem: (db) =>
    readBoolean(db.values['deletion_protection']) === true
      ? undefined
      : `${label(db)} has no deletion_protection in production`,
});
