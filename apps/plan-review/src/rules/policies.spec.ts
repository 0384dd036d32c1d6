import { isTrustedAccount } from '../config/review-config';
import { review } from '../review';
import { fixturePlan, planModel, type PlanJson } from '../testing/fixtures';
import { isWildcardArn } from './iam';

const PROXY_ROLE = 'aws_iam_role.proxy_role_A46D75EC';
const API_POLICY = 'aws_iam_role_policy.api-function_policy_F660B489';

/** Makes one attribute unknown until apply, set in HCL by `jsonencode(...)` of a variable (no literal to read). */
function unknownUntilApply(plan: PlanJson, address: string, attribute: string): void {
  const change = plan.resource_changes.find((candidate: { address: string }) => candidate.address === address).change;
  delete change.after[attribute];
  change.after_unknown[attribute] = true;
  const configured = plan.configuration.root_module.resources.find(
    (candidate: { address: string }) => candidate.address === address,
  );
  configured.expressions[attribute] = { references: ['var.trusted_principal'] };
}

function failuresOf(ruleId: string, plan: PlanJson) {
  const result = review(planModel(plan)).results.find((candidate) => candidate.rule.id === ruleId);
  if (!result) throw new Error(`no rule ${ruleId}`);
  return { status: result.status, failed: result.findings.filter((found) => !found.passed) };
}

describe('a policy document the review cannot read', () => {
  it.each([
    'resource-policy-no-public-principal',
    'resource-policy-no-foreign-account',
    'trust-service-confused-deputy',
  ])('fails %s for a trust policy known only at apply, naming the role and the attribute', (ruleId) => {
    const plan = fixturePlan();
    unknownUntilApply(plan, PROXY_ROLE, 'assume_role_policy');
    const { status, failed } = failuresOf(ruleId, plan);
    expect(status).toBe('fail');
    expect(failed.map((found) => found.address)).toEqual([PROXY_ROLE]);
    expect(failed[0].message).toContain('(assume_role_policy): the policy is not a JSON document the review can read');
  });

  it.each(['iam-no-admin-policy', 'iam-no-escalation-wildcard', 'iam-no-wildcard-in-arn', 'iam-no-wildcard-action'])(
    'fails %s for an identity policy known only at apply',
    (ruleId) => {
      const plan = fixturePlan();
      unknownUntilApply(plan, API_POLICY, 'policy');
      const { status, failed } = failuresOf(ruleId, plan);
      expect(status).toBe('fail');
      expect(failed.map((found) => found.address)).toEqual([API_POLICY]);
    },
  );

  it('is read on the real plan, where CDKTF writes the document as a template with references', () => {
    expect(failuresOf('resource-policy-no-public-principal', fixturePlan()).status).toBe('pass');
  });
});

describe('wildcards in ARNs', () => {
  it.each([
    ['arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:*', true],
    ['arn:aws:iam::123456789012:role/service-role/*', true],
    ['arn:aws:iam::123456789012:role/service-role/rdsp-dev-*', false],
    ['arn:aws:s3:::*', true],
    ['arn:aws:sns:ap-northeast-2:123456789012:rdsp-dev-*', false],
    ['arn:aws:logs:ap-northeast-2:123456789012:log-group:*', false],
    ['${aws_secretsmanager_secret.app.arn}*', false],
  ])('%s is a wildcard name or account: %s', (arn, expected) => {
    expect(isWildcardArn(arn)).toBe(expected);
  });
});

describe('trusted accounts', () => {
  it("are the stack's own (allowed_account_ids) and the ones listed in review-config.json, and only those", () => {
    const config = { accounts: { '111111111111': 'a partner' } };
    const model = { accountIds: ['333333333333'] };
    expect(isTrustedAccount('111111111111', model, config)).toBe(true);
    expect(isTrustedAccount('333333333333', model, config)).toBe(true);
    expect(isTrustedAccount('222222222222', model, config)).toBe(false);
    expect(isTrustedAccount('toString', model, config)).toBe(false);
  });
});
