// The Lambda bundle budget (dist/<project>/index.js, minified) has one home, lambda-bundle-budget.json: this build
// step refuses a bundle above it, and the README's quote of it is checked by a spec (infra repo-checks).
import { readFileSync } from 'node:fs';

export const MAX_LAMBDA_BUNDLE_BYTES = JSON.parse(
  readFileSync(new URL('./lambda-bundle-budget.json', import.meta.url), 'utf8'),
).maxBytes;

/** One line for a person when `bytes` is over the budget, else undefined. */
export function bundleOverBudget(name, bytes) {
  if (bytes <= MAX_LAMBDA_BUNDLE_BYTES) return undefined;
  const over = bytes - MAX_LAMBDA_BUNDLE_BYTES;
  return (
    `${name} is ${bytes.toLocaleString('en-US')} bytes, ${over.toLocaleString('en-US')} over the ` +
    `${MAX_LAMBDA_BUNDLE_BYTES.toLocaleString('en-US')}-byte Lambda bundle budget (tools/lambda-bundle-budget.json): ` +
    `dist/<project>/bundle-inputs.json lists what the bundle holds`
  );
}
