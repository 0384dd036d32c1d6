import { label } from '../../model/lookup';
import { isSet } from '../../model/values';
import { defineResourceRule } from '../rule';
import { principalProblem } from './principals';

export const kmsGrantOwnAccounts = defineResourceRule({
  id: 'kms-grant-own-accounts',
  severity: 'critical',
  peers: { checkov: [], trivy: [] },
  title: "KMS grants go to principals of the stack's own or listed accounts",
  description:
    'A KMS grant lets its grantee principal use the key in the operations it lists, beside the key policy and ' +
    'without changing it, and its retiring principal retire it; either may be a principal of another account. A grant ' +
    "of one of the stack's keys to a foreign account lets that account decrypt what the key protects (the database, " +
    "its secrets, its logs) without any policy of the stack saying so. Both principals must be of the stack's own " +
    'accounts or of one listed in apps/plan-review/review-config.json; one known only at apply could be anyone.',
  remediation:
    'Grant the key to a role of the stack (by reference) or to an account listed in review-config.json with its reason; ' +
    'set `retiring_principal` the same way.',
  docs: [
    'https://docs.aws.amazon.com/kms/latest/developerguide/grants.html',
    'https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateGrant.html',
  ],
  appliesTo: ['aws_kms_grant'],
  problem: (grant, model, { config }) => {
    const problems = ['grantee_principal', 'retiring_principal']
      .filter((attribute) => isSet(grant.values[attribute]))
      .map((attribute) => [attribute, principalProblem(String(grant.values[attribute]), model, config)] as const)
      .filter(([, problem]) => problem !== undefined);
    return problems.length
      ? `${label(grant)} grants the key to ${problems.map(([attribute, problem]) => `${problem} (${attribute})`).join(', ')}`
      : undefined;
  },
});
