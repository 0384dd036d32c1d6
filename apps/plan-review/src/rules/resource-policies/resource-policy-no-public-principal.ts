import {
  hasConcreteCondition,
  isEveryone,
  isUnknownPrincipal,
  NARROWING_CONDITION_KEYS,
} from '../../model/resource-policies';
import { names, perAllowStatement } from './statements';

export const resourcePolicyNoPublicPrincipal = perAllowStatement({
  id: 'resource-policy-no-public-principal',
  severity: 'critical',
  peers: { checkov: ['CKV_AWS_33', 'CKV_AWS_60', 'CKV_AWS_70'], trivy: [] },
  differences: [
    {
      peer: 'checkov',
      id: 'CKV_AWS_33',
      difference:
        'CKV_AWS_33 accepts a `*` principal in a key policy as soon as the statement has any Condition, a negated ' +
        '(`StringNotEquals`), `...IfExists` or `ForAllValues` one included, and does not see `arn:aws:iam::*:root` or ' +
        'NotPrincipal; we accept `*` only with a condition that pins a narrowing key to a concrete value, since the ' +
        'others are true for a caller of any account.',
    },
    {
      peer: 'checkov',
      id: 'CKV_AWS_60',
      difference:
        'CKV_AWS_60 looks only at `{"AWS": "*"}` in a role trust, so it accepts `Principal: "*"`, ' +
        '`arn:aws:iam::*:root` and a principal from a variable, and it refuses `{"AWS": "*"}` even when a condition ' +
        'pins aws:PrincipalOrgID or aws:PrincipalAccount; we refuse the first three and accept the last, which AWS ' +
        'documents as the way to admit one organisation or account.',
    },
    {
      peer: 'checkov',
      id: 'CKV_AWS_70',
      difference:
        'CKV_AWS_70 accepts a `*` principal in a bucket policy narrowed by any ArnNotEquals/ArnNotLike condition, by ' +
        'an aws:SourceArn such as `arn:aws:sns:*:*:*`, or by aws:PrincipalOrgID with a wildcard value (`o-*`), and ' +
        'does not see NotPrincipal; we refuse these, since each admits callers of any account.',
    },
  ],
  title:
    'Resource policies and role trusts allow no `*` principal (or NotPrincipal) without a condition naming our ' +
    'account, organisation, source or VPC endpoint',
  description:
    'A resource policy (key, secret, topic, queue, bucket, log, endpoint policy) or role trust that allows ' +
    '`Principal: "*"` or `{"AWS": "*"}` admits every principal of every AWS account, and anonymous callers where the ' +
    'service allows them; an Allow with NotPrincipal admits everyone it does not list. AWS documents a condition ' +
    'that pins the caller to an account, organisation, source or VPC endpoint (aws:PrincipalAccount, ' +
    'aws:PrincipalOrgID, aws:SourceAccount, aws:SourceVpce...) as the way to narrow it; the condition must test such a ' +
    'key for a concrete value, not negate it, not with `...IfExists` or `ForAllValues`, not with a wildcard. A ' +
    "principal known only at apply could be `*`: only the stack's own resources are known principals, and a document " +
    'the review cannot read fails.',
  remediation:
    'Name the principals (the ARNs of the roles of the stack, by reference), or keep `*` with a condition that pins ' +
    'aws:PrincipalAccount, aws:PrincipalOrgID or aws:SourceVpce to a concrete value.',
  docs: [
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
  ],
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
});
