import { review } from '../review';
import { fixtureSynth, planModel, synthModel, synthResource, type PlanJson } from '../testing/fixtures';
import { planOf } from '../testing/plan-builder';
import { allRules } from './index';

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
