// Shared Jest settings: @swc/jest compiles TypeScript (ts-jest breaks on newer TypeScript and is slow),
// and the tsconfig path aliases map to sources so tests never need a build first.
const path = require('node:path');

const root = __dirname;

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)s$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
    '^.+\\.sql$': path.join(root, 'tools/jest-text-transform.js'),
  },
  moduleFileExtensions: ['ts', 'js', 'json', 'sql'],
  // `test` runs the unit specs (seconds, nothing to start or build). The specs that need MariaDB, terraform, the built
  // Lambda bundles or the shared offline plans, or that wait out real timeouts and outages, are *.integration.spec.ts
  // and run in the `integration` target (each project's jest.integration.config.js).
  testMatch: ['**/?(*.)+(spec|test).ts', '!**/*.integration.spec.ts'],
  moduleNameMapper: {
    '^@rds-platform/db-client$': path.join(root, 'libs/db-client/src/index.ts'),
    '^@rds-platform/db$': path.join(root, 'libs/db/src/index.ts'),
    '^@rds-platform/lambda-http$': path.join(root, 'libs/lambda-http/src/index.ts'),
    '^@rds-platform/markdown-table$': path.join(root, 'libs/markdown-table/src/index.ts'),
    '^@rds-platform/access-matrix$': path.join(root, 'libs/access-matrix/src/index.ts'),
    '^@rds-platform/rds-proxy-local$': path.join(root, 'libs/rds-proxy-local/src/index.ts'),
    '^@rds-platform/rds-proxy-local/testing$': path.join(root, 'libs/rds-proxy-local/src/lib/testing/proxy-fixture.ts'),
    '^@rds-platform/testing/(.*)$': path.join(root, 'libs/testing/src/$1'),
  },
};
