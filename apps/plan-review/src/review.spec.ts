import { review } from './review';
import { fixturePlan, fixtureSynth, planModel, synthModel, synthResource } from './testing/fixtures';

const failing = (result: ReturnType<typeof review>) =>
  result.results.filter((rule) => rule.status === 'fail').map((rule) => rule.rule.id);

describe('review of a plan', () => {
  it('GIVEN our fixture plan THEN every rule passes or does not apply', () => {
    const result = review(planModel(fixturePlan()));
    expect(failing(result)).toEqual([]);
    expect(result.passed).toBe(true);
  });

  it('GIVEN a planned value that breaks a rule THEN that rule fails', () => {
    const plan = fixturePlan();
    plan.resource_changes.find(
      (change: { type: string }) => change.type === 'aws_db_instance',
    ).change.after.storage_encrypted = false;
    const result = review(planModel(plan));
    expect(failing(result)).toEqual(['rds-encrypted-with-cmk']);
    expect(result.passed).toBe(false);
  });

  it('does not check resources the plan deletes', () => {
    const plan = fixturePlan();
    const change = plan.resource_changes.find((candidate: { type: string }) => candidate.type === 'aws_db_proxy');
    change.change = { actions: ['delete'], before: { ...change.change.after, require_tls: false }, after: null };
    expect(failing(review(planModel(plan)))).not.toContain('proxy-requires-tls');
  });
});

describe('suppressions', () => {
  const breakTls = () => {
    const synth = fixtureSynth();
    synthResource(synth, 'aws_db_proxy').require_tls = false;
    return synth;
  };

  it('GIVEN a failing rule suppressed with a reason THEN the review passes and lists the suppression as used', () => {
    const synth = breakTls();
    synthResource(synth, 'aws_db_proxy')['//'].review_suppress = [
      { rule: 'proxy-requires-tls', reason: 'a test says so' },
    ];
    const result = review(synthModel(synth));
    expect(result.passed).toBe(true);
    expect(result.results.find((rule) => rule.rule.id === 'proxy-requires-tls')?.status).toBe('suppressed');
    expect(result.suppressions).toContainEqual(
      expect.objectContaining({ rule: 'proxy-requires-tls', reason: 'a test says so', used: true }),
    );
  });

  it('matches checkov and trivy ids as well as our own', () => {
    const synth = fixtureSynth();
    synthResource(synth, 'aws_db_instance').storage_encrypted = false;
    synthResource(synth, 'aws_db_instance')['//'].review_suppress = [{ rule: 'AWS-0080', reason: 'test' }];
    expect(review(synthModel(synth)).passed).toBe(true);
  });

  it('GIVEN a suppression without a reason THEN it suppresses nothing and fails the review itself', () => {
    const synth = breakTls();
    synthResource(synth, 'aws_db_proxy')['//'].review_suppress = [{ rule: 'proxy-requires-tls', reason: '  ' }];
    const result = review(synthModel(synth));
    expect(failing(result)).toEqual(['proxy-requires-tls', 'suppression-has-reason']);
  });

  it('lists a suppression that matched no failure as unused without failing', () => {
    const result = review(synthModel(fixtureSynth()));
    expect(result.passed).toBe(true);
    expect(result.suppressions).toEqual([expect.objectContaining({ rule: 'CKV_AWS_309', used: false })]);
  });
});
