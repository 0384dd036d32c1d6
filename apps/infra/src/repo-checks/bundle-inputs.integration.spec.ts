import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { WORKSPACE_ROOT } from '../app';

// The IAM simulator the access matrix uses (@cloud-copilot/iam-simulate and its iam-policy) is AGPL-3.0: a dev
// dependency for the tests, never shipped. Each Lambda build writes the files its bundle holds
// (tools/bundle-lambda.mjs, bundle-inputs.json); none may come from a dev-only package.
const DEV_ONLY = ['@cloud-copilot/', 'aws-sdk-client-mock', '@cdktf/', 'cdktf', 'jest'];

describe.each(['api-lambda', 'rotation-lambda'])('the %s bundle', (app) => {
  it('holds no file of a dev-only package (the AGPL IAM simulator above all)', () => {
    const file = path.join(WORKSPACE_ROOT, 'dist/apps', app, 'bundle-inputs.json');
    if (!existsSync(file)) {
      throw new Error(`${path.relative(WORKSPACE_ROOT, file)} is missing: run \`npx nx run ${app}:build\` first`);
    }
    const inputs = JSON.parse(readFileSync(file, 'utf8')) as string[];
    expect(inputs.length).toBeGreaterThan(50);
    expect(inputs.filter((input) => DEV_ONLY.some((name) => input.includes(`node_modules/${name}`)))).toEqual([]);
  });
});
