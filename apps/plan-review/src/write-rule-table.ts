import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES_PAGE, rulesPage, withRuleTable } from './render/rule-table';
import { WORKSPACE_ROOT } from './repository/workspace';

/** `npx nx run plan-review:readme`: rewrites the rule table of docs/plan-review.md and docs/plan-review-rules.md. */
const readme = join(WORKSPACE_ROOT, 'docs/plan-review.md');
writeFileSync(readme, withRuleTable(readFileSync(readme, 'utf8')));
const page = join(WORKSPACE_ROOT, 'docs', RULES_PAGE);
writeFileSync(page, rulesPage());
process.stdout.write(`rewrote the rule table in ${readme} and ${page}\n`);
