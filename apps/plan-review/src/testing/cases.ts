import type { ReviewConfig } from '../config/review-config';
import type { Rule } from '../rules/rule';
import type { SynthJson } from './fixtures';

/** One change to a copy of the fixture synth (testing/fixtures.ts), named for the report. */
export interface CaseChange {
  /** What the change does, as a reader of the spec output should see it: "kms_key_id = alias/aws/secretsmanager". */
  readonly variant: string;
  readonly change: (synth: SynthJson) => void;
  /** The environment to review in, when not the rule's (`prod` for a production-only rule). */
  readonly environment?: string;
}

/**
 * A rule's cases, in `<id>.cases.ts` beside the rule's own file: the fixture passes it (after `setup`), every
 * `failing` change breaks it, every `passing` change is one it must not refuse. rules/rule-cases.spec.ts runs them all
 * and demands a file with at least one failing case for every rule.
 */
export interface RuleCases {
  readonly rule: Rule;
  /** The environment the cases are reviewed in (production-only rules: `prod`); `dev`, the fixture's, otherwise. */
  readonly environment?: string;
  /** The reviewed settings the cases run with (allow-list entries, bounds); none, as the engine's default, otherwise. */
  readonly config?: ReviewConfig;
  /** Makes the fixture pass the rule where it does not as it stands (adds what the rule looks at, fixes the rest). */
  readonly setup?: (synth: SynthJson) => void;
  /** Each breaks what the rule guards: the rule must fail and say why, naming no secret value. */
  readonly failing: readonly CaseChange[];
  /** What the rule must still accept: near misses a careful team writes. */
  readonly passing?: readonly CaseChange[];
  /**
   * A rule that needs this architecture's whole stack (the fixture is an older, smaller one): the spec file, beside
   * the rule, whose cases run it on the real offline synth. `failing` is empty then.
   */
  readonly onRealStack?: string;
}

export function defineCases(cases: RuleCases): RuleCases {
  return cases;
}
