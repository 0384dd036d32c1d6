import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '../repository/workspace';
import { COST_DOC, COST_DOC_ENVIRONMENTS, estimateOfSynth, expectedCostDoc, offlineSynthOf } from './cost-docs';

/**
 * docs/cost.md quotes the estimate of the real dev and prod synths (made by `infra:offline-plans`, which
 * plan-review:integration depends on); it must read exactly as generated, so a change to the stacks or the price table
 * that moves a number fails here until `npx nx run plan-review:cost-docs` rewrites it.
 */
describe('docs/cost.md', () => {
  it('quotes the estimate of every environment exactly as generated from its synth', () => {
    const doc = readFileSync(join(WORKSPACE_ROOT, COST_DOC), 'utf8');
    const expected = expectedCostDoc();
    if (doc !== expected) console.log('docs/cost.md is stale: run `npx nx run plan-review:cost-docs`');
    expect(doc).toBe(expected);
  });

  it.each(COST_DOC_ENVIRONMENTS)(
    'prices every resource of %s that costs money (the price table covers its Region and classes)',
    (env) => {
      const estimate = estimateOfSynth(offlineSynthOf(env), env);
      expect(estimate).toMatchObject({ region: 'ap-northeast-2', regionPriced: true, notPriced: [] });
      // The parts the issue names: Multi-AZ instance, storage, proxy, the endpoint in every AZ, the keys.
      for (const component of ['instance', 'storage', 'proxy', 'endpoint-hours', 'key'])
        expect(estimate.lines.some((line) => line.component.startsWith(component))).toBe(true);
    },
  );

  it('costs prod more than dev (a larger instance class, an endpoint AZ more)', () => {
    const [dev, prod] = COST_DOC_ENVIRONMENTS.map((env) => estimateOfSynth(offlineSynthOf(env), env).totalUsd);
    expect(prod).toBeGreaterThan(dev);
  });
});
