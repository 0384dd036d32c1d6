import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withRuleTable } from './render/rule-table';
import { WORKSPACE_ROOT } from './workspace';

/** `npx nx run plan-review:readme`: rewrites the rule table of docs/plan-review.md from the rules. */
const readme = join(WORKSPACE_ROOT, 'docs/plan-review.md');
writeFileSync(readme, withRuleTable(readFileSync(readme, 'utf8')));
process.stdout.write(`rewrote the rule table in ${readme}\n`);
