// `nx run failover-meter:integration`: only the *.integration.spec.ts files (see jest.preset.js).
module.exports = {
  ...require('./jest.config.js'),
  displayName: 'failover-meter:integration',
  testMatch: ['**/*.integration.spec.ts'],
};
