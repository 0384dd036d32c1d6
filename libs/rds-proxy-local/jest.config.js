module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'rds-proxy-local-lib',
  rootDir: __dirname,
};
