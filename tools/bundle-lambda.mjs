#!/usr/bin/env node
// Bundles one Lambda entry point into dist/<project>/index.js (CommonJS, node22, minified).
// Usage: node tools/bundle-lambda.mjs <entry.ts> <outdir>
//
// The AWS SDK v3 is bundled, not left to the runtime's copy: the runtime's SDK version moves without notice,
// tree-shaken clients stay small, and one pinned version is what the tests ran against. See the README for sizes.
import { build } from 'esbuild';
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';

const [entry, outdir] = process.argv.slice(2);
if (!entry || !outdir) {
  console.error('usage: node tools/bundle-lambda.mjs <entry.ts> <outdir>');
  process.exit(2);
}
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: [entry],
  outfile: path.join(outdir, 'index.js'),
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  loader: { '.sql': 'text' },
  tsconfig: 'tsconfig.base.json',
  metafile: true,
  logLevel: 'warning',
});
const outFile = Object.keys(result.metafile.outputs).find((file) => file.endsWith('index.js'));
console.log(`bundled ${entry} -> ${outFile} (${(statSync(outFile).size / 1024).toFixed(0)} KiB)`);
