import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markdownTable } from '@rds-platform/markdown-table';
import { runReview } from './run-review';
import type { SynthJson } from './testing/fixtures';
import {
  HOSTILE_CHANGES,
  HOSTILE_CLASSES,
  KNOWN_MISSES,
  LEGITIMATE_CHANGES,
  MEASURED_CHANGES,
  type HostileClass,
  type MeasuredChange,
} from './testing/measured-changes';
import { offlinePlanFile } from './testing/offline-plans';

/**
 * How much the review catches, measured on the real dev synth: every change of testing/measured-changes.ts applied
 * to a copy of it, written as cdk.tf.json, and reviewed as the CLI does (runReview, access matrix included). It
 * asserts only what must hold: the synth as it is passes, every legitimate change passes (a failure is a false
 * positive: a review bug), the hostile changes the review passes are exactly KNOWN_MISSES, and the counts it prints.
 */
// Each review takes a second or two (the access matrix); 2 shared cores, so a generous budget and 2 at a time.
const TIMEOUT_MS = 30 * 60_000;
const CONCURRENCY = 2;

type AccessVerdict = 'ran' | 'not applicable' | 'could not run';

interface Outcome {
  readonly change: MeasuredChange;
  /** The review's verdict (exit 0); undefined when the review itself threw (exit 2). */
  readonly passed?: boolean;
  readonly failedRules: readonly { readonly id: string; readonly severity: string }[];
  readonly access?: AccessVerdict;
  readonly error?: string;
  readonly ms: number;
}

interface JsonRule {
  readonly rule: { readonly id: string; readonly severity: string };
  readonly status: string;
  readonly findings: readonly { readonly passed: boolean; readonly message: string }[];
}

const BASELINE: MeasuredChange = {
  id: 'baseline',
  class: 'legitimate',
  description: 'the dev synth as it is',
  change: () => undefined,
  expected: 'passes',
};

function accessVerdict(rules: readonly JsonRule[]): AccessVerdict {
  const access = rules.find((result) => result.rule.id === 'access-least-privilege');
  if (!access || access.status === 'not-applicable') return 'not applicable';
  return access.findings.some((found) => found.message.startsWith('the access analysis could not read the stack'))
    ? 'could not run'
    : 'ran';
}

async function measure(change: MeasuredChange, synth: SynthJson, root: string): Promise<Outcome> {
  const started = Date.now();
  const copy = structuredClone(synth);
  change.change(copy);
  const directory = join(root, change.id);
  mkdirSync(directory);
  const path = join(directory, 'cdk.tf.json');
  writeFileSync(path, JSON.stringify(copy, null, 2));
  try {
    const { passed, report } = await runReview({ synth: path, format: 'json', cwd: directory });
    const rules = (JSON.parse(report ?? '{}') as { rules: JsonRule[] }).rules;
    const failedRules = rules
      .filter((result) => result.status === 'fail')
      .map((result) => ({ id: result.rule.id, severity: result.rule.severity }));
    return { change, passed, failedRules, access: accessVerdict(rules), ms: Date.now() - started };
  } catch (error) {
    return { change, failedRules: [], error: (error as Error).message, ms: Date.now() - started };
  }
}

async function measureAll(changes: readonly MeasuredChange[], synth: SynthJson, root: string): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(changes.length);
  let next = 0;
  const worker = async () => {
    while (next < changes.length) {
      const index = next++;
      outcomes[index] = await measure(changes[index], synth, root);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return outcomes;
}

const caught = (outcome: Outcome) => outcome.passed === false;
const classes = Object.keys(HOSTILE_CLASSES) as HostileClass[];

interface Counts {
  readonly byClass: Record<string, { caught: number; total: number }>;
  readonly hostile: { caught: number; total: number };
  readonly legitimate: { passed: number; total: number };
}

function countsOf(outcomes: readonly Outcome[]): Counts {
  const hostile = outcomes.filter((outcome) => outcome.change.expected === 'caught');
  const legitimate = outcomes.filter((outcome) => outcome.change.expected === 'passes');
  const byClass = Object.fromEntries(
    classes.map((name) => {
      const ofClass = hostile.filter((outcome) => outcome.change.class === name);
      return [name, { caught: ofClass.filter(caught).length, total: ofClass.length }];
    }),
  );
  return {
    byClass,
    hostile: { caught: hostile.filter(caught).length, total: hostile.length },
    legitimate: { passed: legitimate.filter((outcome) => outcome.passed === true).length, total: legitimate.length },
  };
}

/** The counts KNOWN_MISSES implies: what the printed summary must show. */
function expectedCounts(): Counts {
  const missed = (change: MeasuredChange) => Object.hasOwn(KNOWN_MISSES, change.id);
  const byClass = Object.fromEntries(
    classes.map((name) => {
      const ofClass = HOSTILE_CHANGES.filter((change) => change.class === name);
      return [name, { caught: ofClass.filter((change) => !missed(change)).length, total: ofClass.length }];
    }),
  );
  return {
    byClass,
    hostile: {
      caught: HOSTILE_CHANGES.filter((change) => !missed(change)).length,
      total: HOSTILE_CHANGES.length,
    },
    legitimate: { passed: LEGITIMATE_CHANGES.length, total: LEGITIMATE_CHANGES.length },
  };
}

const rulesOf = (outcome: Outcome) =>
  outcome.error
    ? `error: ${outcome.error}`
    : outcome.failedRules.map((rule) => `${rule.id}${rule.severity === 'critical' ? '*' : ''}`).join(', ') || '-';

function summary(outcomes: readonly Outcome[], counts: Counts, seconds: number): string {
  const hostile = outcomes.filter((outcome) => outcome.change.expected === 'caught');
  const legitimate = outcomes.filter((outcome) => outcome.change.expected === 'passes');
  const width = Math.max(...outcomes.map((outcome) => outcome.change.id.length));
  const verdict = (outcome: Outcome) =>
    outcome.error
      ? 'ERROR '
      : outcome.change.expected === 'caught'
        ? caught(outcome)
          ? 'caught'
          : 'MISSED'
        : outcome.passed
          ? 'passes'
          : 'FAILED';
  const line = (outcome: Outcome) =>
    `  ${verdict(outcome)}  ${outcome.change.id.padEnd(width)}  access ${(outcome.access ?? '-').padEnd(14)}  ${rulesOf(outcome)}`;
  const onlySuppressible = hostile.filter(
    (outcome) => caught(outcome) && outcome.failedRules.every((rule) => rule.severity === 'low'),
  );
  const silentAccess = outcomes.filter((outcome) => outcome.access === 'not applicable');
  return [
    `Measured changes to the dev synth: ${outcomes.length} changes (and the synth as it is) reviewed in ${seconds.toFixed(0)} s`,
    '',
    'Hostile changes caught (the review fails), per class:',
    ...classes.map(
      (name) =>
        `  ${name.padEnd(16)} ${String(counts.byClass[name].caught).padStart(3)} / ${counts.byClass[name].total}`,
    ),
    `  ${'all'.padEnd(16)} ${String(counts.hostile.caught).padStart(3)} / ${counts.hostile.total}`,
    `Legitimate changes passed: ${counts.legitimate.passed} / ${counts.legitimate.total}`,
    '',
    'Misses (hostile changes the review passes):',
    ...hostile
      .filter((outcome) => outcome.passed === true)
      .map(
        (outcome) =>
          `  [${outcome.change.class}] ${outcome.change.id}: ${KNOWN_MISSES[outcome.change.id] ?? 'NEW: not in KNOWN_MISSES'}`,
      ),
    '',
    'False positives (legitimate changes the review fails):',
    ...(legitimate.some((outcome) => outcome.passed !== true)
      ? legitimate
          .filter((outcome) => outcome.passed !== true)
          .map((outcome) => `  ${outcome.change.id}: ${rulesOf(outcome)}`)
      : ['  none']),
    '',
    'Caught only by low-severity rules (an in-code suppression expiring within 180 days would waive them):',
    `  ${onlySuppressible.map((outcome) => outcome.change.id).join(', ') || 'none'}`,
    'The access analysis did not apply (its three rules said nothing):',
    `  ${silentAccess.map((outcome) => outcome.change.id).join(', ') || 'none'}`,
    '',
    'Every review (* = a critical rule):',
    ...classes.flatMap((name) => [` ${name}`, ...hostile.filter((outcome) => outcome.change.class === name).map(line)]),
    ' legitimate',
    ...legitimate.map(line),
  ].join('\n');
}

describe('measured changes to the dev synth (how much the review catches)', () => {
  let root: string;
  let baseline: Outcome;
  let outcomes: Outcome[];

  beforeAll(async () => {
    const started = Date.now();
    const synth = JSON.parse(readFileSync(offlinePlanFile('dev', 'cdk.tf.json'), 'utf8')) as SynthJson;
    root = mkdtempSync(join(tmpdir(), 'measured-changes-'));
    [baseline, ...outcomes] = await measureAll([BASELINE, ...MEASURED_CHANGES], synth, root);
    console.log(summary(outcomes, countsOf(outcomes), (Date.now() - started) / 1000));
  }, TIMEOUT_MS);

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('reviews the dev synth as it is as passing (what every change is measured against)', () => {
    expect({ passed: baseline.passed, failed: rulesOf(baseline) }).toEqual({ passed: true, failed: '-' });
  });

  it('measures at least 60 hostile changes, several per class, and at least 20 legitimate ones, each once', () => {
    expect(new Set(MEASURED_CHANGES.map((change) => change.id)).size).toBe(MEASURED_CHANGES.length);
    expect(HOSTILE_CHANGES.length).toBeGreaterThanOrEqual(60);
    expect(LEGITIMATE_CHANGES.length).toBeGreaterThanOrEqual(20);
    for (const name of classes) {
      expect({ name, count: HOSTILE_CHANGES.filter((change) => change.class === name).length >= 5 }).toEqual({
        name,
        count: true,
      });
    }
  });

  it('reviews every change (none makes the review itself throw)', () => {
    expect(
      outcomes.filter((outcome) => outcome.error).map((outcome) => `${outcome.change.id}: ${outcome.error}`),
    ).toEqual([]);
  });

  it('passes every legitimate change (a failure is a false positive: a bug of the review)', () => {
    const falsePositives = outcomes
      .filter((outcome) => outcome.change.expected === 'passes' && outcome.passed !== true)
      .map((outcome) => `${outcome.change.id}: ${rulesOf(outcome)}`);
    expect(falsePositives).toEqual([]);
  });

  it('misses exactly the hostile changes in KNOWN_MISSES (a new miss, or a newly caught one, shows here)', () => {
    const misses = outcomes
      .filter((outcome) => outcome.change.expected === 'caught' && outcome.passed === true)
      .map((outcome) => outcome.change.id);
    expect(misses.sort()).toEqual(Object.keys(KNOWN_MISSES).sort());
  });

  it('prints the counts KNOWN_MISSES implies: caught per class, in all, and legitimate changes passed', () => {
    expect(countsOf(outcomes)).toEqual(expectedCounts());
  });

  it('is quoted in the README exactly as measured (regenerate the table from this spec)', () => {
    const counts = expectedCounts();
    const table = markdownTable(
      ['class of change', 'caught'],
      [
        ...classes.map((name) => [name, `${counts.byClass[name].caught} of ${counts.byClass[name].total}`]),
        ['**all hostile changes**', `**${counts.hostile.caught} of ${counts.hostile.total}**`],
        ['legitimate changes passed', `${counts.legitimate.passed} of ${counts.legitimate.total}`],
      ],
    );
    console.log(`Measured changes:\n${table}`);
    expect(readFileSync(join(__dirname, '../../../docs/plan-review.md'), 'utf8')).toContain(table);
  });
});
