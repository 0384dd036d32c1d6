// `nx run failover-meter:integration`: only the *.integration.spec.ts files (see jest.preset.js).
module.exports = {
  ...require('./jest.config.js'),
  displayName: 'failover-meter:integration',
  testMatch: ['**/*.integration.spec.ts'],
  // The three reliability specs mostly wait (outages, 10 s of load, meter intervals) and each starts its own MariaDB
  // and handler processes, so they run side by side instead of one after another (Jest's default here is 1 worker).
  // Not more: the CLI spec alongside them, on 2 cores already shared with other tasks, slowed the scenarios' cold
  // starts past their short runs.
  maxWorkers: 3,
};
