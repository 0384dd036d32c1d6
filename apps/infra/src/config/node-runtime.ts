import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The Node.js the project runs on has one home: the exact version of the `node` devDependency in the root
 * package.json. `npm ci` installs that build (the npm registry serves Node binaries as packages) and every `npm`/`npx`
 * command runs on it, the tests included. The Lambdas run the same major: their runtime is derived here, and the
 * bundles target it (tools/bundle-lambda.mjs reads the same field). A Node upgrade is that one line.
 * Runtimes: https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 */
export function projectNodeMajor(packageJsonPath = path.resolve(__dirname, '../../../../package.json')): number {
  const manifest = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { devDependencies?: Record<string, string> };
  const version = manifest.devDependencies?.['node'];
  const major = /^(\d+)\.\d+\.\d+$/.exec(version ?? '')?.[1];
  if (!major) {
    throw new Error(
      `package.json must pin the project's Node as an exact devDependency ("node": "22.x.y"), got ${JSON.stringify(version)}`,
    );
  }
  return Number(major);
}

/**
 * Node.js majors Lambda has a managed runtime for (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html):
 * Lambda ships even majors only. A pin outside this list has no runtime to run on.
 */
export const LAMBDA_NODE_MAJORS = [20, 22, 24];

/** The Lambda runtime identifier for a Node major, e.g. `nodejs22.x`; a major Lambda has no runtime for is an error. */
export function lambdaNodeRuntime(major: number): string {
  if (!LAMBDA_NODE_MAJORS.includes(major)) {
    throw new Error(
      `package.json pins Node ${major}, which has no Lambda runtime (${LAMBDA_NODE_MAJORS.map((m) => `nodejs${m}.x`).join(', ')})`,
    );
  }
  return `nodejs${major}.x`;
}

/** The Lambda runtime identifier for the project's Node major, e.g. `nodejs22.x`. */
export const LAMBDA_NODE_RUNTIME = lambdaNodeRuntime(projectNodeMajor());
