module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'pr-comment',
  rootDir: __dirname,
};
