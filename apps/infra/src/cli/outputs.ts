import './exit-on-config-error';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WORKSPACE_ROOT } from '../app';
import { runTerraform } from '../terraform/terraform-cli';
import { parseCommandLine, runMain, UsageError } from './options';

/** Where `infra:outputs` writes a stack's outputs: what the drill and the alert-path test read with `--outputs`. */
export function outputsFile(stackName: string): string {
  return path.join(WORKSPACE_ROOT, 'dist', 'outputs', `${stackName}.json`);
}

/**
 * A deployed stack's outputs as `terraform output -json` prints them, without the sensitive ones: Terraform prints
 * those in plain text in JSON mode (https://developer.hashicorp.com/terraform/cli/commands/output#json), and a file
 * people pass around must never hold one.
 */
export function nonSensitiveOutputs(json: string, stackName: string): Record<string, unknown> {
  const outputs = JSON.parse(json) as Record<string, { sensitive?: boolean }>;
  const kept = Object.fromEntries(Object.entries(outputs).filter(([, output]) => output.sensitive !== true));
  if (Object.keys(kept).length === 0) {
    throw new UsageError(
      `the ${stackName} stack has no outputs in its state: deploy it first (npx nx run infra:deploy --env=${stackName}).`,
    );
  }
  return kept;
}

/**
 * `npx nx run infra:outputs --env=<stack>`: writes the deployed stack's outputs to dist/outputs/<stack>.json (the
 * file `failover-meter drill --outputs` and `alert-path --outputs` read), from the state `infra:deploy` left in
 * cdktf.out/stacks/<stack>. Reads the state only: no plan, no change.
 */
if (require.main === module) {
  runMain(() => {
    const { stackName } = parseCommandLine(process.argv.slice(2), []);
    const stackDirectory = path.join(WORKSPACE_ROOT, 'cdktf.out', 'stacks', stackName);
    if (!existsSync(stackDirectory)) {
      throw new UsageError(
        `${path.relative(WORKSPACE_ROOT, stackDirectory)} does not exist: deploy the stack from this clone first (npx nx run infra:deploy --env=${stackName}).`,
      );
    }
    const json = runTerraform(['output', '-json'], { cwd: stackDirectory });
    const file = outputsFile(stackName);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(nonSensitiveOutputs(json, stackName), null, 2)}\n`);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  });
}
