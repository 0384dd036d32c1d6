import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// The review engine (the model, the rules, the review, the reports, the cost estimate) knows nothing of this
// repository: its settings, the infra app's paths and the synth of a base revision live in src/repository/ and
// reach the engine only as arguments (RuleContext.config, ReportInput). This spec keeps it that way.

const SRC = __dirname;
const ENGINE = ['config', 'diff', 'input', 'model', 'render', 'rules', 'review.ts', 'suppression-policy.ts'];
const ENGINE_COST = ['cost/estimate.ts', 'cost/price-table.ts', 'cost/usage-assumptions.ts'];

function sources(path: string): string[] {
  const full = join(SRC, path);
  if (full.endsWith('.ts')) return [full];
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(path, entry.name)) : entry.name.endsWith('.ts') ? [join(full, entry.name)] : [],
  );
}

/** The engine's production modules: no specs, no cases (they run on the repository's fixtures). */
const engineFiles = [...ENGINE, ...ENGINE_COST]
  .flatMap(sources)
  .filter((file) => !/\.(spec|cases)\.ts$/.test(file) && !file.includes('fixture-edits'));

const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s+'(\.{1,2}\/[^']+)'/g)].map((match) =>
    resolve(dirname(file), match[1]),
  );

describe('the review engine', () => {
  it('has modules to check (the list above still names real folders)', () => {
    expect(engineFiles.length).toBeGreaterThan(100);
  });

  it('imports nothing of the repository: not src/repository/, not testing/, not a JSON file of the app', () => {
    const problems = engineFiles.flatMap((file) =>
      importsOf(file)
        .filter((target) => {
          const inSrc = relative(SRC, target);
          return (
            inSrc.startsWith('repository') ||
            inSrc.startsWith('testing') ||
            (target.endsWith('.json') && !inSrc.startsWith('cost'))
          );
        })
        .map((target) => `${relative(SRC, file)} imports ${relative(SRC, target)}`),
    );
    expect(problems).toEqual([]);
  });
});
