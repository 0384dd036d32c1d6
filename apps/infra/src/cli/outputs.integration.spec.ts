import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runTerraform } from '../terraform/terraform-cli';
import { nonSensitiveOutputs } from './outputs';

/**
 * `infra:outputs` reads a stack's outputs with the real `terraform output -json`, here from a local state file of
 * Terraform's own format (version 4) holding one sensitive output, as a deployed stack's state would.
 */
const work = mkdtempSync(path.join(tmpdir(), 'infra-outputs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function stateWith(outputs: Record<string, { value: unknown; type: string; sensitive?: boolean }>): string {
  return JSON.stringify({
    version: 4,
    terraform_version: '1.11.0',
    serial: 1,
    lineage: 'spec',
    outputs,
    resources: [],
  });
}

describe('infra:outputs', () => {
  it('keeps what the drill reads and drops sensitive outputs, which terraform prints in plain text in JSON', () => {
    writeFileSync(
      path.join(work, 'terraform.tfstate'),
      stateWith({
        api_url: { value: 'https://abc.execute-api.ap-northeast-2.amazonaws.com/dev', type: 'string' },
        db_instance_identifier: { value: 'rdsp-dev-db', type: 'string' },
        master_password: { value: 'hunter2', type: 'string', sensitive: true },
      }),
    );

    const json = runTerraform(['output', '-json'], { cwd: work });
    const outputs = nonSensitiveOutputs(json, 'dev');

    // Terraform itself prints the sensitive value in JSON mode: the reason for the filter.
    expect(json).toContain('hunter2');
    expect(outputs).toEqual({
      api_url: { value: 'https://abc.execute-api.ap-northeast-2.amazonaws.com/dev', type: 'string', sensitive: false },
      db_instance_identifier: { value: 'rdsp-dev-db', type: 'string', sensitive: false },
    });
    expect(JSON.stringify(outputs)).not.toContain('hunter2');
  });

  it('refuses a stack with no outputs, saying to deploy it first', () => {
    writeFileSync(path.join(work, 'terraform.tfstate'), stateWith({}));

    const json = runTerraform(['output', '-json'], { cwd: work });

    expect(() => nonSensitiveOutputs(json, 'dev')).toThrow(
      'the dev stack has no outputs in its state: deploy it first (npx nx run infra:deploy --env=dev).',
    );
  });
});
