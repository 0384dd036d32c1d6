module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'rds-proxy-local',
  rootDir: __dirname,
};
