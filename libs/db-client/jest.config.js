module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'db-client',
  rootDir: __dirname,
};
