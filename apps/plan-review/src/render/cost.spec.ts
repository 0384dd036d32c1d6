import { costDelta, estimateCost } from '../cost/estimate';
import { review } from '../review';
import { fixtureSynth, synthModel, synthResource } from '../testing/fixtures';
import { costSection } from './cost';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';

const TODAY = '2026-07-01';
/** The fixture on the instance class dev runs (price-table.json prices it in the fixture's Region). */
const devSynth = () => {
  const synth = fixtureSynth();
  synthResource(synth, 'aws_db_instance').instance_class = 'db.t4g.micro';
  return synth;
};
const estimateOf = (synth = devSynth()) => estimateCost(synthModel(synth), { today: TODAY });

describe('the cost section of the review', () => {
  it('says plainly it is an estimate, with the total, the Region and the price table date', () => {
    const estimate = estimateOf();
    const [, , headline] = costSection({ estimate }, true);
    expect(headline).toMatch(
      /^\*\*\$[\d,]+\.\d\d a month\*\* in ap-northeast-2: an \*\*estimate\*\* at on-demand list prices/,
    );
    expect(headline).toContain(`from the price table of ${estimate.asOf}`);
    expect(headline).toContain(`(${estimate.unverifiedPrices} of the prices used were not read from an AWS page)`);
  });

  it('shows the delta since the base with the largest changed lines, and folds every line away in details', () => {
    const synth = devSynth();
    synthResource(synth, 'aws_db_instance').multi_az = false;
    const before = estimateOf();
    const after = estimateOf(synth);
    const text = costSection({ estimate: after, delta: costDelta('main', before, after) }, true).join('\n');
    const saved = before.totalUsd - after.totalUsd;
    expect(saved).toBeGreaterThan(0);
    expect(text).toContain(
      `Change since \`main\`: **−$${saved.toFixed(2)} a month** (from $${before.totalUsd.toFixed(2)}).`,
    );
    expect(text).toMatch(/^- database\/instance: instance db\.t4g\.micro, Single-AZ: \$[\d.]+ → \$[\d.]+$/m);
    expect(text.indexOf('Change since')).toBeLessThan(text.indexOf('<details>'));
    expect(text).toContain('| Resource');
  });

  it('says when the Region is not in the price table instead of showing $0', () => {
    const synth = devSynth();
    synth.provider.aws[0].region = 'eu-central-2';
    const text = costSection({ estimate: estimateOf(synth) }, true).join('\n');
    expect(text).toContain('**No estimate**: the price table');
    expect(text).toContain('has no prices for its Region, eu-central-2,');
    expect(text).not.toMatch(/\*\*\$0\.00 a month\*\*/);
    expect(text).toMatch(/\*\*Not priced\*\* \(not counted in the total\): \d+ resources/);
  });

  it('keeps a small change to one screen: without the details, the section is a handful of lines', () => {
    const before = estimateOf();
    const synth = devSynth();
    synthResource(synth, 'aws_db_instance').allocated_storage = 40;
    const after = estimateOf(synth);
    expect(costSection({ estimate: after, delta: costDelta('main', before, after) }, false).length).toBeLessThanOrEqual(
      10,
    );
  });

  it('goes into the Markdown comment after the failures, and into the JSON report as data', () => {
    const model = synthModel(fixtureSynth());
    const estimate = estimateCost(model, { today: TODAY });
    const input = { model, review: review(model, { today: TODAY }), cost: { estimate } };
    const markdown = renderMarkdown(input);
    expect(markdown.indexOf('### Estimated monthly cost')).toBeLessThan(markdown.indexOf('### Policy checks'));
    const json = JSON.parse(renderJson(input));
    expect(json.cost.estimate).toMatchObject({
      region: 'ap-northeast-2',
      totalUsd: estimate.totalUsd,
      asOf: estimate.asOf,
    });
    expect(json.cost.estimate.lines.length).toBe(estimate.lines.length);
  });
});
