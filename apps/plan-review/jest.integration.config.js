// `nx run plan-review:integration`: only the *.integration.spec.ts files (see jest.preset.js).
module.exports = {
  ...require('./jest.config.js'),
  displayName: 'plan-review:integration',
  testMatch: ['**/*.integration.spec.ts'],
};
