import { isTrustedAccount, type ReviewConfig } from '../config/review-config';
import { blocksOf } from '../model/blocks';
import { label } from '../model/lookup';
import { isUnknownPrincipal } from '../model/resource-policies';
import type { ReviewModel } from '../model/types';
import { asList, isSet } from '../model/values';
import { perResource, type Rule } from './rule';

const FOREIGN = "neither the stack's own nor in apps/plan-review/review-config.json";

/** The account of a principal written as an account id or an IAM ARN (`arn:aws:iam::123456789012:role/x`). */
function accountOf(principal: string): string | undefined {
  return /^(?:arn:aws[\w-]*:(?:iam|sts)::)?(\d{12})(?::|$)/.exec(principal)?.[1];
}

/** Why a principal is not one the stack may share with: everyone, a foreign account, one known only at apply. */
function principalProblem(principal: string, model: ReviewModel, config: ReviewConfig): string | undefined {
  if (principal === '' || principal.includes('*')) return 'everyone';
  if (isUnknownPrincipal(principal)) return `${principal}, known only at apply (it could be anyone)`;
  const account = accountOf(principal);
  return account && !isTrustedAccount(account, model, config) ? `the account ${account}, ${FOREIGN}` : undefined;
}

export const sharingRules: Rule[] = [
  perResource({
    id: 'kms-grant-own-accounts',
    severity: 'critical',
    peers: { checkov: [], trivy: [] },
    title: "KMS grants go to principals of the stack's own or listed accounts",
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
  }),
  perResource({
    id: 'lambda-layer-not-public',
    severity: 'critical',
    peers: { checkov: [], trivy: [] },
    title: "Lambda layer permissions name the stack's own or listed accounts, or an organization, not `*`",
    appliesTo: ['aws_lambda_layer_version_permission'],
    problem: (permission, model, { config }) => {
      const principal = String(permission.values['principal'] ?? '');
      // `*` with organization_id is how AWS shares a layer with a whole organisation.
      if (principal === '*' && isSet(permission.values['organization_id'])) return undefined;
      const problem = principalProblem(principal, model, config);
      return problem && `${label(permission)} shares the layer with ${problem}`;
    },
  }),
  perResource({
    id: 'db-snapshot-not-shared',
    severity: 'critical',
    peers: { checkov: [], trivy: [] },
    title: 'DB snapshots are not public (shared_accounts "all") nor shared with foreign accounts',
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
  }),
  {
    id: 'no-module-calls',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title: 'The synth calls no modules (the review cannot see the resources inside one)',
    appliesTo: ['module'],
    check: (model) => {
      const modules = blocksOf(model, 'module');
      if (modules.length === 0) {
        return [{ ruleId: 'no-module-calls', address: 'module', passed: true, message: 'no module calls: ok' }];
      }
      return modules.map((module) => ({
        ruleId: 'no-module-calls',
        address: module.address,
        passed: false,
        message: `${module.address} (source ${String(module.values['source'] ?? 'unset')}) creates resources the review cannot see: declare them in the stack`,
      }));
    },
  },
];
