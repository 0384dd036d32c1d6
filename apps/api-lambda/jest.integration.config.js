// `nx run api-lambda:integration`: only the *.integration.spec.ts files (see jest.preset.js).
module.exports = {
  ...require('./jest.config.js'),
  displayName: 'api-lambda:integration',
  testMatch: ['**/*.integration.spec.ts'],
};
