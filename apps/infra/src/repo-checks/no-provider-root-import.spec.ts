import path from 'node:path';
import { WORKSPACE_ROOT } from '../app';
import { filesUnder, readText } from './source-files';

// The provider package root loads every resource class (~3 s, ~560 MB per process): deep paths only.
const ROOT_IMPORT =
  /(?:from\s+|require\(\s*|import\(\s*)['"]@cdktf\/provider-aws(?:\/lib(?:\/index(?:\.js)?)?)?\/?['"]/;

describe('provider imports', () => {
  it('GIVEN every TypeScript and JavaScript source in apps/, libs/ and tools/ THEN none imports @cdktf/provider-aws by its root', () => {
    const sources = ['apps', 'libs', 'tools'].flatMap((folder) =>
      filesUnder(path.join(WORKSPACE_ROOT, folder), (name) => /\.(ts|js|mjs|cjs)$/.test(name)),
    );
    expect(sources.length).toBeGreaterThan(20);
    const offenders = sources
      .filter((file) => ROOT_IMPORT.test(readText(file)))
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
