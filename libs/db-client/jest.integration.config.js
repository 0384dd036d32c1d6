// `nx run db-client:integration`: only the *.integration.spec.ts files (see jest.preset.js).
module.exports = {
  ...require('./jest.config.js'),
  displayName: 'db-client:integration',
  testMatch: ['**/*.integration.spec.ts'],
};
