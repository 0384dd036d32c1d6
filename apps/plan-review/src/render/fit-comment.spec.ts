import { review } from '../review';
import { fixturePlan, fixtureSynth, planModel, synthModel, type Json, type PlanJson } from '../testing/fixtures';
import { fitComment, GITHUB_COMMENT_LIMIT } from './fit-comment';
import { renderMarkdown } from './markdown';

/** Our fixture plan plus `count` copies of one of its resource changes, each changed by `edit`. */
function withCopies(plan: PlanJson, type: string, count: number, edit: (change: Json, index: number) => void) {
  const original = plan.resource_changes.find((change: Json) => change.type === type);
  const declared = plan.configuration.root_module.resources;
  const configuration = declared.find((resource: Json) => resource.address === original.address);
  for (let index = 0; index < count; index += 1) {
    const copy = structuredClone(original);
    copy.name = `bulk_copy-${index}_0000ABCD`;
    copy.address = `${type}.${copy.name}`;
    edit(copy, index);
    plan.resource_changes.push(copy);
    declared.push({ ...configuration, address: copy.address, name: copy.name });
  }
  return plan;
}

const replaced = (change: Json) =>
  Object.assign(change.change, {
    actions: ['delete', 'create'],
    before: change.change.after,
    replace_paths: [['kms_key_id']],
  });

describe('the Markdown report of a huge plan', () => {
  // 3,000 log groups that pass, 200 that fail (no retention), 40 DB instances replaced.
  const plan = withCopies(
    withCopies(fixturePlan(), 'aws_cloudwatch_log_group', 3_200, (change, index) => {
      if (index < 200) delete change.change.after.retention_in_days;
    }),
    'aws_db_instance',
    40,
    replaced,
  );
  const model = planModel(plan);
  const outcome = review(model);
  const markdown = renderMarkdown({ model, review: outcome });
  const full = renderMarkdown({ model, review: outcome }, Number.MAX_SAFE_INTEGER);

  it('would not fit one comment whole, and fits once shortened', () => {
    expect(full.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    expect(markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
  });

  it('keeps the summary, every failure and every stateful replacement', () => {
    expect(markdown).toMatch(/^## Plan review: `stack` \(plan, environment dev\)\n\n\*\*FAIL\*\*/);
    const failures = markdown.match(/^- \*\*log-group-retention\*\* \(\w+\): /gm) ?? [];
    expect(failures).toHaveLength(200);
    expect(markdown.match(/^- \*\*REPLACE `aws_db_instance\./gm)).toHaveLength(40);
  });

  it('drops the diagram and the inventory first, and says so, pointing at the JSON report', () => {
    expect(full).toContain('### Architecture');
    expect(full).toContain('<summary>Every resource</summary>');
    expect(markdown).not.toContain('### Architecture');
    expect(markdown).not.toContain('<summary>Every resource</summary>');
    expect(markdown).toMatch(
      /^> \*\*Shortened to fit one GitHub comment \(65,536 characters\)\.\*\* Left out: the architecture diagram; .*The JSON report \(`--format json`\) has everything\.$/m,
    );
  });
});

describe('the Markdown report when the failures alone exceed one comment', () => {
  // Every copy of the log group keeps its logs forever: 3,000 failures, about four times what one comment holds.
  // (Log groups, because few rules look at them: a huge plan of them reviews in a second.)
  const plan = withCopies(
    withCopies(fixturePlan(), 'aws_cloudwatch_log_group', 3_000, (change) => {
      delete change.change.after.retention_in_days;
    }),
    'aws_db_instance',
    40,
    replaced,
  );
  const model = planModel(plan);
  const outcome = review(model);
  const markdown = renderMarkdown({ model, review: outcome });
  const total = outcome.results.flatMap((result) => result.findings.filter((found) => !found.passed)).length;

  it('truncates the failure list with a count, still within the limit', () => {
    expect(total).toBeGreaterThanOrEqual(3_000);
    expect(markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    const shown = (markdown.match(/^- \*\*[a-z0-9-]+\*\* \(\w+\): /gm) ?? []).length;
    expect(shown).toBeGreaterThan(500);
    expect(markdown).toContain(`- … and ${total - shown} more failures (the JSON report lists them all)`);
    expect(markdown).toMatch(new RegExp(`Left out: .*; ${total - shown} of the ${total} failures\\.`));
    expect(markdown.match(/^- \*\*REPLACE `aws_db_instance\./gm)).toHaveLength(40);
  });
});

describe('a report that fits', () => {
  it('is left whole, without a note', () => {
    const model = synthModel(fixtureSynth());
    const markdown = renderMarkdown({ model, review: review(model) });
    expect(markdown).toContain('### Architecture');
    expect(markdown).not.toContain('Shortened to fit');
  });

  it('as a last resort, is cut with a note when one line alone is longer than the limit', () => {
    const text = fitComment([{ name: 'summary', lines: ['x'.repeat(500)] }], [], 100);
    expect(text.length).toBeLessThanOrEqual(100);
    expect(text).toContain('cut here to fit one GitHub comment');
  });
});
