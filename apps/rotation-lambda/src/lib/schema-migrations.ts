import type { MigrationRunner } from './bootstrap';

// Wired to @rds-platform/db's runMigrations once that lib lands.
export const runSchemaMigrations: MigrationRunner = async () => [];
