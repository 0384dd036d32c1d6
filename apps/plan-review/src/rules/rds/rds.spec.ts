import { review } from '../../review';
import { fixturePlan, fixtureSynth, planModel, synthModel, synthResource, type PlanJson } from '../../testing/fixtures';
import { planOf } from '../../testing/plan-builder';
import { allRules } from '../index';

const RULE = 'rds-backup-retention';

const resultOf = (model: ReturnType<typeof synthModel>) => {
  const rules = allRules.filter((rule) => rule.id === RULE);
  const result = review(model, { rules }).results.find((found) => found.rule.id === RULE);
  if (!result) throw new Error(`no rule ${RULE}`);
  return result;
};

/**
 * RDS keeps automated backups 1 day when CreateDBInstance is called without BackupRetentionPeriod ("Default: 1",
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html), which is what the provider
 * does when `backup_retention_period` is unset; the plan shows it unknown until apply
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#backup_retention_period).
 */
describe('rds-backup-retention', () => {
  const unsetInSynth = () => {
    const synth = fixtureSynth();
    delete synthResource(synth, 'aws_db_instance').backup_retention_period;
    return synth;
  };
  /** A DB instance created without backup_retention_period, as the plan shows it: unknown, not in the configuration. */
  const unsetInPlan = (): PlanJson =>
    planOf({
      address: 'aws_db_instance.db',
      after: { engine: 'mysql', instance_class: 'db.t4g.micro' },
      computed: ['backup_retention_period'],
    });

  it('passes an unset retention in dev: RDS keeps 1 day', () => {
    expect(resultOf(synthModel(unsetInSynth(), 'dev')).status).toBe('pass');
    expect(resultOf(planModel(unsetInPlan())).status).toBe('pass');
  });

  it("fails an unset retention in prod, saying it is RDS's default of 1 day", () => {
    const result = resultOf(synthModel(unsetInSynth(), 'prod'));
    expect(result.status).toBe('fail');
    expect(result.findings[0].message).toBe(
      'database/instance keeps backups 1 day (backup_retention_period unset: RDS keeps 1 day by default); needs at least 7',
    );
  });

  it('does not assume the default for a read replica, which CreateDBInstance does not make', () => {
    const synth = unsetInSynth();
    synthResource(synth, 'aws_db_instance').replicate_source_db = 'rds-platform-prod';
    expect(resultOf(synthModel(synth, 'dev')).findings[0].message).toBe(
      "database/instance leaves backup_retention_period unset on an instance made from replicate_source_db (RDS's default of 1 day is for a new instance only); needs at least 1",
    );
  });

  it('fails a retention of 0 (backups off) in dev', () => {
    const synth = fixtureSynth();
    synthResource(synth, 'aws_db_instance').backup_retention_period = 0;
    expect(resultOf(synthModel(synth, 'dev')).findings[0].message).toBe(
      'database/instance keeps backups 0 days; needs at least 1',
    );
  });

  it('fails a retention the review cannot read, showing it as written', () => {
    const synth = fixtureSynth();
    synthResource(synth, 'aws_db_instance').backup_retention_period = '${var.retention}';
    expect(resultOf(synthModel(synth, 'prod')).findings[0].message).toBe(
      'database/instance sets backup_retention_period=${var.retention}, which the review cannot read; needs at least 7',
    );
  });
});

/**
 * RDS standard support ends per major version (RDS_STANDARD_SUPPORT_ENDS, from the RDS for MySQL release calendar).
 * Past it, an instance that sets no engine_lifecycle_support is enrolled in paid Extended Support automatically, and
 * one that opts out (`open-source-rds-extended-support-disabled`) cannot be created and is upgraded to the next major
 * version at a time RDS chooses (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/extended-support.html;
 * CreateDBInstance's EngineLifecycleSupport, https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html).
 * Only the explicit opt-in, the reviewed choice to pay, passes. The day is pinned: the review's `today`.
 */
describe('rds-engine-in-standard-support', () => {
  const ENGINE_RULE = 'rds-engine-in-standard-support';
  const TODAY = '2026-12-07';
  const reviewOf = (model: ReturnType<typeof synthModel>, today = TODAY) => {
    const rules = allRules.filter((rule) => rule.id === ENGINE_RULE);
    return review(model, { rules, today }).results[0];
  };
  /** The fixture's instance with these attributes (undefined deletes one). */
  const instanceWith = (attributes: Record<string, unknown>) => {
    const synth = fixtureSynth();
    const instance = synthResource(synth, 'aws_db_instance');
    for (const [name, value] of Object.entries(attributes)) {
      if (value === undefined) delete instance[name];
      else instance[name] = value;
    }
    return synthModel(synth);
  };
  const FIX =
    'upgrade engine_version to a major version in standard support, or set engine_lifecycle_support = ' +
    '"open-source-rds-extended-support" to accept the Extended Support charge as a reviewed choice';
  const ENDED_80 =
    'database/instance runs mysql 8.0, whose RDS standard support ended on 2026-07-31 ' +
    '(https://docs.aws.amazon.com/AmazonRDS/latest/MySQLReleaseNotes/mysql-release-calendar.html)';

  it.each([
    ['8.4 without engine_lifecycle_support', { engine_version: '8.4', engine_lifecycle_support: undefined }],
    [
      '8.4.5 opted out, as apps/infra writes it',
      { engine_version: '8.4.5', engine_lifecycle_support: 'open-source-rds-extended-support-disabled' },
    ],
    ['8.0 with the explicit opt-in (the fixture)', {}],
    ['8.0.40 with the explicit opt-in', { engine_version: '8.0.40' }],
    [
      "no engine_version: RDS's default, a current version",
      { engine_version: undefined, engine_lifecycle_support: undefined },
    ],
  ])('passes %s', (_, attributes) => {
    const result = reviewOf(instanceWith(attributes));
    expect(result.status).toBe('pass');
    expect(result.findings).toHaveLength(1);
  });

  it('fails 8.0 without engine_lifecycle_support, saying RDS enrolls it in paid Extended Support', () => {
    expect(reviewOf(instanceWith({ engine_lifecycle_support: undefined })).findings[0].message).toBe(
      `${ENDED_80}, and sets no engine_lifecycle_support: RDS enrolls it in paid Extended Support automatically; ${FIX}`,
    );
  });

  it('fails 8.0 that opts out: RDS would not create it, and upgrades an existing one when it chooses', () => {
    const optedOut = instanceWith({ engine_lifecycle_support: 'open-source-rds-extended-support-disabled' });
    expect(reviewOf(optedOut).findings[0].message).toBe(
      `${ENDED_80}, and opts out of Extended Support (engine_lifecycle_support = "open-source-rds-extended-support-disabled"): ` +
        `RDS refuses to create it, and upgrades an existing one to the next major version at a time RDS chooses; ${FIX}`,
    );
  });

  it('fails 8.0 whose engine_lifecycle_support the review cannot read', () => {
    const result = reviewOf(instanceWith({ engine_lifecycle_support: '${var.lifecycle}' }));
    expect(result.findings[0].message).toBe(
      `${ENDED_80}, and sets engine_lifecycle_support to \${var.lifecycle}, which the review cannot read; ${FIX}`,
    );
  });

  it("compares with the review's day: 8.0 without the opt-in passes up to its last day of standard support", () => {
    const unset = instanceWith({ engine_lifecycle_support: undefined });
    expect(reviewOf(unset, '2026-07-31').status).toBe('pass');
    expect(reviewOf(unset, '2026-08-01').status).toBe('fail');
    const on84 = instanceWith({ engine_version: '8.4', engine_lifecycle_support: undefined });
    expect(reviewOf(on84, '2029-07-31').status).toBe('pass');
    expect(reviewOf(on84, '2029-08-01').findings[0].message).toMatch(
      /^database\/instance runs mysql 8\.4, whose RDS standard support ended on 2029-07-31 .*sets no engine_lifecycle_support/,
    );
  });

  it('fails a major version it has no dates for, saying where to add them', () => {
    expect(reviewOf(instanceWith({ engine_version: '9.1' })).findings[0].message).toBe(
      'database/instance runs mysql 9.1, a major version the review has no dates for: add it to RDS_STANDARD_SUPPORT_ENDS ' +
        'in apps/plan-review/src/rules/rds/standard-support.ts with its end of standard support from ' +
        'https://docs.aws.amazon.com/AmazonRDS/latest/MySQLReleaseNotes/mysql-release-calendar.html',
    );
  });

  it.each([
    [
      'an engine_version it cannot read',
      { engine_version: '${var.engine_version}' },
      /has an engine_version the review cannot read \(\$\{var\.engine_version\}\)$/,
    ],
    [
      'an engine it has no dates for',
      { engine: 'postgres', engine_version: '16.4' },
      /runs postgres, an engine the review has no RDS standard support dates for: add/,
    ],
    ['no engine', { engine: undefined }, /has an engine the review cannot read \(unset\)/],
  ])('fails %s', (_, attributes, message) => {
    const result = reviewOf(instanceWith(attributes));
    expect(result.status).toBe('fail');
    expect(result.findings[0].message).toMatch(message);
  });

  it('reads a plan: the fixture plan passes, and fails once its instance no longer opts in', () => {
    const rules = allRules.filter((rule) => rule.id === ENGINE_RULE);
    expect(review(planModel(fixturePlan()), { rules, today: TODAY }).results[0].status).toBe('pass');
    const unset = planOf({
      address: 'aws_db_instance.db',
      after: { engine: 'mysql', engine_version: '8.0', instance_class: 'db.t4g.micro' },
      computed: ['engine_lifecycle_support'],
    });
    expect(review(planModel(unset), { rules, today: TODAY }).results[0].findings[0].message).toMatch(
      /^db runs mysql 8\.0, whose RDS standard support ended on 2026-07-31 .*sets no engine_lifecycle_support/,
    );
  });
});
