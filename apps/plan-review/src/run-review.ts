import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { costDelta, estimateCost, type CostEstimate } from './cost/estimate';
import { diffModels } from './diff/diff-models';
import { SHARED_BUILD_CAVEAT, synthesizeRevision } from './repository/synth-revision';
import { InputError } from './input/input-error';
import { readJsonFile } from './input/read-json';
import { readModel } from './input/read-model';
import { readReviewedSuppressions, REVIEWED_SUPPRESSIONS_FILE } from './input/reviewed-suppressions';
import { analyzeAccess } from './model/access';
import type { ReviewModel } from './model/types';
import { renderJson } from './render/json';
import { renderMarkdown, type ReportInput } from './render/markdown';
import { RULES_PAGE } from './render/rule-table';
import { renderSarif, type SarifOptions } from './render/sarif';
import { REPOSITORY_REVIEW_CONFIG } from './repository/repository-config';
import { review } from './review';
import { todayUtc } from './suppression-policy';
import { runOfflinePlan, WORKSPACE_ROOT } from './repository/workspace';

export interface ReviewOptions {
  readonly plan?: string;
  readonly synth?: string;
  /** A git ref: its synth is compared with the reviewed stack. */
  readonly base?: string;
  readonly format: 'md' | 'json' | 'sarif';
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

/**
 * Loads the input (making the offline plan when none is given), evaluates the stack's access matrix when the synth is
 * there (the plan's sibling `cdk.tf.json`, or `--synth`), reviews it, and renders the report.
 */
export async function runReview(options: ReviewOptions): Promise<ReviewOutcome> {
  const planPath = options.plan ?? (options.synth ? undefined : runOfflinePlan(options.env ?? 'dev'));
  const read = readModel({ planPath, synthPath: options.synth, environment: options.env });
  const synthPath = options.synth ?? siblingSynth(planPath);
  const model: ReviewModel = synthPath
    ? {
        ...read,
        access: await analyzeAccess(
          readJsonFile(synthPath, 'Synth file'),
          read.accountIds,
          read.stackName,
          options.env !== undefined,
        ),
      }
    : read;
  const reviewedSuppressions = readReviewedSuppressions(
    options.suppressions ?? join(WORKSPACE_ROOT, REVIEWED_SUPPRESSIONS_FILE),
    options.suppressions !== undefined,
  );
  const today = todayUtc();
  const estimate = estimateCost(model, { today });
  const compared = options.base ? diffAgainst(options, model, planPath, today) : undefined;
  const input: ReportInput = {
    model,
    review: review(model, { reviewedSuppressions, today, config: REPOSITORY_REVIEW_CONFIG }),
    diff: compared?.diff,
    cost: { estimate, delta: compared && costDelta(compared.diff.base, compared.baseEstimate, estimate) },
  };
  const report =
    options.format === 'json'
      ? renderJson(input)
      : options.format === 'sarif'
        ? renderSarif(input, sarifOptions(options.synth ?? siblingSynth(planPath) ?? planPath))
        : renderMarkdown(input);
  if (options.out) writeFileSync(options.out, report);
  return { passed: input.review.passed, report: options.out ? undefined : report };
}

function siblingSynth(planPath: string | undefined): string | undefined {
  const candidate = planPath && join(dirname(planPath), 'cdk.tf.json');
  return candidate && existsSync(candidate) ? candidate : undefined;
}

/**
 * Links to the README on GitHub when run in GitHub Actions (its default variables), to the local README otherwise;
 * locations in the reviewed file, relative to the repository root when it is inside it.
 */
function sarifOptions(reviewedFile: string | undefined, env: NodeJS.ProcessEnv = process.env): SarifOptions {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = env;
  const docUri = (page: string) =>
    server && repository
      ? `${server}/${repository}/blob/${sha ?? 'HEAD'}/docs/${page}`
      : pathToFileURL(join(WORKSPACE_ROOT, 'docs', page)).href;
  const readmeUri = docUri('plan-review.md');
  const rulesUri = docUri(RULES_PAGE);
  const { version } = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'package.json'), 'utf8')) as { version: string };
  if (!reviewedFile) return { readmeUri, rulesUri, toolVersion: version };
  const absolute = resolve(reviewedFile);
  const fromRoot = relative(WORKSPACE_ROOT, absolute);
  const inside = fromRoot !== '' && !fromRoot.startsWith('..') && !isAbsolute(fromRoot);
  return {
    readmeUri,
    rulesUri,
    toolVersion: version,
    artifact: {
      uri: inside ? fromRoot.split(sep).join('/') : pathToFileURL(absolute).href,
      relative: inside,
      text: readFileSync(absolute, 'utf8'),
    },
  };
}

/** The changes since the base, and the base's cost estimate (what the change's cost delta is measured from). */
function diffAgainst(
  options: ReviewOptions,
  model: ReviewModel,
  planPath: string | undefined,
  today: string,
): { diff: NonNullable<ReportInput['diff']>; baseEstimate: CostEstimate } {
  const base = options.base as string;
  const currentSynth = options.synth ?? siblingSynth(planPath);
  if (!currentSynth) {
    throw new InputError('--base compares synths: give --synth <cdk.tf.json>, or keep cdk.tf.json next to the plan.');
  }
  const current = readModel({ synthPath: currentSynth });
  const revision = synthesizeRevision(options.cwd, base, model.stackName ?? options.env ?? 'dev');
  try {
    const previous: ReviewModel = revision.synthPath
      ? readModel({ synthPath: revision.synthPath })
      : { ...current, resources: [] };
    return {
      diff: { base, caveat: SHARED_BUILD_CAVEAT, changes: diffModels(previous, current, [model]) },
      baseEstimate: estimateCost(previous, { today }),
    };
  } finally {
    revision.cleanUp();
  }
}
