// `nx run testing:integration`: only the *.integration.spec.ts files (see jest.preset.js).
module.exports = {
  ...require('./jest.config.js'),
  displayName: 'testing:integration',
  testMatch: ['**/*.integration.spec.ts'],
};
