import { addSynthResource, synthResource, type SynthJson } from '../../testing/fixtures';

/** Edits of the fixture synth (testing/fixtures.ts) the RDS rules' cases share. */

export { accountAliasArn, OUR_ACCOUNT } from '../../testing/policy-documents';
/** The stack's database key, as the fixture's DB instance references it. */
export const DB_KEY = '${aws_kms_key.kms_database_EE031BFB.arn}';

/** The fixture's DB instance (mutate it in place). */
export const db = (synth: SynthJson) => synthResource(synth, 'aws_db_instance');

/** Adds an Aurora MySQL cluster with these attributes. */
export const addCluster = (values: Record<string, unknown>) => (synth: SynthJson) =>
  addSynthResource(synth, 'aws_rds_cluster', 'aurora', {
    cluster_identifier: 'rds-platform-dev-aurora',
    engine: 'aurora-mysql',
    manage_master_user_password: true,
    ...values,
  });

/** Adds an instance of that Aurora cluster with these attributes. */
export const addClusterInstance = (values: Record<string, unknown>) => (synth: SynthJson) =>
  addSynthResource(synth, 'aws_rds_cluster_instance', 'aurora-1', {
    cluster_identifier: '${aws_rds_cluster.aurora.id}',
    instance_class: 'db.r6g.large',
    engine: 'aurora-mysql',
    ...values,
  });
