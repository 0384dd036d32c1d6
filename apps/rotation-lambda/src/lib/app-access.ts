import { APP_STATEMENTS } from '@rds-platform/db';
import type { DatabaseSession } from './database-session';
import { DatabaseOperationError } from './errors';

/**
 * Server answers that mean "this user cannot run the app's statement" (missing privilege, or the schema or table is
 * not there), as opposed to a server in trouble, which a retry may fix. MySQL 8 and MariaDB share these codes.
 */
const REFUSALS = new Set([
  'ER_DBACCESS_DENIED_ERROR',
  'ER_TABLEACCESS_DENIED_ERROR',
  'ER_COLUMNACCESS_DENIED_ERROR',
  'ER_SPECIFIC_ACCESS_DENIED_ERROR',
  'ER_PROCACCESS_DENIED_ERROR',
  'ER_NO_DB_ERROR',
  'ER_BAD_DB_ERROR',
  'ER_NO_SUCH_TABLE',
  'ER_BAD_FIELD_ERROR',
]);

/**
 * What the logged-in user cannot do of the app's work: one sentence per refused statement (its purpose and the
 * server's code, never SQL values), empty when the app would work. Each statement runs as `EXPLAIN`, which needs
 * exactly the privileges of the statement itself and changes nothing
 * (https://dev.mysql.com/doc/refman/8.0/en/explain.html, https://mariadb.com/kb/en/explain/). So the check holds for
 * every way the rights can be given: on the schema, per table or column, or through a (default) role, as the proxy's
 * sessions get them at login.
 */
export async function appAccessRefusals(session: DatabaseSession): Promise<string[]> {
  if (session.schemaRefused) return [`cannot use the schema (${session.schemaRefused})`];
  const refusals: string[] = [];
  for (const statement of Object.values(APP_STATEMENTS)) {
    try {
      await session.run(statement.purpose, `EXPLAIN ${statement.sql}`, [...statement.sampleParams]);
    } catch (error) {
      if (!(error instanceof DatabaseOperationError) || !REFUSALS.has(error.code ?? '')) throw error;
      refusals.push(`cannot ${statement.purpose} (${error.code})`);
    }
  }
  return refusals;
}
