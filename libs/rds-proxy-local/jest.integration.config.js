// `nx run rds-proxy-local-lib:integration`: only the *.integration.spec.ts files (see jest.preset.js). Each spec file
// starts its own throwaway MariaDB; two side by side is what 2 shared cores take without slowing the start-ups.
module.exports = {
  ...require('./jest.config.js'),
  displayName: 'rds-proxy-local-lib:integration',
  testMatch: ['**/*.integration.spec.ts'],
  maxWorkers: 2,
};
