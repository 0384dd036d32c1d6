import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { existsSync } from 'node:fs';
import path from 'node:path';

const WORKSPACE_ROOT = path.resolve(__dirname, '../../../..');

/** Written by `tools/bundle-lambda.mjs` next to `index.js`: one entry, fixed mtime and mode (tools/lambda-zip.mjs). */
export const LAMBDA_ZIP_NAME = 'lambda.zip';

/**
 * The packed bundle of a Lambda app (`dist/apps/<app>/lambda.zip`, from `npx nx run <app>:build`) as a file asset.
 * The zip is reproducible, so an unchanged bundle keeps its `source_code_hash` across builds and deploys change
 * nothing; synth only copies it (zipping the folder at synth time recorded mtimes and cost ~0.6 s per asset).
 * `directory` overrides the location (unit tests use a tiny temp folder).
 */
export function lambdaBundle(scope: Construct, id: string, app: string, directory?: string): TerraformAsset {
  const zipFile = path.join(directory ?? path.join(WORKSPACE_ROOT, 'dist/apps', app), LAMBDA_ZIP_NAME);
  if (!existsSync(zipFile)) {
    throw new Error(`${zipFile} is missing: run \`npx nx run ${app}:build\` first.`);
  }
  return new TerraformAsset(scope, id, { path: zipFile, type: AssetType.FILE });
}
