// jsonc-parser's "main" is a UMD build whose relative requires (`./impl/format`) esbuild cannot
// follow, so a bundle would fail at run time; its ES module build ("module") bundles cleanly.
const path = require('path');

module.exports = {
  name: 'jsonc-parser-esm',
  setup(build) {
    build.onResolve({ filter: /^jsonc-parser$/ }, () => {
      const umd = require.resolve('jsonc-parser');
      return { path: path.join(path.dirname(umd), '..', 'esm', 'main.js') };
    });
  },
};
