import { runMigrations } from '@rds-platform/db';
import type { MigrationRunner } from './bootstrap';
import { withSession } from './database-session';

/** The app schema's migrations from libs/db, the same ones the runtime's `db:migrate` applies, run as master. */
export const runSchemaMigrations: MigrationRunner = (master) =>
  withSession(master, (session) => runMigrations(session.query));
