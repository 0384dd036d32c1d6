import { REPOSITORY_REVIEW_CONFIG } from './repository-config';
import { review } from '../review';
import { allRules } from '../rules';
import { FIXTURE_BOUNDS_CONFIG, fixtureSynth, synthModel, synthResource } from '../testing/fixtures';

describe("the repository's reviewed settings", () => {
  it('are the bounds the rule specs test (testing/fixtures.ts FIXTURE_BOUNDS_CONFIG)', () => {
    expect(REPOSITORY_REVIEW_CONFIG.bounds).toEqual(FIXTURE_BOUNDS_CONFIG.bounds);
  });

  it("are not the engine's: without a config a review holds a change to no bound of this repository", () => {
    const synth = fixtureSynth();
    synthResource(synth, 'aws_cloudwatch_metric_alarm', 'api-errors').threshold = 1e9;
    const rules = allRules.filter((rule) => rule.id === 'alarm-threshold-in-configured-band');
    const verdict = (config?: typeof REPOSITORY_REVIEW_CONFIG) =>
      review(synthModel(synth), { rules, config }).results[0].status;
    expect(verdict()).toBe('pass');
    expect(verdict(REPOSITORY_REVIEW_CONFIG)).toBe('fail');
  });
});
