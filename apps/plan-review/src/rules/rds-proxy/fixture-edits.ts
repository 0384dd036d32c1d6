import { synthResource, type SynthJson } from '../../testing/fixtures';

/** Edits of the fixture synth (testing/fixtures.ts) the RDS Proxy rules' cases share. */

/** The fixture's proxy (mutate it in place). */
export const proxy = (synth: SynthJson) => synthResource(synth, 'aws_db_proxy');

/** The RDS-managed master secret of the fixture's DB instance, by reference. */
export const MASTER_SECRET = '${aws_db_instance.database_instance_D7FC2283.master_user_secret[0].secret_arn}';
/** The application user's secret of the stack, by reference. */
export const APP_SECRET = '${aws_secretsmanager_secret.app-secret.arn}';

/** Replaces the statements of the proxy role's inline policy (`proxy/secrets`). */
export const setProxyPolicy = (synth: SynthJson, statements: unknown[]) => {
  synthResource(synth, 'aws_iam_role_policy', 'proxy/secrets').policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: statements,
  });
};
