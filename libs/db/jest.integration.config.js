// `nx run db:integration`: only the *.integration.spec.ts files (see jest.preset.js).
module.exports = {
  ...require('./jest.config.js'),
  displayName: 'db:integration',
  testMatch: ['**/*.integration.spec.ts'],
};
