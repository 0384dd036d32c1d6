import { SUPPRESSION_RULE, type RuleIdentity } from '../review';
import { allRules } from '../rules';
import { SEVERITIES, type Severity } from '../rules/rule';
import { markdownTable } from '@rds-platform/markdown-table';

/** Where docs/plan-review.md quotes the table: `npx nx run plan-review:readme` rewrites what is between them. */
export const RULE_TABLE_BEGIN = '<!-- rule-table: generated from the rules by `npx nx run plan-review:readme` -->';
export const RULE_TABLE_END = '<!-- /rule-table -->';

/** The generated page with one section per rule, beside docs/plan-review.md. */
export const RULES_PAGE = 'plan-review-rules.md';

/** Every rule of the review, in the order the review lists them (the registry, then the review's own rule). */
export const DOCUMENTED_RULES: readonly RuleIdentity[] = [...allRules, SUPPRESSION_RULE];

const SEVERITY_MEANING: Record<Severity, string> = {
  critical: 'a hole no change may waive for itself: no suppression counts for it, wherever it is declared',
  high: 'weakens a protection of data or credentials directly (encryption, TLS, least privilege, isolation)',
  medium: 'removes or neuters a guard or a defence in depth (logs, alarms, rotation, backups, retention)',
  low: 'hygiene that keeps operations sane',
};

const ids = (list: readonly string[]) => list.join(', ');

/** Prose for Markdown: `*` and `_` outside code spans are literal (an IAM pattern like iam:Pass* is not emphasis). */
function prose(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/([*_])/g, '\\$1')))
    .join('');
}

/** Every rule as docs/plan-review.md's Markdown table: id (linked to its section), severity, peers, title. */
export function ruleTable(rules: readonly RuleIdentity[] = DOCUMENTED_RULES): string {
  return markdownTable(
    ['Rule', 'Severity', 'Checkov', 'Trivy', 'What it checks'],
    rules.map((rule) => [
      `[\`${rule.id}\`](${RULES_PAGE}#${rule.id})`,
      rule.severity,
      ids(rule.peers.checkov),
      ids(rule.peers.trivy),
      rule.title,
    ]),
  );
}

/** docs/plan-review.md with the text between the markers replaced by the generated table. */
export function withRuleTable(readme: string, table: string = ruleTable()): string {
  const begin = readme.indexOf(RULE_TABLE_BEGIN);
  const end = readme.indexOf(RULE_TABLE_END);
  if (begin < 0 || end < begin)
    throw new Error(`docs/plan-review.md has no ${RULE_TABLE_BEGIN} ... ${RULE_TABLE_END} section`);
  return `${readme.slice(0, begin + RULE_TABLE_BEGIN.length)}\n\n${table}\n\n${readme.slice(end)}`;
}

/**
 * docs/plan-review-rules.md, generated whole from the registry: for each rule what it guards and why, what to do
 * when it fails, the AWS pages its model of AWS comes from, and how it stands to the peers' checks it names. SARIF's
 * help links point at these sections (`#<id>`).
 */
export function rulesPage(rules: readonly RuleIdentity[] = DOCUMENTED_RULES): string {
  const lines = [
    '# Plan review rules',
    '',
    `<!-- generated from the rules by \`npx nx run plan-review:readme\`: edit the rule's own file, not this page -->`,
    '',
    `Every rule of the review (${rules.length}), each defined with its cases in its own file under`,
    '`apps/plan-review/src/rules/<concern>/`. Every severity fails the review unless a suppression that counts',
    'accepts the failure ([suppressions](plan-review.md)); the severity says whether one can, and ranks the alert in',
    'GitHub code scanning:',
    '',
    ...SEVERITIES.map((severity) => `- **${severity}**: ${SEVERITY_MEANING[severity]}.`),
    '',
  ];
  for (const rule of rules) {
    const peers = [...rule.peers.checkov.map((id) => `checkov ${id}`), ...rule.peers.trivy.map((id) => `trivy ${id}`)];
    lines.push(
      `## \`${rule.id}\``,
      '',
      `**${prose(rule.title)}.** Severity: ${rule.severity}. Applies to: ${rule.appliesTo.map((type) => (type.startsWith('aws_') ? `\`${type}\`` : type)).join(', ')}.`,
      '',
    );
    lines.push(prose(rule.description), '', `**When it fails:** ${prose(rule.remediation)}`, '');
    if (rule.docs.length) lines.push('**Sources:**', '', ...rule.docs.map((url) => `- <${url}>`), '');
    lines.push(
      `**Peers:** ${peers.length ? peers.join(', ') : 'none (neither checkov nor trivy has this check)'}.`,
      '',
    );
    for (const difference of rule.differences ?? []) {
      lines.push(`- Differs from ${difference.peer} ${difference.id}: ${prose(difference.difference)}`);
    }
    if (rule.differences?.length) lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
