import { review } from '../../review';
import { fixturePlan, planModel, type PlanJson } from '../../testing/fixtures';
import { allRules } from '../index';

const resultOf = (ruleId: string, plan: PlanJson) =>
  review(planModel(plan), { rules: allRules.filter((rule) => rule.id === ruleId) }).results[0];

describe('no-module-calls on a plan', () => {
  it('passes our fixture plan, which calls no module', () => {
    expect(resultOf('no-module-calls', fixturePlan()).status).toBe('pass');
  });

  it("fails a module call in the plan's configuration", () => {
    const plan = fixturePlan();
    plan.configuration.root_module.module_calls = {
      vpc: { source: 'terraform-aws-modules/vpc/aws', expressions: { cidr: { constant_value: '10.0.0.0/16' } } },
    };
    const result = resultOf('no-module-calls', plan);
    expect(result.status).toBe('fail');
    expect(result.findings[0].message).toContain('module.vpc (source terraform-aws-modules/vpc/aws)');
  });
});
