module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'rotation-lambda',
  rootDir: __dirname,
};
