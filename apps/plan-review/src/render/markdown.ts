import type { ResourceDiff } from '../diff/diff-models';
import { label } from '../model/lookup';
import type { Resource, ReviewModel } from '../model/types';
import type { Review, RuleResult, SuppressionUse } from '../review';
import { mermaidDiagram } from './diagram';
import { ACTIONS, inventoryOf, STATEFUL_TYPES, type Inventory } from './inventory';

export interface ReportInput {
  readonly model: ReviewModel;
  readonly review: Review;
  /** `caveat`: what the comparison cannot show, printed under its heading. */
  readonly diff?: { readonly base: string; readonly caveat?: string; readonly changes: ResourceDiff };
}

const STATUS: Record<RuleResult['status'], string> = {
  pass: 'pass',
  fail: '**FAIL**',
  suppressed: 'suppressed',
  'not-applicable': 'n/a',
};

/** The review as Markdown for a pull request comment. */
export function renderMarkdown({ model, review, diff }: ReportInput): string {
  const inventory = inventoryOf(model);
  return [
    ...summary(model, review, inventory),
    ...statefulSection(inventory.statefulChanges),
    ...failureSection(review),
    ...policySection(review),
    ...suppressionSection(review),
    ...(diff ? diffSection(diff) : []),
    ...inventorySection(inventory),
    '### Architecture',
    '',
    '```mermaid',
    mermaidDiagram(model),
    '```',
    '',
  ].join('\n');
}

function summary(model: ReviewModel, review: Review, inventory: Inventory): string[] {
  const count = (status: RuleResult['status']) => review.results.filter((result) => result.status === status).length;
  const totals = ACTIONS.filter((action) => inventory.totals[action]).map(
    (action) => `${inventory.totals[action]} ${action}`,
  );
  return [
    `## Plan review: \`${model.stackName ?? 'stack'}\` (${model.kind}, environment ${model.environment ?? 'unknown'})`,
    '',
    `**${review.passed ? 'PASS' : 'FAIL'}**: ${count('fail')} failed, ${count('pass')} passed, ${count(
      'suppressed',
    )} suppressed, ` +
      `${count('not-applicable')} not applicable. ${model.resources.length} resources: ${totals.join(', ') || 'none'}.`,
    '',
  ];
}

function statefulSection(changes: readonly Resource[]): string[] {
  if (!changes.length) return [];
  const line = (resource: Resource) => {
    const cause = resource.replacedBecause
      ? `, forced by ${resource.replacedBecause.map((path) => `\`${path}\``).join(', ')}`
      : '';
    return `- **${resource.action.toUpperCase()} \`${resource.address}\` (${label(resource)})${cause}**`;
  };
  return ['### Stateful resources deleted or replaced', '', ...changes.map(line), ''];
}

function failureSection(review: Review): string[] {
  const failures = review.results.flatMap((result) =>
    result.findings
      .filter((found) => !found.passed && !found.suppressedBecause)
      .map((found) => {
        const refused = found.suppressionRefused ? ` (suppression not counted: ${found.suppressionRefused})` : '';
        return `- **${result.rule.id}**: ${cell(found.message)}${refused}`;
      }),
  );
  return failures.length ? ['### Failures', '', ...failures, ''] : [];
}

function policySection(review: Review): string[] {
  const rows = review.results.map((result) => {
    const failing = result.findings.filter((found) => !found.passed && !found.suppressedBecause).length;
    const detail =
      result.status === 'not-applicable' ? '' : `${result.findings.length - failing}/${result.findings.length}`;
    return `| ${STATUS[result.status]} | \`${result.rule.id}\` | ${result.rule.checkovId ?? ''} | ${
      result.rule.trivyId ?? ''
    } | ${cell(result.rule.title)} | ${detail} |`;
  });
  return [
    '### Policy checks',
    '',
    '| Status | Rule | Checkov | Trivy | What it checks | Resources ok |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ];
}

function suppressionSection(review: Review): string[] {
  if (!review.suppressions.length) return ['### Suppressions', '', 'None.', ''];
  const rows = review.suppressions.map((use) => {
    const declared = `${use.source === 'code' ? 'in code' : use.source}${use.expires ? `, expires ${use.expires}` : ''}`;
    return `| ${cell(use.resource)} | \`${use.rule}\` | ${cell(use.reason)} | ${declared} | ${cell(USE[use.status](use))} |`;
  });
  return [
    '### Suppressions',
    '',
    '| Resource | Rule | Reason | Declared | Counted |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ];
}

const USE: Record<SuppressionUse['status'], (use: SuppressionUse) => string> = {
  applied: () => 'yes',
  refused: (use) => `**no**: ${use.refusedBecause}`,
  unused: () => 'not needed (nothing to suppress)',
};

function diffSection({ base, caveat, changes }: NonNullable<ReportInput['diff']>): string[] {
  const entries = changes.added.map((resource) => `- added \`${resource.address}\` (${label(resource)})`);
  for (const resource of changes.removed) {
    const text = `removed \`${resource.address}\` (${label(resource)})`;
    entries.push(STATEFUL_TYPES.includes(resource.type) ? `- **${text}**` : `- ${text}`);
  }
  for (const { resource, changes: attributes } of changes.changed) {
    entries.push(`- changed \`${resource.address}\` (${label(resource)})`);
    entries.push(
      ...attributes.map((change) => `  - \`${change.path}\`: \`${cell(change.before)}\` → \`${cell(change.after)}\``),
    );
  }
  return [
    `### Changes since \`${base}\``,
    '',
    ...(caveat ? [`_${caveat}_`, ''] : []),
    ...(entries.length ? entries : ['No resource changed.']),
    '',
  ];
}

function inventorySection(inventory: Inventory): string[] {
  // The four a reviewer weighs are always shown; no-op, read and planned (synth input) only when present.
  const always = ['create', 'update', 'replace', 'delete'];
  const actions = ACTIONS.filter((action) => always.includes(action) || inventory.totals[action]);
  const header = `| Construct | ${actions.join(' | ')} |`;
  const rows = inventory.groups.map(
    (group) => `| ${group.construct} | ${actions.map((action) => group.counts[action] ?? 0).join(' | ')} |`,
  );
  const details = inventory.groups.flatMap((group) =>
    group.resources.map((resource) => `| ${group.construct} | \`${resource.address}\` | ${resource.action} |`),
  );
  return [
    '### Inventory',
    '',
    header,
    `|---|${actions.map(() => '---').join('|')}|`,
    ...rows,
    '',
    '<details><summary>Every resource</summary>',
    '',
    '| Construct | Address | Action |',
    '|---|---|---|',
    ...details,
    '',
    '</details>',
    '',
  ];
}

/** Keeps table cells on one line and their pipes from opening new columns. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
