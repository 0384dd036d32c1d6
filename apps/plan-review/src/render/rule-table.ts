import { SUPPRESSION_RULE } from '../review';
import { allRules, type Rule } from '../rules';
import { markdownTable } from '@rds-platform/markdown-table';

type RuleRow = Pick<Rule, 'id' | 'title' | 'checkovId' | 'trivyId' | 'critical'>;

/** Where the README quotes the table: `npx nx run plan-review:readme` rewrites what is between them. */
export const RULE_TABLE_BEGIN = '<!-- rule-table: generated from the rules by `npx nx run plan-review:readme` -->';
export const RULE_TABLE_END = '<!-- /rule-table -->';

/** Every rule of the review as the README's Markdown table: id, whether it is critical, checkov and trivy ids. */
export function ruleTable(rules: readonly RuleRow[] = [...allRules, SUPPRESSION_RULE]): string {
  return markdownTable(
    ['Rule', 'Critical', 'Checkov', 'Trivy', 'What it checks'],
    rules.map((rule) => [
      `\`${rule.id}\``,
      rule.critical ? 'yes' : '',
      rule.checkovId ?? '',
      rule.trivyId ?? '',
      rule.title,
    ]),
  );
}

/** The README with the text between the markers replaced by the generated table. */
export function withRuleTable(readme: string, table: string = ruleTable()): string {
  const begin = readme.indexOf(RULE_TABLE_BEGIN);
  const end = readme.indexOf(RULE_TABLE_END);
  if (begin < 0 || end < begin)
    throw new Error(`docs/plan-review.md has no ${RULE_TABLE_BEGIN} ... ${RULE_TABLE_END} section`);
  return `${readme.slice(0, begin + RULE_TABLE_BEGIN.length)}\n\n${table}\n\n${readme.slice(end)}`;
}
