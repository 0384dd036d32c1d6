module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'failover-meter',
  rootDir: __dirname,
};
