module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'rotation-lambda',
  rootDir: __dirname,
  // Suites start a throwaway MariaDB on 2 shared cores; only the budget is generous, nothing asserts timing.
  testTimeout: 30_000,
};
