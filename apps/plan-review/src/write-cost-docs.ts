import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COST_DOC, expectedCostDoc } from './cost/cost-docs';
import { WORKSPACE_ROOT } from './repository/workspace';

/** `npx nx run plan-review:cost-docs`: rewrites the generated tables of docs/cost.md from the offline synths. */
const doc = join(WORKSPACE_ROOT, COST_DOC);
writeFileSync(doc, expectedCostDoc());
process.stdout.write(`rewrote the cost tables in ${doc}\n`);
