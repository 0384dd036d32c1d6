// `nx run infra:integration`: only the *.integration.spec.ts files (see jest.preset.js).
module.exports = {
  ...require('./jest.config.js'),
  displayName: 'infra:integration',
  testMatch: ['**/*.integration.spec.ts'],
};
