// `nx run db-client:integration`: only the *.integration.spec.ts files (see jest.preset.js).
module.exports = {
  ...require('./jest.config.js'),
  displayName: 'db-client:integration',
  testMatch: ['**/*.integration.spec.ts'],
  // These specs mostly wait (SDK and connect timeouts, a server restart), each with its own MariaDB or endpoint:
  // side by side they take ~6 s instead of ~13 s (Jest's default here is 1 worker).
  maxWorkers: 3,
};
