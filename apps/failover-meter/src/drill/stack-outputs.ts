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

/** Reads the JSON `terraform output -json` prints: `{ "<name>": { "value": ..., "type": ..., "sensitive": ... } }`. */
export function readStackOutputs(file: string): StackOutputs {
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
    throw new StackOutputsError(`${file} is not JSON: save it with \`terraform output -json > ${file}\``);
  }
  if (typeof outputs !== 'object' || outputs === null || Array.isArray(outputs)) {
    throw new StackOutputsError(`${file} is not a terraform outputs object ({"api_url": {"value": ...}, ...})`);
  }
  const value = (name: string, required: boolean): string | undefined => {
    const output = (outputs as Record<string, unknown>)[name];
    const raw = (output as { value?: unknown } | undefined)?.value;
    if (output === undefined && !required) return undefined;
    if (typeof raw !== 'string' || raw.trim() === '') {
      throw new StackOutputsError(
        output === undefined
          ? `${file} has no output "${name}"`
          : `${file}: output "${name}" must have a non-empty string value`,
      );
    }
    return raw;
  };
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
