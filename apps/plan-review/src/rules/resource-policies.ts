import { isTrustedAccount } from '../config/review-config';
import { label } from '../model/lookup';
import type { PolicyStatement, Principal } from '../model/policies';
import type { ReviewModel } from '../model/types';
import {
  accountOf,
  conditionAccounts,
  hasConcreteCondition,
  isEveryone,
  isUnknownPrincipal,
  NARROWING_CONDITION_KEYS,
  RESOURCE_POLICY_TYPES,
  resourcePolicies,
  type ResourcePolicy,
} from '../model/resource-policies';
import { currentContext, finding, type Finding, type Rule, type RuleContext } from './rule';

/**
 * Services that assume a role for the account's own workloads and do not send `aws:SourceAccount` /
 * `aws:SourceArn` with the AssumeRole call, so a condition on them would only break the role. Every other service
 * principal in a trust policy must carry one (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
 */
export const SERVICES_WITHOUT_SOURCE_KEYS = ['lambda.amazonaws.com', 'edgelambda.amazonaws.com', 'ec2.amazonaws.com'];

const GITHUB_SUBJECT = 'token.actions.githubusercontent.com:sub';

const SOURCE_KEYS = ['aws:SourceAccount', 'aws:SourceArn', 'aws:SourceOrgID', 'aws:SourceOrgPaths'];

export const resourcePolicyRules: Rule[] = [
  perAllowStatement({
    id: 'resource-policy-no-public-principal',
    severity: 'critical',
    peers: { checkov: ['CKV_AWS_33', 'CKV_AWS_60', 'CKV_AWS_70'], trivy: [] },
    title:
      'Resource policies and role trusts allow no `*` principal (or NotPrincipal) without a condition naming our ' +
      'account, organisation, source or VPC endpoint',
    problem: (statement) => {
      if (statement.notPrincipals.length) return `allows everyone but NotPrincipal ${names(statement.notPrincipals)}`;
      const everyone = statement.principals.filter(isEveryone);
      if (everyone.length && !hasConcreteCondition(statement, NARROWING_CONDITION_KEYS)) {
        const narrowing = 'aws:SourceAccount, aws:PrincipalOrgID, aws:SourceVpce...';
        return `allows principal ${names(everyone)} with no condition narrowing it (${narrowing})`;
      }
      // `${var.principal}` or `${data.x.arn}` could be "*": only this stack's own resources are known principals.
      const unknown = statement.principals.filter((principal) => isUnknownPrincipal(principal.value));
      return unknown.length ? `allows principals known only at apply (${names(unknown)})` : undefined;
    },
  }),
  perAllowStatement({
    id: 'resource-policy-no-foreign-account',
    severity: 'critical',
    peers: { checkov: [], trivy: [] },
    title:
      "Resource policies and role trusts name only the stack's own accounts and those listed in review-config.json " +
      '(a trust from another account needs an sts:ExternalId)',
    problem: (statement, policy, model, { config }) => {
      const named = [
        ...statement.principals.map(accountOf).filter((account): account is string => account !== undefined),
        ...conditionAccounts(statement),
      ];
      const foreign = [...new Set(named.filter((account) => !isTrustedAccount(account, model, config)))];
      if (!foreign.length) return undefined;
      if (policy.trust && hasConcreteCondition(statement, ['sts:ExternalId'])) return undefined;
      const externalId = policy.trust ? ' (and the trust has no sts:ExternalId condition)' : '';
      const where = 'apps/plan-review/review-config.json';
      // A plan read without its synth (or a stack whose provider pins no account) has no account of its own.
      if (!model.accountIds.length) {
        const none =
          'the stack names no account of its own: no allowed_account_ids; review the plan next to its cdk.tf.json';
        return `allows account ${foreign.join(', ')}, not in ${where}, and ${none}${externalId}`;
      }
      return `allows account ${foreign.join(', ')}, neither the stack's own (allowed_account_ids) nor in ${where}${externalId}`;
    },
  }),
  perAllowStatement({
    id: 'trust-service-confused-deputy',
    severity: 'high',
    peers: { checkov: [], trivy: [] },
    title:
      'Role trusts of AWS services (other than Lambda and EC2) test aws:SourceAccount or aws:SourceArn ' +
      '(confused deputy)',
    trustsOnly: true,
    problem: (statement) => {
      const services = statement.principals.filter(
        (principal) => principal.type === 'Service' && !SERVICES_WITHOUT_SOURCE_KEYS.includes(principal.value),
      );
      return services.length && !hasConcreteCondition(statement, SOURCE_KEYS)
        ? `lets ${names(services)} assume it with no aws:SourceAccount or aws:SourceArn condition`
        : undefined;
    },
  }),
  perAllowStatement({
    id: 'trust-federated-subject',
    severity: 'critical',
    peers: { checkov: [], trivy: [] },
    title:
      'Role trusts of an identity provider (GitHub OIDC, SAML) test its audience and subject, so not every ' +
      'identity of that provider may assume the role',
    trustsOnly: true,
    problem: (statement) => {
      const federated = statement.principals.filter((principal) => principal.type === 'Federated');
      if (!federated.length) return undefined;
      // The provider's own keys: `token.actions.githubusercontent.com:sub`, `SAML:aud`, `cognito-identity...:aud`.
      const subjectKeys = keysTested(statement).filter((key) => /:sub$|^SAML:aud$/i.test(key));
      if (!subjectKeys.length) {
        return `lets every identity of ${names(federated)} assume it (no condition on the provider's :sub)`;
      }
      // `repo:*` passes the wildcard test but admits every repository on GitHub: the owner must be named.
      const github = Object.values(statement.conditions)
        .flatMap((tested) => [tested[GITHUB_SUBJECT] ?? []].flat().map(String))
        .filter((subject) => !/^repo:[^*?/]+\//.test(subject));
      return github.length
        ? `lets GitHub subjects ${github.join(', ')} assume it (name the owner and repository)`
        : undefined;
    },
  }),
];

/** Condition keys tested with concrete values (see hasConcreteCondition). */
function keysTested(statement: PolicyStatement): string[] {
  const keys = Object.values(statement.conditions).flatMap((tested) => Object.keys(tested));
  return keys.filter((key) => hasConcreteCondition(statement, [key]));
}

function names(principals: readonly Principal[]): string {
  return principals.map((principal) => principal.value).join(', ');
}

interface StatementRule extends Omit<Rule, 'check' | 'appliesTo'> {
  /** Role trust policies only. */
  readonly trustsOnly?: boolean;
  /** Returns the problem with one Allow statement, or undefined when it is fine. */
  problem(
    statement: PolicyStatement,
    policy: ResourcePolicy,
    model: ReviewModel,
    context: RuleContext,
  ): string | undefined;
}

/**
 * One finding per resource policy: a document the review cannot read fails (it may hide exactly what the rule
 * looks for), otherwise the problems of its Allow statements.
 */
function perAllowStatement({ problem, trustsOnly, ...identity }: StatementRule): Rule {
  return {
    ...identity,
    appliesTo: trustsOnly ? ['aws_iam_role'] : RESOURCE_POLICY_TYPES,
    check: (model, context = currentContext()): Finding[] =>
      resourcePolicies(model)
        .filter((policy) => !trustsOnly || policy.trust)
        .map((policy) => {
          const where = `${label(policy.resource)} (${policy.attribute})`;
          if (policy.problem) return finding(identity.id, policy.resource, `${where}: ${policy.problem}`);
          const problems = policy.statements
            .filter((statement) => statement.effect === 'Allow')
            .map((statement) => problem(statement, policy, model, context))
            .filter(Boolean);
          return finding(identity.id, policy.resource, problems.length ? `${where} ${problems.join('; ')}` : undefined);
        }),
  };
}
