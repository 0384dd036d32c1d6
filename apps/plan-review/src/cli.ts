import { parseArgs } from 'node:util';
import { InputError } from './input/input-error';
import { runReview } from './run-review';

const USAGE = `Usage: review [--plan <plan.json> | --synth <cdk.tf.json>] [--base <git-ref>] [--env dev|prod]
              [--format md|json|sarif] [--out <file>] [--suppressions <review-suppressions.json>]
Reviews a Terraform plan (terraform show -json) or a CDKTF synth. Without --plan/--synth, makes the offline plan of
--env (default dev) with the infra CLI and reviews that. Suppressions count when listed in the reviewed file
(default: review-suppressions.json at the repository root) or, declared in code, when they carry an expiry;
none counts for a critical rule. The Markdown always fits one GitHub comment; the JSON has everything; SARIF 2.1.0
is for code scanning.
Exit codes: 0 every rule passes or is suppressed by a suppression that counts; 1 a rule fails; 2 unusable input.`;

/** Exit codes are the contract with CI scripts (`npm run review -- ...` passes them through; Nx turns all into 1). */
export const EXIT = { passed: 0, failed: 1, unusableInput: 2 } as const;

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        plan: { type: 'string' },
        synth: { type: 'string' },
        base: { type: 'string' },
        env: { type: 'string' },
        format: { type: 'string', default: 'md' },
        out: { type: 'string' },
        suppressions: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return EXIT.passed;
    }
    const format = values.format;
    if (format !== 'md' && format !== 'json' && format !== 'sarif')
      throw new InputError(`--format must be md, json or sarif, got "${format}".`);
    const outcome = await runReview({ ...values, format, cwd: process.cwd() });
    if (outcome.report !== undefined) process.stdout.write(outcome.report);
    return outcome.passed ? EXIT.passed : EXIT.failed;
  } catch (error) {
    const usage = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? `\n${USAGE}` : '';
    const known = error instanceof InputError || usage;
    process.stderr.write(`review: ${known ? '' : 'internal error: '}${(error as Error).message}${usage}\n`);
    return EXIT.unusableInput;
  }
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
