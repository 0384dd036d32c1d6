import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const WORKSPACE_ROOT = path.resolve(__dirname, '..');

/** The repository's sources in apps/, libs/ and tools/: tracked, or new and not ignored (so a new file counts too). */
function repositorySources(): string[] {
  return execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '--', 'apps', 'libs', 'tools'],
    { cwd: WORKSPACE_ROOT, encoding: 'utf8' },
  )
    .split('\n')
    .filter((file) => /\.(ts|js|mjs|cjs)$/.test(file));
}

// The provider package root loads every resource class (~3 s, ~560 MB per process): deep paths only. A check of the
// whole repository lives in tools, whose test target has every source among its inputs (tools/project.json): in a
// project's own specs it would make that project's tests depend on every file of the repository.
const ROOT_IMPORT =
  /(?:from\s+|require\(\s*|import\(\s*)['"]@cdktf\/provider-aws(?:\/lib(?:\/index(?:\.js)?)?)?\/?['"]/;

describe('provider imports', () => {
  it('GIVEN every TypeScript and JavaScript source in apps/, libs/ and tools/ THEN none imports @cdktf/provider-aws by its root', () => {
    const sources = repositorySources();
    expect(sources.length).toBeGreaterThan(20);
    // A file deleted but not yet staged is still listed by git, and is no source any more.
    const offenders = sources
      .map((file) => path.join(WORKSPACE_ROOT, file))
      .filter((file) => existsSync(file) && ROOT_IMPORT.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(WORKSPACE_ROOT, file));
    expect(offenders).toEqual([]);
  });

  // Built from a constant so this file does not match its own check.
  const provider = '@cdktf/provider-aws';
  it.each([
    [`import { Vpc } from '${provider}';`, true],
    [`import * as aws from "${provider}/lib";`, true],
    [`const aws = require('${provider}/lib/index');`, true],
    [`import { Vpc } from '${provider}/lib/vpc';`, false],
  ])('the check flags %s: %s', (line, flagged) => {
    expect(ROOT_IMPORT.test(line)).toBe(flagged);
  });
});
