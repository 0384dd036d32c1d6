import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { commentBody, upsertStickyComment, WORKFLOW_BOT } from './sticky-comment';

const USAGE = `Usage: pr-comment --stack <name> --body <review.md> [--pr <number>]
Creates or updates the pull request's one review comment for <stack> (found by <!-- plan-review:<stack> -->).
A missing --body file (no plan, or the review exited 2) posts that nothing was reviewed.
Environment: GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name), GITHUB_API_URL (default https://api.github.com),
GITHUB_EVENT_PATH (gives the pull request number without --pr), PLAN_REVIEW_COMMENT_AUTHOR (default ${WORKFLOW_BOT}).
Exit codes: 0 the comment is up to date; 2 a setting is missing or GitHub refused.`;

type Environment = Record<string, string | undefined>;

class UsageError extends Error {}

/** Returns the exit code; writes one line to stdout on success and to stderr on failure. */
export async function main(
  argv: readonly string[],
  env: Environment = process.env,
  fetchImpl: typeof fetch = fetch,
): Promise<number> {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { stack: { type: 'string' }, body: { type: 'string' }, pr: { type: 'string' } },
      strict: true,
    });
    if (!values.stack || !values.body) throw new UsageError('--stack and --body are required.');
    const target = {
      repository: required(env, 'GITHUB_REPOSITORY'),
      token: required(env, 'GITHUB_TOKEN'),
      apiUrl: env['GITHUB_API_URL'] || 'https://api.github.com',
      pullRequest: pullRequestNumber(values.pr, env),
      author: env['PLAN_REVIEW_COMMENT_AUTHOR'] || WORKFLOW_BOT,
    };
    const report = existsSync(values.body) ? readFileSync(values.body, 'utf8') : undefined;
    const result = await upsertStickyComment(target, values.stack, commentBody(values.stack, report), fetchImpl);
    process.stdout.write(`pr-comment: ${result.action} ${result.url}\n`);
    return 0;
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`pr-comment: ${(error as Error).message}${usage ? `\n${USAGE}` : ''}\n`);
    return 2;
  }
}

function required(env: Environment, name: string): string {
  const value = env[name];
  if (!value) throw new UsageError(`${name} is not set.`);
  return value;
}

function pullRequestNumber(flag: string | undefined, env: Environment): number {
  const eventPath = env['GITHUB_EVENT_PATH'];
  const fromEvent = () => {
    if (!eventPath || !existsSync(eventPath)) return undefined;
    const event = JSON.parse(readFileSync(eventPath, 'utf8')) as { pull_request?: { number?: unknown } };
    return event.pull_request?.number;
  };
  const number = Number(flag ?? fromEvent());
  if (!Number.isInteger(number) || number <= 0) {
    throw new UsageError('no pull request number: give --pr, or run on a pull_request event (GITHUB_EVENT_PATH).');
  }
  return number;
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
