import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { review } from '../review';
import type { RuleCases } from '../testing/cases';
import { fixtureSynth, synthModel, type SynthJson } from '../testing/fixtures';
import { allRules } from './index';
import type { ReviewConfig } from '../config/review-config';
import type { Rule } from './rule';

// One home per rule (as in trivy-checks and checkov): rules/<concern>/<id>.ts defines it, <id>.cases.ts beside it
// holds its cases. This spec finds both from the registry and runs every case.

const RULES_DIR = __dirname;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

const files = filesUnder(RULES_DIR);
const ruleFileOf = (id: string) => files.find((file) => basename(file) === `${id}.ts`);
const caseFiles = files.filter((file) => file.endsWith('.cases.ts'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loaded = caseFiles.map((file) => ({ file, cases: require(file).default as RuleCases }));

function verdict(rule: Rule, synth: SynthJson, environment: string | undefined, config?: ReviewConfig) {
  const result = review(synthModel(synth, environment), { rules: [rule], config }).results.find(
    (candidate) => candidate.rule.id === rule.id,
  );
  if (!result) throw new Error(`the review did not run ${rule.id}`);
  return result;
}

describe('one home per rule', () => {
  it('every rule of the registry has a file of its own under its concern, and its cases beside it', () => {
    const problems = allRules.flatMap((rule) => {
      const ruleFile = ruleFileOf(rule.id);
      if (!ruleFile) return [`${rule.id}: no ${rule.id}.ts under rules/<concern>/`];
      const where = relative(RULES_DIR, ruleFile);
      if (dirname(ruleFile) === RULES_DIR) return [`${where}: a rule's file belongs in the folder of its concern`];
      const casesFile = ruleFile.replace(/\.ts$/, '.cases.ts');
      const entry = loaded.find((candidate) => candidate.file === casesFile);
      if (!entry) return [`${where}: no ${basename(casesFile)} beside it`];
      return entry.cases.rule === rule ? [] : [`${basename(casesFile)} is not the cases of the registry's ${rule.id}`];
    });
    expect(problems).toEqual([]);
  });

  it('every cases file is beside the rule it names, and that rule is in the registry', () => {
    const problems = loaded.flatMap(({ file, cases }) => {
      const where = relative(RULES_DIR, file);
      if (!allRules.includes(cases.rule)) return [`${where}: ${cases.rule.id} is not in the registry (rules/index.ts)`];
      return basename(file) === `${cases.rule.id}.cases.ts` ? [] : [`${where} holds the cases of ${cases.rule.id}`];
    });
    expect(problems).toEqual([]);
  });

  it('every rule has a failing case, or names the spec that runs it on the real stack', () => {
    const problems = loaded.flatMap(({ file, cases }) => {
      if (cases.onRealStack) {
        const spec = join(dirname(file), cases.onRealStack);
        if (!existsSync(spec)) return [`${cases.rule.id}: no ${cases.onRealStack}`];
        return readFileSync(spec, 'utf8').includes(cases.rule.id)
          ? []
          : [`${cases.onRealStack} never names ${cases.rule.id}`];
      }
      return cases.failing.length ? [] : [`${cases.rule.id} has no failing case`];
    });
    expect(problems).toEqual([]);
  });
});

describe.each(loaded.filter(({ cases }) => !cases.onRealStack).map(({ cases }) => [cases.rule.id, cases] as const))(
  '%s',
  (_id, { rule, environment, config, setup, failing, passing = [] }) => {
    const prepared = () => {
      const synth = fixtureSynth();
      setup?.(synth);
      return synth;
    };

    it('passes on the fixture stack', () => {
      const result = verdict(rule, prepared(), environment, config);
      expect(result.status).toBe('pass');
      expect(result.findings.length).toBeGreaterThan(0);
    });

    it.each(failing.map((change) => [change.variant, change] as const))('fails on %s', (_variant, change) => {
      const synth = prepared();
      change.change(synth);
      const result = verdict(rule, synth, change.environment ?? environment, config);
      expect(result.status).toBe('fail');
      const message = result.findings.filter((found) => !found.passed)[0].message;
      expect(message).toMatch(/\S/);
      // The cases' made-up secret values (testing/fixtures.ts): a finding says where a secret is, never what.
      expect(message).not.toMatch(/Passw0rd/);
    });

    if (passing.length) {
      it.each(passing.map((change) => [change.variant, change] as const))('still passes on %s', (_variant, change) => {
        const synth = prepared();
        change.change(synth);
        expect(verdict(rule, synth, change.environment ?? environment, config).status).toBe('pass');
      });
    }
  },
);
