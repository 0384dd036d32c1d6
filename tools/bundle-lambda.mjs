#!/usr/bin/env node
// Bundles one Lambda entry point into dist/<project>/index.js (CommonJS, node22, minified) and packs it into
// dist/<project>/lambda.zip, a reproducible zip (same index.js -> same bytes; see lambda-zip.mjs) that infra deploys.
// Usage: node tools/bundle-lambda.mjs <entry.ts> <outdir> [--no-budget]
//
// The AWS SDK v3 is bundled, not left to the runtime's copy: the runtime's SDK version moves without notice, one
// pinned version is what the tests ran against, and @aws-sdk/rds-signer is not in the runtime at all. Bundling costs
// little once tree-shaken: ESM entry points first (`module` before `main`) drop the unused credential providers
// (1133 -> 970 KiB for api-lambda), and the CJK code-page tables of iconv-lite (393 KiB, only used by mysql2 for
// non-UTF-8 result charsets; our connections are utf8mb4) are replaced by a stub that fails loudly if ever reached.
// Measured on api-lambda (2 shared cores): 969 KiB, cold require 180-230 ms; leaving the Secrets Manager client and
// @smithy external loaded no faster (175-380 ms: resolving hundreds of files costs more than parsing one).
// No keepNames: it keeps every function's name, +31 KiB on api-lambda (1,005 KiB, over the 1 MB budget); our error
// classes name themselves instead (`override readonly name = 'DbAuthError'`), which is what the logs need.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LAMBDA_ZIP_NAME, writeLambdaZip } from './lambda-zip.mjs';
import { bundleOverBudget } from './lambda-bundle-budget.mjs';
import { compactMysqlErrors, stubCjkCodePages, stubNamedSslProfiles } from './lambda-bundle-plugins.mjs';

// `--no-budget` is for bundles that never become a Lambda (`api-lambda:serve`, `api-lambda:bench`).
const args = process.argv.slice(2);
const checkBudget = !args.includes('--no-budget');
const [entry, outdir] = args.filter((arg) => arg !== '--no-budget');
if (!entry || !outdir) {
  console.error('usage: node tools/bundle-lambda.mjs <entry.ts> <outdir> [--no-budget]');
  process.exit(2);
}
// Built aside, then each file is renamed over its old copy (rename(2) replaces a file atomically), then files the new
// build no longer makes are deleted: tests and synths running meanwhile (several people build and read dist/ at the
// same time) always find a complete index.js and lambda.zip, never a missing or half-written one. Removing the folder
// first, or renaming folders (rename cannot replace a non-empty folder), would leave a moment without index.js.
function swapInto(fromDir, toDir) {
  mkdirSync(toDir, { recursive: true });
  const built = readdirSync(fromDir);
  for (const name of built) renameSync(path.join(fromDir, name), path.join(toDir, name));
  for (const name of readdirSync(toDir)) {
    if (!built.includes(name)) rmSync(path.join(toDir, name), { recursive: true, force: true });
  }
}

// The same rule as apps/infra/src/config/node-runtime.ts: an exact x.y.z pin, or no build.
const nodePin = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).devDependencies?.node;
const pinnedMajor = /^(\d+)\.\d+\.\d+$/.exec(nodePin ?? '')?.[1];
if (!pinnedMajor) {
  console.error(
    `bundle-lambda: package.json must pin the project's Node exactly ("node": "22.x.y"), got ${JSON.stringify(nodePin)}`,
  );
  process.exit(2);
}
const projectNodeMajor = Number(pinnedMajor);

const stagingDir = `${path.resolve(outdir)}.partial-${process.pid}`;
rmSync(stagingDir, { recursive: true, force: true });
try {
  const { metafile } = await build({
    entryPoints: [entry],
    // Every file the bundle holds, written beside it (bundle-inputs.json): a spec checks that no dev-only
    // dependency (e.g. the AGPL-licensed IAM simulator) ever ends up in a Lambda.
    metafile: true,
    outfile: path.join(stagingDir, 'index.js'),
    bundle: true,
    platform: 'node',
    mainFields: ['module', 'main'],
    plugins: [stubCjkCodePages, stubNamedSslProfiles, compactMysqlErrors],
    // The project's Node major, from its one home (the `node` devDependency; apps/infra/src/config/node-runtime.ts).
    target: `node${projectNodeMajor}`,
    // `import()` written as `require()` inside a promise (what esbuild does for targets without dynamic import):
    // the SDK's HTTP handler loads node:http with `await import('node:http')` on its first request to an http://
    // endpoint (the local Secrets Manager of the bench and specs; AWS endpoints are https, imported statically).
    // An ESM import of a built-in builds a namespace from every export, so it runs node:http's lazy getters
    // (WebSocket, CloseEvent, MessageEvent), which load all of undici: about 25 ms of the first call in the bench's
    // cold start, for nothing the function uses (https://nodejs.org/api/esm.html#builtin-modules). It also keeps
    // Node's ESM loader out of the process. The module and its exports are the same either way.
    supported: { 'dynamic-import': false },
    format: 'cjs',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    loader: { '.sql': 'text' },
    tsconfig: 'tsconfig.base.json',
    logLevel: 'warning',
  });
  // Checked before the bundle replaces the last good one: an oversized build fails and leaves dist/ as it was.
  const overBudget =
    checkBudget && bundleOverBudget(path.join(outdir, 'index.js'), statSync(path.join(stagingDir, 'index.js')).size);
  if (overBudget) {
    console.error(`bundle-lambda: ${overBudget}`);
    process.exitCode = 1;
  } else {
    writeLambdaZip(stagingDir);
    writeFileSync(
      path.join(stagingDir, 'bundle-inputs.json'),
      `${JSON.stringify(Object.keys(metafile.inputs).sort(), null, 1)}\n`,
    );
    swapInto(stagingDir, outdir);
  }
} finally {
  rmSync(stagingDir, { recursive: true, force: true });
}
if (process.exitCode) process.exit();
const sizeKiB = (file) => `${(statSync(path.join(outdir, file)).size / 1024).toFixed(0)} KiB`;
console.log(
  `bundled ${entry} -> ${path.join(outdir, 'index.js')} (${sizeKiB('index.js')}), ${LAMBDA_ZIP_NAME} (${sizeKiB(LAMBDA_ZIP_NAME)})`,
);
