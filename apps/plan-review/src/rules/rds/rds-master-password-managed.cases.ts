import { defineCases } from '../../testing/cases';
import { db, OUR_ACCOUNT } from './fixture-edits';
import { rdsMasterPasswordManaged } from './rds-master-password-managed';

export default defineCases({
  rule: rdsMasterPasswordManaged,
  failing: [
    {
      variant: 'a master password set in the configuration',
      change: (s) => Object.assign(db(s), { manage_master_user_password: false, password: 'Passw0rd' }),
    },
    {
      variant: 'the RDS-managed master secret on alias/aws/secretsmanager',
      change: (s) => (db(s).master_user_secret_kms_key_id = 'alias/aws/secretsmanager'),
    },
    {
      variant: 'the RDS-managed master secret with no key (RDS uses aws/secretsmanager)',
      change: (s) => delete db(s).master_user_secret_kms_key_id,
    },
    {
      variant: 'the RDS-managed master secret on the AWS-managed key by ARN',
      change: (s) =>
        (db(s).master_user_secret_kms_key_id = `arn:aws:kms:ap-northeast-2:${OUR_ACCOUNT}:alias/aws/secretsmanager`),
    },
  ],
  passing: [
    {
      variant: 'the RDS-managed master secret on a customer-managed key by ARN',
      change: (s) =>
        (db(s).master_user_secret_kms_key_id =
          `arn:aws:kms:ap-northeast-2:${OUR_ACCOUNT}:key/0a1b2c3d-1111-2222-3333-444455556666`),
    },
  ],
});
