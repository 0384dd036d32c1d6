module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'markdown-table',
  rootDir: __dirname,
};
