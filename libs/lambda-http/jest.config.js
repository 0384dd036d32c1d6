module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'lambda-http',
  rootDir: __dirname,
};
