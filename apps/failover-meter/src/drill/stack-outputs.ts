import { readFileSync } from 'node:fs';

/** What the drill needs from `terraform output -json` of a stack. */
export interface StackOutputs {
  readonly apiUrl: URL;
  readonly dbInstanceIdentifier: string;
  /** Only the dev stack has an FIS experiment template. */
  readonly fisExperimentTemplateId?: string;
}

/** The outputs file is missing, not JSON, or lacks an output: a usage problem, told in one line. */
export class StackOutputsError extends Error {
  override readonly name = 'StackOutputsError';
}

/** How to (re)write an outputs file, for the messages that say one is missing or unusable. */
export function saveOutputsHint(file: string): string {
  return `write it with \`npx nx run infra:outputs --env=<stack>\` (dist/outputs/<stack>.json) or \`terraform output -json > ${file}\``;
}

/** The JSON `terraform output -json` prints: `{ "<name>": { "value": ..., "type": ..., "sensitive": ... } }`. */
export type TerraformOutputs = Readonly<Record<string, unknown>>;

/** Reads and parses an outputs file; the caller picks the outputs it needs with `outputValue`. */
export function readOutputsFile(file: string): TerraformOutputs {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new StackOutputsError(`cannot read ${file}${code === 'ENOENT' ? ': no such file' : ` (${code})`}`);
  }
  let outputs: unknown;
  try {
    outputs = JSON.parse(text);
  } catch {
    throw new StackOutputsError(`${file} is not JSON: ${saveOutputsHint(file)}`);
  }
  if (typeof outputs !== 'object' || outputs === null || Array.isArray(outputs)) {
    throw new StackOutputsError(`${file} is not a terraform outputs object ({"api_url": {"value": ...}, ...})`);
  }
  return outputs as TerraformOutputs;
}

/**
 * The non-empty string value of one output. A missing optional output is undefined; a missing required one throws,
 * with `missingHint` (if given) after the message, e.g. how to save the outputs of a stack that has it.
 */
export function outputValue(
  outputs: TerraformOutputs,
  file: string,
  name: string,
  { required, missingHint }: { required: boolean; missingHint?: string },
): string | undefined {
  const output = outputs[name];
  const raw = (output as { value?: unknown } | undefined)?.value;
  if (output === undefined && !required) return undefined;
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new StackOutputsError(
      output === undefined
        ? `${file} has no output "${name}"${missingHint === undefined ? '' : `: ${missingHint}`}`
        : `${file}: output "${name}" must have a non-empty string value`,
    );
  }
  return raw;
}

/** The drill's outputs: `api_url`, `db_instance_identifier` and, where there is one, `fis_experiment_template_id`. */
export function readStackOutputs(file: string): StackOutputs {
  const outputs = readOutputsFile(file);
  const value = (name: string, required: boolean) => outputValue(outputs, file, name, { required });
  const apiUrl = value('api_url', true) as string;
  if (!URL.canParse(apiUrl) || !/^https?:$/.test(new URL(apiUrl).protocol)) {
    throw new StackOutputsError(`${file}: output "api_url" must be an http(s) URL, got "${apiUrl}"`);
  }
  return {
    apiUrl: new URL(apiUrl),
    dbInstanceIdentifier: value('db_instance_identifier', true) as string,
    fisExperimentTemplateId: value('fis_experiment_template_id', false),
  };
}
