// `nx run rds-proxy-local:integration`: only the *.integration.spec.ts files (see jest.preset.js): the bin's contract.
// The stand-in's own integration specs are in libs/rds-proxy-local.
module.exports = {
  ...require('./jest.config.js'),
  displayName: 'rds-proxy-local:integration',
  testMatch: ['**/*.integration.spec.ts'],
};
