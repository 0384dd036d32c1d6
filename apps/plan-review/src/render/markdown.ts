import type { ResourceDiff } from '../diff/diff-models';
import { label } from '../model/lookup';
import type { Resource, ReviewModel } from '../model/types';
import type { Review, RuleResult, SuppressionUse } from '../review';
import { SEVERITIES } from '../rules/rule';
import { costSection, type CostReport } from './cost';
import { mermaidDiagram } from './diagram';
import { fitComment, GITHUB_COMMENT_LIMIT, type Cut, type ReportSection } from './fit-comment';
import { ACTIONS, inventoryOf, STATEFUL_TYPES, type Inventory } from './inventory';

export interface ReportInput {
  readonly model: ReviewModel;
  readonly review: Review;
  /** `caveat`: what the comparison cannot show, printed under its heading. */
  readonly diff?: { readonly base: string; readonly caveat?: string; readonly changes: ResourceDiff };
  /** The monthly cost estimate (and its delta since the base); the report has no cost section without it. */
  readonly cost?: CostReport;
}

const STATUS: Record<RuleResult['status'], string> = {
  pass: 'pass',
  fail: '**FAIL**',
  suppressed: 'suppressed',
  'not-applicable': 'n/a',
};

/**
 * The review as Markdown for a pull request comment, always within `limit` characters (one GitHub comment). When the
 * whole report is longer, the summary, every failure and every stateful delete or replacement stay; the diagram goes
 * first, then the inventory, the passing rows of the rule table, the diff details, the suppressions and the rule
 * table; the report says what it left out.
 */
export function renderMarkdown({ model, review, diff, cost }: ReportInput, limit = GITHUB_COMMENT_LIMIT): string {
  const inventory = inventoryOf(model);
  // The verdict and the change first (stateful replacements, then what changed since the base), then what fails.
  const sections: ReportSection[] = [
    { name: 'summary', lines: summary(model, review, inventory) },
    statefulSection(inventory.statefulChanges),
    ...(diff ? [{ name: 'diff', lines: diffSection(diff, true) }] : []),
    failureSection(review),
    ...(cost ? [{ name: 'cost', lines: costSection(cost, true) }] : []),
    { name: 'policy', lines: policySection(review.results) },
    { name: 'suppressions', lines: suppressionSection(review) },
    { name: 'inventory', lines: inventorySection(inventory, true) },
    { name: 'diagram', lines: ['### Architecture', '', '```mermaid', mermaidDiagram(model), '```', ''] },
  ];
  const cuts: Cut[] = [
    { section: 'diagram', lines: [], leftOut: 'the architecture diagram' },
    { section: 'inventory', lines: inventorySection(inventory, false), leftOut: 'the list of every resource' },
    { section: 'inventory', lines: [], leftOut: 'the inventory by construct' },
    ...(cost ? [{ section: 'cost', lines: costSection(cost, false), leftOut: 'the cost lines' }] : []),
    ...(diff
      ? [
          { section: 'diff', lines: diffSection(diff, false), leftOut: `the attribute changes since \`${diff.base}\`` },
          { section: 'diff', lines: [], leftOut: `the changes since \`${diff.base}\`` },
        ]
      : []),
    { section: 'suppressions', lines: [], leftOut: 'the suppression table' },
    { section: 'policy', lines: [], leftOut: 'the rule table' },
  ];
  return fitComment(sections, cuts, limit, ['failures', 'stateful']);
}

function summary(model: ReviewModel, review: Review, inventory: Inventory): string[] {
  const count = (status: RuleResult['status']) => review.results.filter((result) => result.status === status).length;
  const totals = ACTIONS.filter((action) => inventory.totals[action]).map(
    (action) => `${inventory.totals[action]} ${action}`,
  );
  // A plan made without state (the offline plan) shows every resource as a create: say so rather than pretend the
  // change creates the whole stack.
  const withoutState =
    model.kind === 'plan' &&
    model.resources.length > 0 &&
    model.resources.every((resource) => resource.action === 'create' && resource.before === undefined);
  const resources = withoutState
    ? `${model.resources.length} resources, all shown as new: the plan was made without state (as the offline plan is), so it cannot tell what changes`
    : `${model.resources.length} resources: ${totals.join(', ') || 'none'}`;
  return [
    `## Plan review: \`${model.stackName ?? 'stack'}\` (${model.kind}, environment ${model.environment ?? 'unknown'})`,
    '',
    `**${review.passed ? 'PASS' : 'FAIL'}**: ${count('fail')} failed, ${count('pass')} passed, ${count(
      'suppressed',
    )} suppressed; ${count('not-applicable')} do not apply (nothing of their kind here). ${resources}.`,
    '',
  ];
}

function statefulSection(changes: readonly Resource[]): ReportSection {
  if (!changes.length) return { name: 'stateful', lines: [] };
  const line = (resource: Resource) => {
    const cause = resource.replacedBecause
      ? `, forced by ${resource.replacedBecause.map((path) => `\`${path}\``).join(', ')}`
      : '';
    return `- **${resource.action.toUpperCase()} \`${resource.address}\` (${label(resource)})${cause}**`;
  };
  return {
    name: 'stateful',
    lines: ['### Stateful resources deleted or replaced', '', ...changes.map(line), ''],
    list: { start: 2, count: changes.length, noun: 'stateful deletes and replacements' },
  };
}

/** The most severe first (critical, high, medium, low); the review's order within a severity. */
function bySeverity(results: readonly RuleResult[]): RuleResult[] {
  return [...results].sort((a, b) => SEVERITIES.indexOf(a.rule.severity) - SEVERITIES.indexOf(b.rule.severity));
}

function failureSection(review: Review): ReportSection {
  const failures = bySeverity(review.results).flatMap((result) =>
    result.findings
      .filter((found) => !found.passed && !found.suppressedBecause)
      .map((found) => {
        const refused = found.suppressionRefused ? ` (suppression not counted: ${found.suppressionRefused})` : '';
        return `- **${result.rule.id}** (${result.rule.severity}): ${cell(found.message)}${refused}`;
      }),
  );
  if (!failures.length) return { name: 'failures', lines: [] };
  return {
    name: 'failures',
    lines: ['### Failures', '', ...failures, ''],
    list: { start: 2, count: failures.length, noun: 'failures' },
  };
}

/**
 * The rule table: a row for each rule that fails or is suppressed; passing rules collapse to a count with their ids
 * folded away, and rules that do not apply are counted apart (they checked nothing, so they are not passes).
 */
function policySection(results: readonly RuleResult[]): string[] {
  const shown = bySeverity(results.filter((result) => result.status === 'fail' || result.status === 'suppressed'));
  const passing = results.filter((result) => result.status === 'pass');
  const notApplicable = results.filter((result) => result.status === 'not-applicable');
  const rows = shown.map((result) => {
    const failing = result.findings.filter((found) => !found.passed && !found.suppressedBecause).length;
    const detail =
      result.status === 'not-applicable' ? '' : `${result.findings.length - failing}/${result.findings.length}`;
    const peers = [...result.rule.peers.checkov, ...result.rule.peers.trivy].join(', ');
    return `| ${STATUS[result.status]} | \`${result.rule.id}\` | ${result.rule.severity} | ${peers} | ${cell(result.rule.title)} | ${detail} |`;
  });
  const ids = (list: readonly RuleResult[]) => list.map((result) => `\`${result.rule.id}\``).join(', ');
  return [
    '### Policy checks',
    '',
    ...(rows.length
      ? [
          '| Status | Rule | Severity | Peers | What it checks | Resources ok |',
          '|---|---|---|---|---|---|',
          ...rows,
          '',
        ]
      : []),
    `<details><summary>${passing.length} rules pass${
      notApplicable.length ? `; ${notApplicable.length} do not apply` : ''
    }</summary>`,
    '',
    `Pass: ${ids(passing) || 'none'}.`,
    ...(notApplicable.length ? ['', `Do not apply (nothing of their kind in this stack): ${ids(notApplicable)}.`] : []),
    '',
    '</details>',
    '',
  ];
}

/**
 * One row per suppressed rule and resource: a suppression declared in code and listed in the reviewed file is one
 * suppression, shown with the reviewed file's reason (the one the code owners approved) and both places it is declared.
 */
function suppressionSection(review: Review): string[] {
  if (!review.suppressions.length) return ['### Suppressions', '', 'None.', ''];
  const groups = new Map<string, SuppressionUse[]>();
  for (const use of review.suppressions) {
    const key = `${use.resource}\u0000${use.rule}`;
    groups.set(key, [...(groups.get(key) ?? []), use]);
  }
  const rows = [...groups.values()].map((uses) => {
    const shown = uses.find((use) => use.source !== 'code') ?? uses[0];
    const counted = uses.find((use) => use.status === 'applied') ?? shown;
    const declared = uses
      .map((use) => `${use.source === 'code' ? 'in code' : use.source}${use.expires ? `, expires ${use.expires}` : ''}`)
      .join(' and ');
    return `| ${cell(shown.resource)} | \`${shown.rule}\` | ${cell(shown.reason)} | ${declared} | ${cell(USE[counted.status](counted))} |`;
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

function diffSection({ base, caveat, changes }: NonNullable<ReportInput['diff']>, withAttributes: boolean): string[] {
  const entries = changes.added.map((resource) => `- added \`${resource.address}\` (${label(resource)})`);
  for (const resource of changes.removed) {
    const text = `removed \`${resource.address}\` (${label(resource)})`;
    entries.push(STATEFUL_TYPES.includes(resource.type) ? `- **${text}**` : `- ${text}`);
  }
  for (const { resource, changes: attributes } of changes.changed) {
    entries.push(`- changed \`${resource.address}\` (${label(resource)})`);
    if (withAttributes)
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

function inventorySection(inventory: Inventory, everyResource: boolean): string[] {
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
    ...(everyResource
      ? [
          '<details><summary>Every resource</summary>',
          '',
          '| Construct | Address | Action |',
          '|---|---|---|',
          ...details,
          '',
          '</details>',
          '',
        ]
      : []),
  ];
}

/** Keeps table cells on one line and their pipes from opening new columns. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
