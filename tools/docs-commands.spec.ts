import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A documented command whose output is machine-read (piped, or redirected into a file) must give clean output as
 * written: `npm run` prints its `> script` banner on stdout unless told `--silent`
 * (https://docs.npmjs.com/cli/v11/commands/npm-run#silent), which would break every `… --json > file` and `| jq`.
 * plan-review's documented-commands integration spec runs one such command exactly as written and parses it.
 */
const ROOT = path.resolve(__dirname, '..');
const DOCS = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).map((file) => `docs/${file}`)].filter((file) =>
  file.endsWith('.md'),
);

/** Shell lines of the docs' code blocks, with `\`-continued lines joined. */
export function documentedShellLines(markdown: string): string[] {
  const lines: string[] = [];
  let inCode = false;
  let pending = '';
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      inCode = !inCode;
      continue;
    }
    // Inline commands in prose count too: `npm run … > x` written between backticks.
    const candidates = inCode ? [line] : [...line.matchAll(/`([^`]*npm run[^`]*)`/g)].map((match) => match[1]);
    for (const candidate of candidates) {
      const joined = pending + candidate;
      if (joined.trimEnd().endsWith('\\')) {
        pending = joined.trimEnd().slice(0, -1) + ' ';
        continue;
      }
      pending = '';
      lines.push(joined.trim());
    }
  }
  return lines;
}

/** npm commands that print their banner before the script's output. */
const NPM_SCRIPT = /\bnpm (?:run|run-script|test|start)\b/;

/** Whether npm was told to be quiet anywhere before the script's own arguments (`--silent`, `-s`, `--loglevel silent`). */
export function npmIsSilent(line: string): boolean {
  const npmPart = line.split(/\s--\s/)[0];
  return /\s(--silent|-s|--loglevel[= ]silent)\b/.test(npmPart);
}

/** Whether a shell line hands `npm run`'s stdout to a pipe or a file. */
export function npmOutputIsMachineRead(line: string): boolean {
  // Placeholders (`<ref>`, `[--out <file>]`) and escaped table pipes (`md\|json`) are not shell syntax.
  const command = line
    .replace(/\s#.*$/, '')
    .replace(/<[^<>]*>/g, 'X')
    .replace(/\\\|/g, ',');
  return NPM_SCRIPT.test(command) && /(^|[^|])\|(?!\|)|(^|[^2&])>(?!&)/.test(command.split(NPM_SCRIPT)[1] ?? '');
}

describe('documented commands that write machine output', () => {
  it.each(DOCS)('in %s run npm silently', (file) => {
    const loud = documentedShellLines(readFileSync(path.join(ROOT, file), 'utf8')).filter(
      (line) => npmOutputIsMachineRead(line) && !npmIsSilent(line),
    );
    expect(loud).toEqual([]);
  });

  it.each([
    ['npm run --silent review -- --format json', true],
    ['npm run review --silent -- --format json', true],
    ['npm run review -- --format json --silent', false],
  ])('reads %j as silent: %s', (line, expected) => {
    expect(npmIsSilent(line)).toBe(expected);
  });

  it('are found where the docs have them (the check is not blind)', () => {
    const all = DOCS.flatMap((file) => documentedShellLines(readFileSync(path.join(ROOT, file), 'utf8')));
    expect(all.filter(npmOutputIsMachineRead).length).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ['npm run review -- --format json | jq .verdict', true],
    ['npm run --silent failover-meter -- --json > failover.json &', true],
    ['npm run failover-meter -- --api http://127.0.0.1:3000 --no-sign --run-id local-1', false],
    ['npm run review -- --env prod --format json --out review.json', false],
    ['npm run review -- --plan p.json 2>&1 >/dev/null || echo failed', true],
    ['npm run review -- --plan <plan.json> [--base <git-ref>] [--format md\\|json] [--out <file>]', false],
    ['npm test -- --json | jq .', true],
  ])('reads %j as machine-read: %s', (line, expected) => {
    expect(npmOutputIsMachineRead(line)).toBe(expected);
  });
});
