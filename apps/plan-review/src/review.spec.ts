import type { ReviewedSuppression } from './model/types';
import { review, type Review } from './review';
import { allRules } from './rules';
import { fixturePlan, fixtureSynth, planModel, synthModel, synthResource, type SynthJson } from './testing/fixtures';

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
  const TODAY = '2026-12-01';
  const breakTls = () => {
    const synth = fixtureSynth();
    synthResource(synth, 'aws_db_proxy').require_tls = false;
    return synth;
  };
  const inCode = (synth: SynthJson, type: string, ...entries: object[]) =>
    (synthResource(synth, type)['//'].review_suppress = entries);
  const run = (synth: SynthJson, reviewedSuppressions: ReviewedSuppression[] = []) =>
    review(synthModel(synth), { reviewedSuppressions, today: TODAY });
  const result = (outcome: Review, ruleId: string) => {
    const found = outcome.results.find((candidate) => candidate.rule.id === ruleId);
    if (!found) throw new Error(`no rule ${ruleId}`);
    return found;
  };
  const proxyTls = { rule: 'proxy-requires-tls', resource: 'proxy/proxy', reason: 'a test says so' };

  // rds-copy-tags-to-snapshot is low (hygiene): the only severity a change may waive in code for itself.
  const TAGS = 'rds-copy-tags-to-snapshot';
  const breakTags = () => {
    const synth = fixtureSynth();
    delete synthResource(synth, 'aws_db_instance').copy_tags_to_snapshot;
    return synth;
  };

  it('GIVEN a low-severity failure suppressed in code with an expiry THEN the review passes and lists it as used', () => {
    expect(allRules.find((rule) => rule.id === TAGS)?.severity).toBe('low');
    const synth = breakTags();
    inCode(synth, 'aws_db_instance', { rule: TAGS, reason: 'a test says so', expires: '2027-03-31' });
    const outcome = run(synth);
    expect(outcome.passed).toBe(true);
    expect(result(outcome, TAGS).status).toBe('suppressed');
    expect(outcome.suppressions).toContainEqual(
      expect.objectContaining({ rule: TAGS, source: 'code', expires: '2027-03-31', status: 'applied' }),
    );
  });

  it.each(['high', 'medium'])(
    'GIVEN a %s rule suppressed in code with a near expiry THEN it does not count: the change cannot waive it for itself',
    (severity) => {
      const synth = fixtureSynth();
      const [ruleId, type, breakIt] =
        severity === 'high'
          ? ['proxy-requires-tls', 'aws_db_proxy', () => (synthResource(synth, 'aws_db_proxy').require_tls = false)]
          : [
              'rds-log-exports',
              'aws_db_instance',
              () => delete synthResource(synth, 'aws_db_instance').enabled_cloudwatch_logs_exports,
            ];
      expect(allRules.find((rule) => rule.id === ruleId)?.severity).toBe(severity);
      breakIt();
      inCode(synth, type, { rule: ruleId, reason: 'just this once', expires: '2026-12-31' });
      const outcome = run(synth);
      expect(failing(outcome)).toEqual([ruleId]);
      expect(result(outcome, ruleId).findings.find((found) => !found.passed)?.suppressionRefused).toBe(
        `${ruleId} is ${severity}: a suppression in code counts only when review-suppressions.json lists it too`,
      );
    },
  );

  it('GIVEN a suppression in code without an expiry and not in the reviewed file THEN it does not count, saying why', () => {
    const synth = breakTags();
    inCode(synth, 'aws_db_instance', { rule: TAGS, reason: 'trust me' });
    const outcome = run(synth);
    expect(failing(outcome)).toEqual([TAGS]);
    expect(result(outcome, TAGS).findings.find((found) => !found.passed)?.suppressionRefused).toBe(
      'the suppression is declared in code without an expiry and not listed in review-suppressions.json',
    );
    expect(outcome.suppressions).toContainEqual(
      expect.objectContaining({ rule: TAGS, status: 'refused', used: false }),
    );
  });

  it('GIVEN the same suppression listed in the reviewed file THEN it counts, by construct path or by address', () => {
    const synth = breakTls();
    inCode(synth, 'aws_db_proxy', { rule: 'proxy-requires-tls', reason: 'trust me' });
    expect(run(synth, [proxyTls]).passed).toBe(true);
    const address = synthModel(synth).resources.find((resource) => resource.type === 'aws_db_proxy')?.address;
    expect(run(breakTls(), [{ ...proxyTls, resource: address as string }]).passed).toBe(true);
  });

  it('applies a reviewed entry only to the stack it names', () => {
    expect(run(breakTls(), [{ ...proxyTls, stack: 'dev' }]).passed).toBe(true);
    expect(failing(run(breakTls(), [{ ...proxyTls, stack: 'prod' }]))).toEqual(['proxy-requires-tls']);
  });

  it('matches checkov and trivy ids as well as our own', () => {
    const synth = fixtureSynth();
    synthResource(synth, 'aws_db_instance').storage_encrypted = false;
    expect(run(synth, [{ rule: 'AWS-0080', resource: 'database/instance', reason: 'test' }]).passed).toBe(true);
  });

  it('GIVEN an expired suppression THEN the failure counts again and the suppression rule fails with the date', () => {
    const outcome = run(breakTls(), [{ ...proxyTls, expires: '2026-11-30' }]);
    expect(failing(outcome)).toEqual(['proxy-requires-tls', 'suppression-has-reason']);
    expect(result(outcome, 'proxy-requires-tls').findings.find((found) => !found.passed)?.suppressionRefused).toBe(
      'the suppression expired on 2026-11-30',
    );
    expect(result(outcome, 'suppression-has-reason').findings.find((found) => !found.passed)?.message).toMatch(
      /proxy\/proxy: the suppression of proxy-requires-tls in review-suppressions.json expired on 2026-11-30/,
    );
  });

  it('counts a suppression through its expiry day', () => {
    expect(run(breakTls(), [{ ...proxyTls, expires: TODAY }]).passed).toBe(true);
  });

  it('fails an expired suppression even when nothing it names fails any more', () => {
    const synth = fixtureSynth();
    inCode(synth, 'aws_db_proxy', { rule: 'proxy-requires-tls', reason: 'old', expires: '2026-01-31' });
    expect(failing(run(synth))).toEqual(['suppression-has-reason']);
  });

  it('does not count an in-code expiry more than 180 days away (a permanent waiver in disguise)', () => {
    const synth = breakTags();
    inCode(synth, 'aws_db_instance', { rule: TAGS, reason: 'later', expires: '2099-12-31' });
    const outcome = run(synth);
    expect(failing(outcome)).toEqual([TAGS]);
    expect(outcome.suppressions.find((use) => use.rule === TAGS)?.refusedBecause).toMatch(
      /more than 180 days away \(2099-12-31\); list it in/,
    );
  });

  it('GIVEN an expiry that is not a date THEN the suppression is invalid and fails the suppression rule', () => {
    const synth = breakTls();
    inCode(synth, 'aws_db_proxy', { rule: 'proxy-requires-tls', reason: 'soon', expires: 'next spring' });
    expect(failing(run(synth))).toEqual(['proxy-requires-tls', 'suppression-has-reason']);
  });

  it('GIVEN a critical rule suppressed in code with an expiry and in the reviewed file THEN it stays failed', () => {
    const synth = fixtureSynth();
    synthResource(synth, 'aws_db_instance').publicly_accessible = true;
    inCode(synth, 'aws_db_instance', { rule: 'rds-not-public', reason: 'just for a demo', expires: '2026-12-31' });
    const outcome = run(synth, [{ rule: 'CKV_AWS_17', resource: 'database/instance', reason: 'demo' }]);
    expect(failing(outcome)).toEqual(['rds-not-public']);
    expect(result(outcome, 'rds-not-public').findings.find((found) => !found.passed)?.suppressionRefused).toBe(
      'rds-not-public is critical, cannot be suppressed',
    );
    const uses = outcome.suppressions.filter((use) => use.address.startsWith('aws_db_instance.'));
    expect(uses.map((use) => [use.source, use.status])).toEqual([
      ['code', 'refused'],
      ['review-suppressions.json', 'refused'],
    ]);
  });

  it('marks the rules that guard public DBs, open ingress, plaintext credentials and admin policies critical', () => {
    const critical = allRules.filter((rule) => rule.severity === 'critical').map((rule) => rule.id);
    expect(critical).toEqual(
      expect.arrayContaining([
        'rds-not-public',
        'security-group-no-public-ingress',
        'lambda-no-secrets-in-environment',
        'secret-value-not-in-plan',
        'iam-no-broad-managed-policy',
        'iam-no-wildcard-action',
      ]),
    );
  });

  it('GIVEN a suppression without a reason THEN it suppresses nothing and fails the review itself', () => {
    const synth = breakTls();
    inCode(synth, 'aws_db_proxy', { rule: 'proxy-requires-tls', reason: '  ', expires: '2027-01-01' });
    expect(failing(run(synth))).toEqual(['proxy-requires-tls', 'suppression-has-reason']);
  });

  it('lists a suppression that matched no failure as unused without failing', () => {
    const outcome = run(fixtureSynth());
    expect(outcome.passed).toBe(true);
    expect(outcome.suppressions).toEqual([
      expect.objectContaining({ rule: 'CKV_AWS_309', status: 'unused', used: false }),
    ]);
  });
});
