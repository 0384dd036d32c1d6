// Lets tests import .sql files as strings, the way esbuild's `text` loader bundles them.
module.exports = {
  process(sourceText) {
    return { code: `module.exports = ${JSON.stringify(sourceText)};` };
  },
};
