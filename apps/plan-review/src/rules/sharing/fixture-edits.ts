import { addSynthResource, type SynthJson } from '../../testing/fixtures';

/** Grants, layer permissions and snapshots for the sharing rules' cases: the fixture has none of them. */
export const OWN_ACCOUNT = '123456789012';
export const FOREIGN_ACCOUNT = '210987654321';

export const addGrant = (synth: SynthJson, grantee: string) =>
  addSynthResource(synth, 'aws_kms_grant', 'backup-grant', {
    name: 'backup',
    key_id: '${aws_kms_key.kms_database_EE031BFB.arn}',
    grantee_principal: grantee,
    operations: ['Decrypt'],
  });

export const addLayerPermission = (synth: SynthJson, values: Record<string, unknown>) =>
  addSynthResource(synth, 'aws_lambda_layer_version_permission', 'layer-share', {
    layer_name: 'arn:aws:lambda:ap-northeast-2:123456789012:layer:shared',
    version_number: 1,
    statement_id: 'share',
    action: 'lambda:GetLayerVersion',
    ...values,
  });

export const addSnapshot = (synth: SynthJson, type: string, sharedAccounts: string[]) =>
  addSynthResource(synth, type, 'db-snapshot', {
    db_snapshot_identifier: 'before-upgrade',
    db_instance_identifier: '${aws_db_instance.database_instance_D7FC2283.identifier}',
    shared_accounts: sharedAccounts,
  });
