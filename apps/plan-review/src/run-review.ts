import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { diffModels } from './diff/diff-models';
import { SHARED_BUILD_CAVEAT, synthesizeRevision } from './diff/synth-revision';
import { InputError } from './input/input-error';
import { readModel } from './input/read-model';
import { readReviewedSuppressions, REVIEWED_SUPPRESSIONS_FILE } from './input/reviewed-suppressions';
import type { ReviewModel } from './model/types';
import { renderJson } from './render/json';
import { renderMarkdown, type ReportInput } from './render/markdown';
import { review } from './review';
import { runOfflinePlan, WORKSPACE_ROOT } from './workspace';

export interface ReviewOptions {
  readonly plan?: string;
  readonly synth?: string;
  /** A git ref: its synth is compared with the reviewed stack. */
  readonly base?: string;
  readonly format: 'md' | 'json';
  /** Writes the report there instead of returning it for stdout. */
  readonly out?: string;
  /** The environment (and, without --plan/--synth, the stack whose offline plan is made). */
  readonly env?: string;
  /** The reviewed suppression file; `review-suppressions.json` at the workspace root (if there is one) by default. */
  readonly suppressions?: string;
  /** Where `--base` looks for the git repository. */
  readonly cwd: string;
}

export interface ReviewOutcome {
  readonly passed: boolean;
  /** The report, unless it was written to `out`. */
  readonly report: string | undefined;
}

/** Loads the input (making the offline plan when none is given), reviews it, and renders the report. */
export function runReview(options: ReviewOptions): ReviewOutcome {
  const planPath = options.plan ?? (options.synth ? undefined : runOfflinePlan(options.env ?? 'dev'));
  const model = readModel({ planPath, synthPath: options.synth, environment: options.env });
  const reviewedSuppressions = readReviewedSuppressions(
    options.suppressions ?? join(WORKSPACE_ROOT, REVIEWED_SUPPRESSIONS_FILE),
    options.suppressions !== undefined,
  );
  const input: ReportInput = {
    model,
    review: review(model, { reviewedSuppressions }),
    diff: options.base ? diffAgainst(options, model, planPath) : undefined,
  };
  const report = options.format === 'json' ? renderJson(input) : renderMarkdown(input);
  if (options.out) writeFileSync(options.out, report);
  return { passed: input.review.passed, report: options.out ? undefined : report };
}

function diffAgainst(options: ReviewOptions, model: ReviewModel, planPath: string | undefined): ReportInput['diff'] {
  const base = options.base as string;
  const currentSynth = options.synth ?? (planPath && join(dirname(planPath), 'cdk.tf.json'));
  if (!currentSynth || !existsSync(currentSynth)) {
    throw new InputError('--base compares synths: give --synth <cdk.tf.json>, or keep cdk.tf.json next to the plan.');
  }
  const current = readModel({ synthPath: currentSynth });
  const revision = synthesizeRevision(options.cwd, base, model.stackName ?? options.env ?? 'dev');
  try {
    const previous: ReviewModel = revision.synthPath
      ? readModel({ synthPath: revision.synthPath })
      : { ...current, resources: [] };
    return { base, caveat: SHARED_BUILD_CAVEAT, changes: diffModels(previous, current, [model]) };
  } finally {
    revision.cleanUp();
  }
}
