#!/usr/bin/env node
// Packs <bundle dir>/index.js into <bundle dir>/lambda.zip, the file infra deploys (a Terraform FILE asset).
// Usage: node tools/lambda-zip.mjs <bundle dir>   (tools/bundle-lambda.mjs calls it after every build)
//
// The zip is a pure function of index.js: one entry, a fixed timestamp and fixed Unix permissions. A rebuilt but
// identical bundle therefore keeps its `source_code_hash`, so Terraform neither updates the functions nor re-runs
// the bootstrap invocation (whose trigger is that hash). A zip of the folder made at synth time recorded the file's
// mtime, which changes on every build.
import { zipSync } from 'fflate';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const LAMBDA_ZIP_NAME = 'lambda.zip';

// Zip stores local-time fields (DOS date); a date built from local fields gives the same bytes in every time zone.
// 1980-01-01 is the earliest date the format can hold (the usual choice of reproducible builds).
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
const UNIX = 3;
// Regular file, rw-r--r--: Lambda only needs to read it.
const REGULAR_FILE_0644 = (0o100644 << 16) >>> 0;

/** Writes `<bundleDirectory>/lambda.zip` from `<bundleDirectory>/index.js` and returns its path. */
export function writeLambdaZip(bundleDirectory) {
  const zip = zipSync(
    { 'index.js': [readFileSync(path.join(bundleDirectory, 'index.js')), { os: UNIX, attrs: REGULAR_FILE_0644 }] },
    { level: 9, mtime: FIXED_MTIME },
  );
  const zipFile = path.join(bundleDirectory, LAMBDA_ZIP_NAME);
  writeFileSync(zipFile, zip);
  return zipFile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [bundleDirectory] = process.argv.slice(2);
  if (!bundleDirectory) {
    console.error('usage: node tools/lambda-zip.mjs <bundle dir containing index.js>');
    process.exit(2);
  }
  console.log(`packed ${writeLambdaZip(bundleDirectory)}`);
}
