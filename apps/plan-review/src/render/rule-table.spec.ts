import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../rules';
import { WORKSPACE_ROOT } from '../repository/workspace';
import { DOCUMENTED_RULES, RULES_PAGE, ruleTable, rulesPage, withRuleTable } from './rule-table';

describe('the rule table', () => {
  const table = ruleTable();

  it('has a row per rule, linked to its section, with its severity and its checkov and trivy ids', () => {
    expect(table.split('\n')).toHaveLength(allRules.length + 3);
    expect(table).toMatch(
      /^\| \[`rds-not-public`\]\(plan-review-rules\.md#rds-not-public\) +\| critical +\| CKV_AWS_17 +\| +\| RDS instance is not publicly accessible +\|$/m,
    );
    expect(table).toMatch(/^\| \[`rds-encrypted-with-cmk`\]\([^)]+\) +\| high +\| CKV_AWS_16 +\| AWS-0080 +\| /m);
    expect(table).toMatch(/^\| \[`suppression-has-reason`\]\([^)]+\) +\| medium +\| +\| +\| Every suppression names/m);
  });

  it('docs/plan-review-rules.md is exactly as generated, one section per rule under its id', () => {
    const page = readFileSync(join(WORKSPACE_ROOT, 'docs', RULES_PAGE), 'utf8');
    expect(page).toBe(rulesPage());
    for (const rule of DOCUMENTED_RULES) expect(page).toContain(`\n## \`${rule.id}\`\n`);
  });

  it('keeps IAM patterns literal in prose: iam:Pass* is not emphasis', () => {
    const page = rulesPage([{ ...DOCUMENTED_RULES[0], title: 'no iam:Pass* or kms:Create* on `a_b*`' }]);
    expect(page).toContain('**no iam:Pass\\* or kms:Create\\* on `a_b*`.**');
  });

  it('is quoted in docs/plan-review.md exactly as generated (npx nx run plan-review:readme rewrites it)', () => {
    const readme = readFileSync(join(WORKSPACE_ROOT, 'docs/plan-review.md'), 'utf8');
    const expected = withRuleTable(readme, table);
    if (readme !== expected) console.log(`The rule table of docs/plan-review.md should be:\n${table}`);
    expect(readme).toBe(expected);
  });

  it('replaces only what is between the markers', () => {
    const readme =
      'before\n<!-- rule-table: generated from the rules by `npx nx run plan-review:readme` -->\nold\n<!-- /rule-table -->\nafter\n';
    expect(withRuleTable(readme, '| a |')).toBe(
      'before\n<!-- rule-table: generated from the rules by `npx nx run plan-review:readme` -->\n\n| a |\n\n<!-- /rule-table -->\nafter\n',
    );
  });
});
