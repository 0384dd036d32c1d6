import { defineCases } from '../../testing/cases';
import { addSynthData } from '../../testing/fixtures';
import { accountAliasArn, addCluster, db, DB_KEY } from './fixture-edits';
import { rdsEncryptedWithCmk } from './rds-encrypted-with-cmk';

export default defineCases({
  rule: rdsEncryptedWithCmk,
  failing: [
    { variant: 'storage_encrypted = false', change: (s) => (db(s).storage_encrypted = false) },
    { variant: 'storage_encrypted from a variable', change: (s) => (db(s).storage_encrypted = '${var.encrypted}') },
    {
      variant: 'kms_key_id = alias/aws/rds (the AWS-managed key, not a CMK)',
      change: (s) => (db(s).kms_key_id = 'alias/aws/rds'),
    },
    { variant: 'the ARN of alias/aws/rds', change: (s) => (db(s).kms_key_id = accountAliasArn('aws/rds')) },
    {
      variant: 'the AWS-managed key looked up by data "aws_kms_alias" (target_key_arn)',
      change: (s) => {
        addSynthData(s, 'aws_kms_alias', 'rds', { name: 'alias/aws/rds' });
        db(s).kms_key_id = '${data.aws_kms_alias.rds.target_key_arn}';
      },
    },
    {
      variant: 'the AWS-managed key looked up by data "aws_kms_alias" (arn)',
      change: (s) => {
        addSynthData(s, 'aws_kms_alias', 'rds', { name: 'alias/aws/rds' });
        db(s).kms_key_id = '${data.aws_kms_alias.rds.arn}';
      },
    },
    {
      variant: 'the AWS-managed key looked up by data "aws_kms_key"',
      change: (s) => {
        addSynthData(s, 'aws_kms_key', 'rds', { key_id: 'alias/aws/rds' });
        db(s).kms_key_id = '${data.aws_kms_key.rds.arn}';
      },
    },
    {
      variant: 'an Aurora cluster with storage_encrypted=false',
      change: addCluster({ storage_encrypted: false, kms_key_id: DB_KEY }),
    },
    {
      variant: 'an Aurora cluster encrypted with no kms_key_id (the AWS-managed key)',
      change: addCluster({ storage_encrypted: true }),
    },
    {
      variant: 'an Aurora cluster encrypted with alias/aws/rds',
      change: addCluster({ storage_encrypted: true, kms_key_id: 'alias/aws/rds' }),
    },
  ],
  passing: [
    {
      variant: 'a customer alias whose name starts with "aws" (alias/aws-backup-db is not alias/aws/...)',
      change: (s) => (db(s).kms_key_id = accountAliasArn('aws-backup-db')),
    },
    {
      variant: 'a customer-managed key looked up by data "aws_kms_alias"',
      change: (s) => {
        addSynthData(s, 'aws_kms_alias', 'database', { name: 'alias/rds-platform-dev-database' });
        db(s).kms_key_id = '${data.aws_kms_alias.database.target_key_arn}';
      },
    },
    { variant: 'storage_encrypted as ${true}', change: (s) => (db(s).storage_encrypted = '${true}') },
    {
      variant: 'an Aurora cluster encrypted with our database key',
      change: addCluster({ storage_encrypted: true, kms_key_id: DB_KEY }),
    },
  ],
});
