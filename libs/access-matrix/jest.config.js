module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'access-matrix',
  rootDir: __dirname,
};
